"""Bookings of experience sessions and route departures, the payments (deposit and balance) each
one's buyer makes to the community directly, and each community's visitors per day."""

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
    deposit_percent = models.PositiveSmallIntegerField(
        _("deposit (% of the amount)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("Optional: the buyer pays this first, and the balance later."),
    )
    deposit_amount = models.DecimalField(
        _("deposit (THB)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("1"))],
        help_text=_("Or a fixed deposit; leave both empty to be paid in full at once."),
        **MONEY,  # type: ignore[arg-type]
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
            ),
            models.CheckConstraint(
                condition=Q(deposit_percent__isnull=True) | Q(deposit_amount__isnull=True),
                name="booking_terms_one_kind_of_deposit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.listing_id}: {self.mode}"

    @property
    def is_instant(self) -> bool:
        return self.mode == BookingMode.INSTANT

    def deposit_for(self, amount: Decimal) -> Decimal:
        """The deposit asked on `amount`; 0 when none is asked, or when it would be the whole amount."""
        if self.deposit_percent:
            deposit = (amount * self.deposit_percent / 100).quantize(Decimal("0.01"))
        elif self.deposit_amount:
            deposit = self.deposit_amount
        else:
            return Decimal("0")
        return deposit if Decimal("0") < deposit < amount else Decimal("0")

    @property
    def cancellation_policy(self) -> str:
        if translation.get_language() == "en" and self.cancellation_policy_en:
            return self.cancellation_policy_en
        return self.cancellation_policy_th


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted: waiting for payment")
    DEPOSIT_PAID = "deposit_paid", _("Deposit paid: balance due")
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
    BookingStatus.DEPOSIT_PAID,
    BookingStatus.PAID,
    BookingStatus.COMPLETED,
    BookingStatus.NO_SHOW,
)

#: Statuses of a booking that is going ahead: its people are expected (reminders, .ics).
GOING_AHEAD = (BookingStatus.ACCEPTED, BookingStatus.DEPOSIT_PAID, BookingStatus.PAID)


class SlipKind(models.TextChoices):
    IMAGE = "image", _("Photo")
    PDF = "pdf", _("PDF")


class Booking(models.Model):
    """Seats of one session (an experience's date or a route's departure) booked by one person."""

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
    deposit = models.DecimalField(_("deposit (THB)"), default=Decimal("0"), **MONEY)  # type: ignore[arg-type]
    # The community's day this booking counts against (its carrying capacity), in Asia/Bangkok.
    visit_date = models.DateField(_("day of the visit"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=BookingStatus.choices, default=BookingStatus.REQUESTED, db_index=True
    )
    note = models.TextField(_("message to the community"), blank=True)
    reason = models.CharField(_("reason given"), max_length=300, blank=True)
    expires_at = models.DateTimeField(_("answer expected by"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
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
    def has_deposit(self) -> bool:
        return self.deposit > 0

    @property
    def balance(self) -> Decimal:
        return self.amount - self.deposit

    @property
    def awaits_payment(self) -> bool:
        return self.status in (BookingStatus.ACCEPTED, BookingStatus.DEPOSIT_PAID)

    @property
    def is_paid(self) -> bool:
        return self.status in (BookingStatus.PAID, BookingStatus.COMPLETED)

    @property
    def is_open(self) -> bool:
        """Still to be answered, paid or held."""
        return self.status in (BookingStatus.REQUESTED, BookingStatus.ACCEPTED)


class PaymentPart(models.TextChoices):
    FULL = "full", _("Payment")
    DEPOSIT = "deposit", _("Deposit")
    BALANCE = "balance", _("Balance")


#: The letter a part adds to the booking's reference on its QR code and slip.
PART_SUFFIX = {PaymentPart.FULL: "", PaymentPart.DEPOSIT: "D", PaymentPart.BALANCE: "B"}


class BookingPayment(models.Model):
    """One transfer of a booking to the community (in full, or its deposit or balance): its slip and
    the seller's confirmation. A confirmed payment records a confirmed deal of its amount, the one
    record the impact figures count."""

    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="payments")
    part = models.CharField(_("part"), max_length=8, choices=PaymentPart.choices)
    amount = models.DecimalField(_("amount (THB)"), **MONEY)  # type: ignore[arg-type]
    slip = models.FileField(_("transfer slip"), storage=private_storage, upload_to="booking-slips/%Y/%m/", blank=True)
    slip_kind = models.CharField(max_length=8, choices=SlipKind.choices, blank=True)
    slip_uploaded_at = models.DateTimeField(_("slip uploaded"), null=True, blank=True)
    deal = models.OneToOneField(Deal, on_delete=models.PROTECT, null=True, blank=True, related_name="booking_payment")
    confirmed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("booking payment")
        verbose_name_plural = _("booking payments")
        ordering = ["booking", "id"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "part"], name="booking_payment_one_per_part"),
            models.CheckConstraint(condition=Q(amount__gt=Decimal("0")), name="booking_payment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.booking_id} {self.part}"

    @property
    def reference(self) -> str:
        return self.booking.reference + PART_SUFFIX[PaymentPart(self.part)]

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class CommunityDay(models.Model):
    """How many visitors a community's bookings bring on one day: the row that a booking locks and
    raises in one conditional UPDATE, so that a community's daily limit is never passed."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="booked_days")
    date = models.DateField(_("date"))
    visitors = models.PositiveIntegerField(_("visitors booked"), default=0)

    class Meta:
        verbose_name = _("community day")
        verbose_name_plural = _("community days")
        constraints = [models.UniqueConstraint(fields=["community", "date"], name="community_day_unique")]

    def __str__(self) -> str:
        return f"{self.community_id} {self.date}: {self.visitors}"
