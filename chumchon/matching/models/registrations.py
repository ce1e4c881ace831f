"""Registrations: an organisation taking part in an event as a buyer or a seller."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from chumchon.accounts.models import Organisation
from chumchon.catalog.models import Category, Listing, Theme
from chumchon.places.models import Area, Community, Province

from .events import Event, EventSession, Role, Slot
from .participants import ParticipantType


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")
    # The role was full when they registered: the first in line moves up when a place opens.
    WAITLISTED = "waitlisted", _("On the waiting list")


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
    participant_type = models.CharField(
        _("type of participant"), max_length=12, choices=ParticipantType.choices, default=ParticipantType.OTHER
    )
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
    # The one automatic nudge to a participant with no meeting request yet (see services.nudges).
    nudged_at = models.DateTimeField(null=True, blank=True, editable=False)
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
