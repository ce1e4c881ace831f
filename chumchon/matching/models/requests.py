"""Meeting requests between two registrations, and preferences (preference mode)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .events import Event
from .registrations import Registration


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
