"""Meetings: a request placed in a slot at a table or a booth, and each participant's seat."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .events import Event, Slot, Table
from .registrations import Registration
from .requests import MeetingRequest


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("No-show")
    CANCELLED = "cancelled", _("Cancelled")


class AbsentSide(models.TextChoices):
    """Who did not come to a no-show meeting (sides as in its request: a and b)."""

    NONE = "", _("Nobody")
    A = "a", _("The first participant")
    B = "b", _("The second participant")
    BOTH = "both", _("Neither participant")


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
    # A no-show records who was absent: only their seat is freed (the one who waited keeps hers
    # until a walk-in meeting takes it), and the table is free for a walk-in.
    absent = models.CharField(_("absent"), max_length=4, choices=AbsentSide.choices, blank=True, default="")
    # Moved or cancelled after the agendas were published: both agendas show it as changed, and
    # the calendar entry's SEQUENCE rises so that calendars replace the old one.
    changed_at = models.DateTimeField(_("changed after publishing"), null=True, blank=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
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
            # A table holds one meeting per slot; a no-show's table is free for a walk-in.
            models.UniqueConstraint(
                fields=["slot", "table"],
                condition=~models.Q(status="no_show"),
                name="meeting_one_per_table_and_slot",
            ),
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
        return self.event.room_link(self.room_code)


class Seat(models.Model):
    """One participant's place in a meeting's slot; unique per participant and slot, so the
    database refuses a double booking whatever the timing."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="seats")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="seats")
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="+")
    # A freed seat (its holder was absent, or a walk-in took her time after a no-show) stays on
    # the agenda as a record but no longer holds the slot.
    released = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "slot"], condition=models.Q(released=False), name="seat_one_per_slot"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration_id}@{self.slot_id}"
