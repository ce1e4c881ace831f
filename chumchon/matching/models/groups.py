"""Group sessions: one host at one table in one slot, with several guests who join themselves.

A separate concept from the one-to-one meetings (and outside the optimiser's problem): a group
takes its host's slot and its table, which the one-to-one scheduling treats as busy and taken.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .events import Event, Role, Slot, Table
from .registrations import Registration

GROUP_MIN_GUESTS = 2
GROUP_MAX_GUESTS = 20


class GroupSessionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("group session status", "Open")
    CANCELLED = "cancelled", pgettext_lazy("group session status", "Cancelled")


class GroupSessionQuerySet(models.QuerySet["GroupSession"]):
    def active(self) -> GroupSessionQuerySet:
        return self.filter(status=GroupSessionStatus.OPEN)


class GroupSession(models.Model):
    """A group meeting: a host presents or briefs several guests at one table in one slot."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="group_sessions")
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="group_sessions", verbose_name=_("time"))
    # None for online events (the group gets a room of its own, like a meeting).
    table = models.ForeignKey(
        Table, on_delete=models.PROTECT, null=True, blank=True, related_name="group_sessions", verbose_name=_("table")
    )
    host = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="hosted_groups", verbose_name=_("host")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("places for guests"),
        validators=[MinValueValidator(GROUP_MIN_GUESTS), MaxValueValidator(GROUP_MAX_GUESTS)],
    )
    guest_role = models.CharField(
        _("who may join"), max_length=8, choices=Role.choices, blank=True, help_text=_("Empty: any participant.")
    )
    # Kept by the services with a conditional update, so that two people taking the last place at
    # once never both get it (the check constraint backs it up).
    guest_count = models.PositiveSmallIntegerField(default=0, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=GroupSessionStatus.choices, default=GroupSessionStatus.OPEN
    )
    room_code = models.CharField(max_length=32, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = GroupSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("group session")
        verbose_name_plural = _("group sessions")
        ordering = ["slot__starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "table"], condition=Q(status="open"), name="group_one_per_table_and_slot"
            ),
            models.UniqueConstraint(
                fields=["host", "slot"], condition=Q(status="open"), name="group_host_one_per_slot"
            ),
            models.CheckConstraint(condition=Q(guest_count__lte=F("capacity")), name="group_within_capacity"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def places_left(self) -> int:
        return max(0, self.capacity - self.guest_count)

    @property
    def location(self) -> str:
        if self.event.is_online:
            return str(_("Online"))
        return self.table.name if self.table else ""

    @property
    def link(self) -> str:
        return self.event.room_link(self.room_code)


class GroupGuest(models.Model):
    """A participant's place in a group session; one per participant and slot across groups."""

    group = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="guests")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="group_places")
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField(auto_now_add=True)
    # A place in a cancelled group stays, so the group stays on the guest's agenda marked cancelled,
    # but no longer holds the slot (as a released seat of a meeting).
    released = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("group guest")
        verbose_name_plural = _("group guests")
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "slot"], condition=Q(released=False), name="group_guest_one_per_slot"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id}@{self.group_id}"
