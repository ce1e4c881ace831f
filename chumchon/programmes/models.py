from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chumchon.core.storage import private_storage
from chumchon.core.thai import fiscal_year_of
from chumchon.places.models import CreativeCity, CreativeField


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
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_mous",
        verbose_name=_("coordinator"),
        help_text=_("The officer who convenes the yearly reviews and is reminded when one is overdue."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # One reminder a day at most about an overdue yearly review (see services.mou_reviews_remind_overdue).
    last_review_reminded_on = models.DateField(null=True, blank=True, editable=False)

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

    def review_due_on(self, number: int) -> dt.date:
        """The day yearly review `number` (1, 2, …) falls due: the signing date plus that many years."""
        return add_years(self.signed_on, number)

    def next_review(self) -> ReviewDue | None:
        """The first yearly review with no meeting recorded for it, or None when all are held.

        Reads `self.meetings.all()`, so a prefetched MOU costs no query.
        """
        held = {meeting.review_number for meeting in self.meetings.all() if meeting.review_number}
        for number in range(1, self.duration_years + 1):
            if number not in held:
                return ReviewDue(mou=self, number=number, due_on=self.review_due_on(number))
        return None


class ReviewState(models.TextChoices):
    OVERDUE = "overdue", _("Overdue")
    DUE = "due", _("Due this fiscal year")
    UPCOMING = "upcoming", _("Upcoming")


@dataclass(frozen=True)
class ReviewDue:
    """A yearly review of an MOU not yet held, and when it falls due."""

    mou: Mou
    number: int
    due_on: dt.date

    def state(self, today: dt.date | None = None) -> ReviewState:
        """Overdue once its day has passed; due when its day falls in the current fiscal year (Oct–Sep)."""
        today = today or timezone.localdate()
        if self.due_on < today:
            return ReviewState.OVERDUE
        if fiscal_year_of(self.due_on) == fiscal_year_of(today):
            return ReviewState.DUE
        return ReviewState.UPCOMING

    @property
    def is_overdue(self) -> bool:
        return self.state() == ReviewState.OVERDUE


class ReviewMeeting(models.Model):
    """A (yearly) review meeting of an MOU, with attendees, minutes and decisions."""

    mou = models.ForeignKey(Mou, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("MOU"))
    held_on = models.DateField(_("date"))
    review_number = models.PositiveSmallIntegerField(
        _("yearly review"),
        null=True,
        blank=True,
        help_text=_("Which yearly review of the MOU this meeting is (1 for the first year); empty for other meetings."),
    )
    title = models.CharField(_("title"), max_length=200)
    attendees = models.TextField(_("attendees"), blank=True, help_text=_("One person per line."))
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)

    class Meta:
        verbose_name = _("review meeting")
        verbose_name_plural = _("review meetings")
        ordering = ["-held_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["mou", "review_number"],
                name="one_meeting_per_yearly_review",
                violation_error_message=_("A meeting is already recorded for this yearly review."),
            )
        ]

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
    evidence = models.FileField(_("evidence (PDF)"), storage=private_storage, upload_to="actions/", blank=True)
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


class CityStage(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    SUBMITTED = "submitted", _("Application submitted")
    DESIGNATED = "designated", _("Designated")
    NOT_DESIGNATED = "not_designated", _("Not designated")


OUTCOMES = (CityStage.DESIGNATED, CityStage.NOT_DESIGNATED)


class CityStatusChange(models.Model):
    """One step on a city's path to the UNESCO network: candidate, submitted, designated or not."""

    city = models.ForeignKey(
        CreativeCity, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("city")
    )
    stage = models.CharField(_("stage"), max_length=16, choices=CityStage.choices)
    on = models.DateField(_("date"))
    target_fiscal_year = models.PositiveSmallIntegerField(
        _("target fiscal year (พ.ศ.)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2547), MaxValueValidator(2643)],
        help_text=_("For a candidate: the fiscal year in which the city means to apply."),
    )
    field = models.CharField(_("UNESCO field"), max_length=32, choices=CreativeField.choices, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("city status change")
        verbose_name_plural = _("city status changes")
        ordering = ["city", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.city} {self.get_stage_display()} {self.on}"
