from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chumchon.core.storage import private_storage
from chumchon.places.models import CreativeCity


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class Mou(models.Model):
    """A memorandum of understanding between the agency and a partner, for a number of years."""

    title = models.CharField(_("title"), max_length=200)
    parties = models.TextField(_("parties"), help_text=_("One organisation per line."))
    signed_on = models.DateField(_("signed on"))
    duration_years = models.PositiveSmallIntegerField(_("duration (years)"), default=4)
    cities = models.ManyToManyField(CreativeCity, blank=True, related_name="mous", verbose_name=_("cities"))
    document = models.FileField(_("signed document (PDF)"), storage=private_storage, upload_to="mou/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("MOU")
        verbose_name_plural = _("MOUs")
        ordering = ["-signed_on"]

    def __str__(self) -> str:
        return self.title

    @property
    def ends_on(self) -> dt.date:
        # The day before the anniversary: a 4-year MOU signed 1 Oct 2023 runs to 30 Sep 2027.
        return add_years(self.signed_on, self.duration_years) - dt.timedelta(days=1)

    @property
    def party_list(self) -> list[str]:
        return [line.strip() for line in self.parties.splitlines() if line.strip()]


class ReviewMeeting(models.Model):
    """A (yearly) review meeting of an MOU, with attendees, minutes and decisions."""

    mou = models.ForeignKey(Mou, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("MOU"))
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    attendees = models.TextField(_("attendees"), blank=True, help_text=_("One person per line."))
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)

    class Meta:
        verbose_name = _("review meeting")
        verbose_name_plural = _("review meetings")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programmes:meeting", kwargs={"pk": self.pk})

    @property
    def attendee_list(self) -> list[str]:
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class ActionItemQuerySet(models.QuerySet["ActionItem"]):
    def open(self) -> ActionItemQuerySet:
        return self.filter(status=ActionStatus.OPEN)

    def overdue(self, today: dt.date | None = None) -> ActionItemQuerySet:
        return self.open().filter(due_on__lt=today or timezone.localdate())


class ActionItem(models.Model):
    """Something a review meeting decided someone must do by a date."""

    meeting = models.ForeignKey(
        ReviewMeeting, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("meeting")
    )
    city = models.ForeignKey(
        CreativeCity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("city"),
    )
    title = models.CharField(_("action to take"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="action_items", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=8, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    # The reminder command runs every day (or more often); this keeps it to one e-mail a day.
    last_reminded_on = models.DateField(null=True, blank=True, editable=False)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.status == ActionStatus.OPEN and self.due_on < (today or timezone.localdate())


class ReadinessStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    MET = "met", _("Met")


class ReadinessItem(models.Model):
    """One criterion of a city's readiness checklist for UNESCO, with its evidence and owner."""

    city = models.ForeignKey(
        CreativeCity, on_delete=models.CASCADE, related_name="readiness_items", verbose_name=_("city")
    )
    criterion = models.CharField(_("criterion"), max_length=300)
    status = models.CharField(
        _("status"), max_length=16, choices=ReadinessStatus.choices, default=ReadinessStatus.NOT_STARTED
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="readiness_items",
        verbose_name=_("owner"),
    )
    evidence = models.FileField(_("evidence (PDF)"), storage=private_storage, upload_to="readiness/", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("readiness criterion")
        verbose_name_plural = _("readiness checklist")
        ordering = ["city", "pk"]

    def __str__(self) -> str:
        return self.criterion
