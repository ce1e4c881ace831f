"""Business-matching events: setup, registrations, requests, meetings, outcomes.

Meetings are between registrations (one per organisation and event), never between people, so an
organisation that sends several representatives cannot get two meetings with the same partner.
A participant's seat in a slot is a row of its own (`Seat`, unique per registration and slot): the
database itself refuses a double booking, even when many people accept requests at once.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from chumchon.accounts.models import Organisation
from chumchon.catalog.models import Category, Listing, Theme
from chumchon.places.models import Area, Community, Province

MONEY: dict[str, Any] = {"max_digits": 12, "decimal_places": 2}


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    PUBLISHED = "published", _("Agendas published")
    CLOSED = "closed", _("Closed")


class Audience(models.TextChoices):
    BOTH = "both", _("Buyers and sellers")
    BUYERS = "buyers", _("Buyers only")
    SELLERS = "sellers", _("Sellers only")


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

    def admits(self, role: str) -> bool:
        if self.audience == Audience.BOTH:
            return True
        return (self.audience == Audience.BUYERS) == (role == Role.BUYER)


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


class Role(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    SELLER = "seller", _("Seller")


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def approved(self) -> RegistrationQuerySet:
        return self.filter(status=RegistrationStatus.APPROVED)

    def of_user(self, user: object) -> RegistrationQuerySet:
        """Registrations of the organisations the person belongs to."""
        return self.filter(organisation__memberships__user=user)


class Registration(models.Model):
    """An organisation taking part in an event as a buyer or a seller."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="matching_registrations")
    community = models.ForeignKey(
        Community,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="matching_registrations",
        verbose_name=_("community"),
    )
    role = models.CharField(_("taking part as"), max_length=8, choices=Role.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=RegistrationStatus.choices, default=RegistrationStatus.PENDING
    )
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="matching_registrations", verbose_name=_("representatives")
    )
    offers = models.ManyToManyField(Listing, blank=True, related_name="+", verbose_name=_("what you offer"))
    offers_text = models.TextField(_("what you offer, in your words"), blank=True)
    seeks_categories = models.ManyToManyField(
        Category, blank=True, related_name="+", verbose_name=_("categories you seek")
    )
    seeks_themes = models.ManyToManyField(Theme, blank=True, related_name="+", verbose_name=_("themes you seek"))
    seeks_areas = models.ManyToManyField(Area, blank=True, related_name="+", verbose_name=_("areas you seek"))
    seeks_provinces = models.ManyToManyField(
        Province, blank=True, related_name="+", verbose_name=_("provinces you seek")
    )
    seeks_text = models.TextField(_("what you seek, in your words"), blank=True)
    languages = models.CharField(
        _("languages"), max_length=100, default="th", help_text=_("Language codes separated by commas, e.g. th,en")
    )
    sessions = models.ManyToManyField(EventSession, blank=True, related_name="+", verbose_name=_("sessions you attend"))
    unavailable_slots = models.ManyToManyField(
        Slot, blank=True, related_name="+", verbose_name=_("slots you cannot make")
    )
    booth = models.CharField(_("booth"), max_length=40, blank=True)
    max_meetings = models.PositiveSmallIntegerField(
        _("most meetings"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    standby = models.BooleanField(
        _("standby for freed slots"), default=False, help_text=_("Offer me meetings freed by no-shows on the day.")
    )
    rejection_reason = models.CharField(_("why it was rejected"), max_length=300, blank=True)
    # Scanned at the door: an unguessable token in the participant's QR code.
    checkin_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    # Feed of the agenda for calendar apps, which cannot log in.
    calendar_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Fingerprint of the published agenda, to tell who must hear of a change after re-publishing.
    agenda_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "organisation__name", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "organisation"], name="registration_one_per_org")]
        indexes = [models.Index(fields=["event", "status", "role"])]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"

    @property
    def code(self) -> str:
        return f"p{self.pk:05d}"

    @property
    def language_list(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]

    @property
    def meeting_limit(self) -> int:
        return min(self.max_meetings or self.event.max_meetings, self.event.max_meetings)


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Withdrawn")


class Priority(models.IntegerChoices):
    LOW = 1, _("Would be nice")
    MEDIUM = 2, _("Important")
    HIGH = 3, _("Must meet")


class MeetingRequestQuerySet(models.QuerySet["MeetingRequest"]):
    def involving(self, registration: Registration) -> MeetingRequestQuerySet:
        return self.filter(Q(a=registration) | Q(b=registration))

    def accepted(self) -> MeetingRequestQuerySet:
        return self.filter(status=RequestStatus.ACCEPTED)

    def pending(self) -> MeetingRequestQuerySet:
        return self.filter(status=RequestStatus.PENDING)


class MeetingRequest(models.Model):
    """A wish for one meeting between two registrations; stored once per pair (a has the smaller id).

    When both sides ask, the two wishes merge into this one row and its weight grows."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="requests")
    a = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    priority_a = models.PositiveSmallIntegerField(
        _("priority of the first side"), choices=Priority.choices, null=True, blank=True
    )
    priority_b = models.PositiveSmallIntegerField(
        _("priority of the second side"), choices=Priority.choices, null=True, blank=True
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    objects = MeetingRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["a", "b"], name="request_one_per_pair"),
            models.CheckConstraint(condition=Q(a__lt=models.F("b")), name="request_pair_ordered"),
            models.CheckConstraint(
                condition=Q(priority_a__isnull=False) | Q(priority_b__isnull=False), name="request_has_a_side"
            ),
        ]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self) -> str:
        return f"{self.a.organisation} – {self.b.organisation}"

    @property
    def code(self) -> str:
        return f"r{self.pk:06d}"

    @property
    def mutual(self) -> bool:
        return self.priority_a is not None and self.priority_b is not None

    @property
    def weight(self) -> int:
        """How much the meeting matters to the optimiser: the sum of both sides' priorities, so a
        request both sides made outweighs any one-sided one."""
        return (self.priority_a or 0) + (self.priority_b or 0)

    def other(self, registration: Registration) -> Registration:
        return self.b if registration.pk == self.a_id else self.a

    def priority_of(self, registration: Registration) -> int | None:
        return self.priority_a if registration.pk == self.a_id else self.priority_b

    def answering_side(self) -> Registration | None:
        """The side whose answer is awaited: the one that did not ask (None once both asked)."""
        if self.mutual:
            return None
        return self.b if self.priority_a is not None else self.a


class PreferenceLevel(models.IntegerChoices):
    NO = 0, _("No thanks")
    LIKE = 1, _("Would like to meet")
    MUST = 3, _("Must meet")


class Preference(models.Model):
    """In preference mode: how much one participant wants to meet another."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="preferences")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="preferences")
    target = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(_("preference"), choices=PreferenceLevel.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("preference")
        verbose_name_plural = _("preferences")
        constraints = [
            models.UniqueConstraint(fields=["registration", "target"], name="preference_one_per_target"),
            models.CheckConstraint(condition=~Q(registration=models.F("target")), name="preference_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} → {self.target_id}: {self.level}"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("No-show")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingSource(models.TextChoices):
    SELF = "self", _("Booked by the participants")
    OPTIMISER = "optimiser", _("Optimiser")
    MANUAL = "manual", _("Placed by the organiser")
    WALK_IN = "walk_in", _("Walk-in on the day")


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def active(self) -> MeetingQuerySet:
        return self.exclude(status=MeetingStatus.CANCELLED)

    def of_registration(self, registration: Registration) -> MeetingQuerySet:
        return self.filter(seats__registration=registration)


class Meeting(models.Model):
    """A request placed in a slot at a table or a booth (or an online room)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings")
    request = models.OneToOneField(MeetingRequest, on_delete=models.CASCADE, related_name="meeting")
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="meetings")
    table = models.ForeignKey(Table, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings")
    booth = models.CharField(_("booth"), max_length=40, blank=True)
    locked = models.BooleanField(_("locked by the organiser"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    source = models.CharField(_("placed by"), max_length=10, choices=MeetingSource.choices)
    room_code = models.CharField(max_length=32, unique=True, editable=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Deals recorded from this meeting (source "matching_event"): the event's confirmed value.
    deals = models.ManyToManyField("inquiries.Deal", blank=True, related_name="matching_meetings")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["slot__starts_at", "id"]
        constraints = [
            # A table holds one meeting per slot.
            models.UniqueConstraint(fields=["slot", "table"], name="meeting_one_per_table_and_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.request} @ {self.slot}"

    @property
    def location(self) -> str:
        if self.event.is_online:
            return str(_("Online"))
        return self.booth or (self.table.name if self.table else "")

    @property
    def link(self) -> str:
        base = self.event.meeting_link_base
        if not (self.event.is_online and base):
            return ""
        return base.rstrip("/") + "/" + self.room_code


class Seat(models.Model):
    """One participant's place in a meeting's slot; unique per participant and slot, so the
    database refuses a double booking whatever the timing."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="seats")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="seats")
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registration", "slot"], name="seat_one_per_slot")]

    def __str__(self) -> str:
        return f"{self.registration_id}@{self.slot_id}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    APPLIED = "applied", _("Applied")
    FAILED = "failed", _("Failed")


class ScheduleRun(models.Model):
    """One run of the optimiser over an event: its progress while it runs and its result."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    incremental = models.BooleanField(default=False)
    time_limit = models.PositiveSmallIntegerField(
        _("time limit (seconds)"), default=30, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    progress = models.FloatField(default=0.0)
    message = models.CharField(max_length=200, blank=True)
    instance = models.JSONField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("optimiser run")
        verbose_name_plural = _("optimiser runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.event} run {self.pk}"


class Interest(models.TextChoices):
    NONE = "none", _("None")
    SOME = "some", _("Some")
    STRONG = "strong", _("Strong")


class NextStep(models.TextChoices):
    NONE = "none", _("No next step")
    SAMPLES = "samples", _("Send samples or a catalogue")
    QUOTE = "quote", _("Send a quote")
    VISIT = "visit", _("Visit the community")
    ORDER = "order", _("Place an order")
    CONTRACT = "contract", _("Sign a contract")


class Outcome(models.Model):
    """What one side says came of a meeting, recorded right after it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outcomes")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="outcomes")
    interest = models.CharField(_("interest"), max_length=8, choices=Interest.choices)
    next_step = models.CharField(_("next step"), max_length=10, choices=NextStep.choices, default=NextStep.NONE)
    expected_value = models.DecimalField(
        _("expected value (THB)"), validators=[MinValueValidator(Decimal("0"))], default=Decimal("0"), **MONEY
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting outcome")
        verbose_name_plural = _("meeting outcomes")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "registration"], name="outcome_one_per_side"),
            models.CheckConstraint(condition=Q(expected_value__gte=0), name="outcome_value_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.registration_id}: {self.interest}"


class FollowUpResult(models.TextChoices):
    NOTHING = "nothing", _("Nothing came of it")
    NEGOTIATING = "negotiating", _("Still negotiating")
    AGREEMENT = "agreement", _("Agreement reached")
    REPEAT = "repeat", _("Repeat orders")


class FollowUp(models.Model):
    """The survey some months after the event: what came of a meeting, in the participant's words."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="follow_ups")
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(_("what came of it"), max_length=12, choices=FollowUpResult.choices, blank=True)
    value = models.DecimalField(
        _("value so far (THB)"), validators=[MinValueValidator(Decimal("0"))], null=True, blank=True, **MONEY
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [models.UniqueConstraint(fields=["meeting", "registration"], name="follow_up_one_per_side")]

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.registration_id}: {self.result or '—'}"
