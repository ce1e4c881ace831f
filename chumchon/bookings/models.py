"""Bookings of experience sessions, and the payment each one's buyer makes to the community directly."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from chumchon.accounts.models import Organisation, User
from chumchon.catalog.models import Listing, Session
from chumchon.core.storage import private_storage
from chumchon.inquiries.models import Deal
from chumchon.places.models import Community

MONEY = {"max_digits": 12, "decimal_places": 2}


class BookingMode(models.TextChoices):
    REQUEST = "request", _("Request to book: we accept or decline each request")
    INSTANT = "instant", _("Instant booking: free seats are booked at once")


class BookingTerms(models.Model):
    """How a listing's sessions are booked: instantly or on request, how soon the seller answers, what a cancellation costs."""

    listing = models.OneToOneField(Listing, on_delete=models.CASCADE, related_name="booking_terms")
    mode = models.CharField(
        _("how people book"), max_length=16, choices=BookingMode.choices, default=BookingMode.REQUEST
    )
    response_hours = models.PositiveSmallIntegerField(
        _("we answer requests within (hours)"),
        default=48,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
        help_text=_("A request left unanswered this long expires and frees its seats."),
    )
    cancellation_policy_th = models.TextField(_("cancellation policy (Thai)"), blank=True)
    cancellation_policy_en = models.TextField(_("cancellation policy (English)"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("booking terms")
        verbose_name_plural = _("booking terms")
        constraints = [
            models.CheckConstraint(
                condition=Q(response_hours__gte=1, response_hours__lte=168), name="booking_terms_response_hours"
            )
        ]

    def __str__(self) -> str:
        return f"{self.listing_id}: {self.mode}"

    @property
    def is_instant(self) -> bool:
        return self.mode == BookingMode.INSTANT

    @property
    def cancellation_policy(self) -> str:
        if translation.get_language() == "en" and self.cancellation_policy_en:
            return self.cancellation_policy_en
        return self.cancellation_policy_th


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted: waiting for payment")
    PAID = "paid", _("Paid")
    COMPLETED = "completed", _("Completed")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired: not answered in time")
    NO_SHOW = "no_show", _("Did not come")


#: Statuses whose seats are taken; the others have given theirs back.
HOLDS_SEATS = (
    BookingStatus.REQUESTED,
    BookingStatus.ACCEPTED,
    BookingStatus.PAID,
    BookingStatus.COMPLETED,
    BookingStatus.NO_SHOW,
)


class SlipKind(models.TextChoices):
    IMAGE = "image", _("Photo")
    PDF = "pdf", _("PDF")


class Booking(models.Model):
    """Seats of one session booked by one person, and the payment they make to the community."""

    reference = models.CharField(_("reference"), max_length=12, unique=True)
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("date"))
    listing = models.ForeignKey(Listing, on_delete=models.PROTECT, related_name="bookings")
    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="bookings")
    seller = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="bookings_received")
    buyer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("booked by"))
    people = models.PositiveIntegerField(_("number of people"))
    unit_price = models.DecimalField(_("price (THB)"), **MONEY)  # type: ignore[arg-type]
    per_group = models.BooleanField(_("price per group"), default=False)
    amount = models.DecimalField(_("amount to pay (THB)"), **MONEY)  # type: ignore[arg-type]
    status = models.CharField(
        _("status"), max_length=16, choices=BookingStatus.choices, default=BookingStatus.REQUESTED, db_index=True
    )
    note = models.TextField(_("message to the community"), blank=True)
    reason = models.CharField(_("reason given"), max_length=300, blank=True)
    expires_at = models.DateTimeField(_("answer expected by"), null=True, blank=True)
    slip = models.FileField(_("transfer slip"), storage=private_storage, upload_to="booking-slips/%Y/%m/", blank=True)
    slip_kind = models.CharField(max_length=8, choices=SlipKind.choices, blank=True)
    slip_uploaded_at = models.DateTimeField(_("slip uploaded"), null=True, blank=True)
    # The deal recorded when the seller confirms the payment: the one record the impact figures count.
    deal = models.OneToOneField(Deal, on_delete=models.PROTECT, null=True, blank=True, related_name="booking")
    payment_confirmed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    cancelled_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("booked"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "expires_at"], name="booking_status_expiry"),
            models.Index(fields=["buyer", "created_at"], name="booking_buyer_created"),
            models.Index(fields=["seller", "status"], name="booking_seller_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(people__gte=1), name="booking_people_positive"),
            models.CheckConstraint(condition=Q(amount__gte=Decimal("0")), name="booking_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("bookings:detail", kwargs={"pk": self.pk})

    @property
    def holds_seats(self) -> bool:
        return self.status in HOLDS_SEATS

    @property
    def is_open(self) -> bool:
        """Still to be answered, paid or held."""
        return self.status in (BookingStatus.REQUESTED, BookingStatus.ACCEPTED)
