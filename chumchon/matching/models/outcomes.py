"""What came of the meetings: each side's outcome right after, and the follow-up survey."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .meetings import Meeting
from .registrations import Registration

MONEY: dict[str, Any] = {"max_digits": 12, "decimal_places": 2}


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
