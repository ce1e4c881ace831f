"""Events: the event, its sessions, time slots and tables, and the roles it admits."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chumchon.places.models import Province

from .participants import ParticipantType, pair_key


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", pgettext_lazy("event status", "Open")
    PUBLISHED = "published", _("Agendas published")
    CLOSED = "closed", _("Closed")


class Audience(models.TextChoices):
    BOTH = "both", _("Buyers and sellers")
    BUYERS = "buyers", _("Buyers only")
    SELLERS = "sellers", _("Sellers only")


# Here rather than with the registrations: `Event.admits` asks about a role.
class Role(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    SELLER = "seller", _("Seller")


class RequestMode(models.TextChoices):
    APPROVAL = "approval", _("The other side accepts")
    AUTOMATIC = "automatic", _("Accepted automatically")
    PREFERENCES = "preferences", _("Preferences (must meet / would like / no thanks)")


class SchedulingMode(models.TextChoices):
    SELF = "self", _("Participants pick a slot when a request is accepted")
    ORGANISER = "organiser", _("The organiser runs the optimiser")


class EventQuerySet(models.QuerySet["Event"]):
    def visible(self) -> EventQuerySet:
        """Events anyone may see: everything but drafts."""
        return self.exclude(status=EventStatus.DRAFT)


class Event(models.Model):
    """A business-matching day (or days) at a venue or online."""

    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("short name in the address"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_online = models.BooleanField(_("online event"), default=False)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("province")
    )
    meeting_link_base = models.URLField(
        _("meeting link base (online events)"),
        blank=True,
        help_text=_("Each meeting gets its own room: this address followed by the meeting's code."),
    )
    meeting_minutes = models.PositiveSmallIntegerField(
        _("meeting length (minutes)"), default=20, validators=[MinValueValidator(5), MaxValueValidator(180)]
    )
    break_minutes = models.PositiveSmallIntegerField(
        _("break between meetings (minutes)"), default=5, validators=[MaxValueValidator(120)]
    )
    registration_opens = models.DateTimeField(_("registration opens"))
    registration_closes = models.DateTimeField(_("registration closes"))
    audience = models.CharField(_("who may register"), max_length=8, choices=Audience.choices, default=Audience.BOTH)
    participant_types = models.JSONField(
        _("types of participant who may register"),
        default=list,
        blank=True,
        help_text=_("None chosen: every type may register."),
    )
    meeting_pairs = models.JSONField(
        _("which types may meet which"),
        default=list,
        blank=True,
        help_text=_("None chosen: anyone may meet anyone (a buyer always meets a seller)."),
    )
    buyer_cap = models.PositiveIntegerField(_("most buyers"), null=True, blank=True)
    seller_cap = models.PositiveIntegerField(_("most sellers"), null=True, blank=True)
    request_mode = models.CharField(
        _("meeting requests"), max_length=12, choices=RequestMode.choices, default=RequestMode.APPROVAL
    )
    scheduling_mode = models.CharField(
        _("scheduling"), max_length=10, choices=SchedulingMode.choices, default=SchedulingMode.ORGANISER
    )
    max_meetings = models.PositiveSmallIntegerField(
        _("most meetings per participant"), default=8, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    request_deadline = models.DateTimeField(
        _("requests expire at"),
        null=True,
        blank=True,
        help_text=_("Requests nobody answered by then expire, so they block nobody."),
    )
    reminder_minutes = models.PositiveSmallIntegerField(_("remind before each meeting (minutes)"), default=10)
    status = models.CharField(_("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT)
    published_at = models.DateTimeField(_("agendas published"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("matching event")
        verbose_name_plural = _("matching events")
        ordering = ["-registration_opens", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_closes__gt=models.F("registration_opens")), name="event_registration_window"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("matching:event", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_th

    def registration_is_open(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.status == EventStatus.OPEN and self.registration_opens <= now < self.registration_closes

    def room_link(self, room_code: str) -> str:
        """The address of a meeting's or group's online room ("" when the event meets in person)."""
        if not (self.is_online and self.meeting_link_base):
            return ""
        return self.meeting_link_base.rstrip("/") + "/" + room_code

    def admits(self, role: str) -> bool:
        if self.audience == Audience.BOTH:
            return True
        return (self.audience == Audience.BUYERS) == (role == Role.BUYER)

    def admitted_types(self) -> list[str]:
        """The participant types that may register, in the order of the choices."""
        chosen = set(self.participant_types or [])
        return [value for value in ParticipantType.values if not chosen or value in chosen]

    def admits_type(self, participant_type: str) -> bool:
        return participant_type in self.admitted_types()

    def may_meet(self, first: str, second: str) -> bool:
        """Whether participants of these two types may meet at this event (either order)."""
        return not self.meeting_pairs or pair_key(first, second) in self.meeting_pairs

    def admitted_type_labels(self) -> list[str]:
        """The names of the types that may register (for the event page; empty: all of them)."""
        if not self.participant_types:
            return []
        return [str(ParticipantType(value).label) for value in self.admitted_types()]

    def meeting_pair_labels(self) -> list[str]:
        """The pairs of types that may meet, by name ("Community – Government or agency")."""
        labels = []
        for pair in self.meeting_pairs or []:
            first, _sep, second = pair.partition(":")
            if first in ParticipantType.values and second in ParticipantType.values:
                first, second = sorted((first, second), key=ParticipantType.values.index)
                labels.append(f"{ParticipantType(first).label} – {ParticipantType(second).label}")
        return labels

    def partner_types(self, participant_type: str) -> list[str] | None:
        """The types a participant of this type may meet; None when anyone may meet anyone."""
        if not self.meeting_pairs:
            return None
        return [value for value in ParticipantType.values if self.may_meet(participant_type, value)]


class EventSession(models.Model):
    """A block of consecutive meeting slots: a morning or an afternoon of one day."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    name = models.CharField(_("name"), max_length=100, blank=True)
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts"))
    ends_at = models.TimeField(_("ends"))

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["date", "starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after")
        ]

    def __str__(self) -> str:
        return self.name or f"{self.date} {self.starts_at:%H:%M}"


class Slot(models.Model):
    """A meeting slot; follows from the session, meeting length and breaks (never typed by hand)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    session = models.ForeignKey(EventSession, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")
        ordering = ["starts_at"]
        constraints = [models.UniqueConstraint(fields=["event", "starts_at"], name="slot_unique_start")]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{local:%H:%M}–{timezone.localtime(self.ends_at):%H:%M}"

    @property
    def code(self) -> str:
        return f"s{self.pk}"


class Table(models.Model):
    """A numbered table at the venue where meetings without a booth take place."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tables")
    name = models.CharField(_("name"), max_length=40)

    class Meta:
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="table_unique_name")]

    def __str__(self) -> str:
        return self.name
