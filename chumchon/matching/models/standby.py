"""Standby offers: a meeting freed on the day, offered to the standby participants free then."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .meetings import Meeting
from .registrations import Registration


class StandbyOfferStatus(models.TextChoices):
    OPEN = "open", _("Offered")
    TAKEN = "taken", _("Taken")
    GONE = "gone", _("Taken by someone else")


class StandbyOffer(models.Model):
    """A freed meeting offered to one standby participant: meet the side who waited, in the same
    slot and at the same table. The first to accept gets it (`services.standby_offer_accept`)."""

    freed = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="standby_offers")
    # The side who is still there and would meet the standby participant.
    waiting = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="standby_offers")
    status = models.CharField(
        _("status"), max_length=8, choices=StandbyOfferStatus.choices, default=StandbyOfferStatus.OPEN
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("meeting")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("standby offer")
        verbose_name_plural = _("standby offers")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["freed", "waiting", "registration"], name="standby_offer_once"),
            # Whatever the timing, a freed meeting is taken once.
            models.UniqueConstraint(
                fields=["freed", "waiting"], condition=models.Q(status="taken"), name="standby_offer_taken_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} ← {self.freed_id}"
