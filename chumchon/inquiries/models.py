"""Direct contact: conversations between buyers and community sellers, messages, quotes and deals.

The seller side of a conversation is the community's organisation (every member acts for it); the
buyer side is the buyer's organisation when they write for one, else the buyer alone. There is one
conversation per buyer side and seller organisation; every inquiry adds to it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chumchon.accounts.models import Membership, Organisation, User
from chumchon.catalog.models import Listing
from chumchon.core.storage import private_storage
from chumchon.places.models import Community

MONEY: dict[str, Any] = {"max_digits": 12, "decimal_places": 2}


class Side(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    SELLER = "seller", _("Seller")


class ConversationQuerySet(models.QuerySet["Conversation"]):
    def buyer_side_of(self, user: User) -> ConversationQuerySet:
        my_organisations = Membership.objects.filter(user=user).values("organisation_id")
        return self.filter(Q(buyer=user, buyer_organisation__isnull=True) | Q(buyer_organisation__in=my_organisations))

    def seller_side_of(self, user: User) -> ConversationQuerySet:
        return self.filter(seller__in=Membership.objects.filter(user=user).values("organisation_id"))

    def of_participant(self, user: User) -> ConversationQuerySet:
        my_organisations = Membership.objects.filter(user=user).values("organisation_id")
        return self.filter(
            Q(buyer=user, buyer_organisation__isnull=True)
            | Q(buyer_organisation__in=my_organisations)
            | Q(seller__in=my_organisations)
        )


class Conversation(models.Model):
    """A thread between a buyer (or their organisation) and a community's organisation."""

    seller = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="seller_conversations", verbose_name=_("seller")
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="conversations", verbose_name=_("community")
    )
    buyer = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="buyer_conversations", verbose_name=_("buyer")
    )
    buyer_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="buyer_conversations",
        verbose_name=_("buyer's organisation"),
    )
    listing = models.ForeignKey(
        Listing,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conversations",
        verbose_name=_("started from"),
    )
    # The sequence number of the last message; read marks are sequence numbers too, so "unread"
    # is a comparison on this row (the header asks it on every page).
    last_seq = models.PositiveIntegerField(default=0)
    buyer_read_seq = models.PositiveIntegerField(default=0)
    seller_read_seq = models.PositiveIntegerField(default=0)
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now, db_index=True)
    # Kept for the seller's response rate and median first-response time.
    first_buyer_message_at = models.DateTimeField(null=True, blank=True)
    first_seller_reply_at = models.DateTimeField(null=True, blank=True)
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["buyer_organisation", "seller"],
                condition=Q(buyer_organisation__isnull=False),
                name="conversation_one_per_buyer_organisation",
            ),
            models.UniqueConstraint(
                fields=["buyer", "seller"],
                condition=Q(buyer_organisation__isnull=True),
                name="conversation_one_per_buyer_person",
            ),
        ]
        indexes = [models.Index(fields=["seller", "first_buyer_message_at"])]

    def __str__(self) -> str:
        return f"{self.buyer_display} ↔ {self.seller}"

    def get_absolute_url(self) -> str:
        return reverse("inquiries:conversation", kwargs={"pk": self.pk})

    @property
    def buyer_display(self) -> str:
        """The buyer as the seller sees them: the organisation when they write for one."""
        return str(self.buyer_organisation or self.buyer)

    def read_seq_of(self, side: str) -> int:
        return self.seller_read_seq if side == Side.SELLER else self.buyer_read_seq


class MessageKind(models.TextChoices):
    TEXT = "text", _("Message")
    INQUIRY = "inquiry", _("Inquiry")
    QUOTE = "quote", _("Quote")
    DEAL = "deal", _("Deal")


class Message(models.Model):
    """One message in a conversation, numbered in the order it was stored."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    seq = models.PositiveIntegerField(_("number"))
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("author"))
    side = models.CharField(_("side"), max_length=8, choices=Side.choices)
    kind = models.CharField(_("kind"), max_length=8, choices=MessageKind.choices, default=MessageKind.TEXT)
    body = models.TextField(_("message"), blank=True)
    deal = models.ForeignKey("Deal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["conversation", "seq"]
        constraints = [models.UniqueConstraint(fields=["conversation", "seq"], name="message_unique_seq")]

    def __str__(self) -> str:
        return f"{self.conversation_id}#{self.seq}"


class AttachmentKind(models.TextChoices):
    IMAGE = "image", _("Image")
    PDF = "pdf", _("PDF")


class Attachment(models.Model):
    """A photo or PDF sent with a message, stored privately."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="inquiries/%Y/%m/", storage=private_storage, max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=AttachmentKind.choices)
    name = models.CharField(_("file name"), max_length=120)
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("inquiries:attachment", kwargs={"pk": self.pk})


class InquiryKind(models.TextChoices):
    QUESTION = "question", _("Question")
    QUOTE_REQUEST = "quote_request", _("Request for quote")


class Inquiry(models.Model):
    """What a buyer asked in an inquiry or request for quote: quantity, dates and budget."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="inquiries")
    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="inquiry")
    kind = models.CharField(_("kind"), max_length=16, choices=InquiryKind.choices, default=InquiryKind.QUESTION)
    listing = models.ForeignKey(
        Listing, on_delete=models.SET_NULL, null=True, blank=True, related_name="inquiries", verbose_name=_("listing")
    )
    quantity = models.PositiveIntegerField(_("quantity or group size"), null=True, blank=True)
    date_from = models.DateField(_("date"), null=True, blank=True)
    date_to = models.DateField(_("until"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget (THB)"), null=True, blank=True, validators=[MinValueValidator(Decimal("0"))], **MONEY
    )

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        constraints = [
            models.CheckConstraint(
                condition=Q(date_to__isnull=True) | Q(date_from__isnull=False, date_to__gte=models.F("date_from")),
                name="inquiry_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class QuoteStatus(models.TextChoices):
    SENT = "sent", _("Waiting for the buyer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class QuoteQuerySet(models.QuerySet["Quote"]):
    def open(self) -> QuoteQuerySet:
        return self.filter(status=QuoteStatus.SENT, valid_until__gte=timezone.localdate())

    def of_participant(self, user: User) -> QuoteQuerySet:
        return self.filter(conversation__in=Conversation.objects.of_participant(user))


class Quote(models.Model):
    """A seller's priced offer in a conversation, which the buyer accepts or declines."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="quotes")
    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="quote")
    total = models.DecimalField(_("total (THB)"), **MONEY)
    valid_until = models.DateField(_("valid until"))
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=QuoteStatus.choices, default=QuoteStatus.SENT)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(total__gte=0), name="quote_total_not_negative")]

    def __str__(self) -> str:
        return f"Quote #{self.pk}"

    @property
    def is_expired(self) -> bool:
        return self.status == QuoteStatus.SENT and self.valid_until < timezone.localdate()

    @property
    def can_be_decided(self) -> bool:
        return self.status == QuoteStatus.SENT and not self.is_expired


class QuoteLine(models.Model):
    """One line of a quote: what, how many, at what unit price."""

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(_("item"), max_length=200)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    unit_price = models.DecimalField(_("unit price (THB)"), **MONEY)

    class Meta:
        verbose_name = _("quote line")
        verbose_name_plural = _("quote lines")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.description

    @property
    def amount(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(Decimal("0.01"))


class DealKind(models.TextChoices):
    PRODUCT_SALE = "product_sale", _("Product sale")
    BOOKING = "booking", _("Tour or experience booking")
    B2B_CONTRACT = "b2b_contract", _("Business (B2B) contract")


class DealSource(models.TextChoices):
    INQUIRY = "inquiry", _("Inquiry on Chumchon")
    MATCHING_EVENT = "matching_event", _("Business-matching event")
    WALK_IN = "walk_in", _("Walk-in or phone")
    BOOKING = "booking", _("Booking paid on Chumchon")


class DealStatus(models.TextChoices):
    PENDING_CONFIRMATION = "pending_confirmation", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    DISPUTED = "disputed", _("Disputed")


class DealQuerySet(models.QuerySet["Deal"]):
    def confirmed(self) -> DealQuerySet:
        """Deals both sides agree happened: what the impact figures count as income."""
        return self.filter(status=DealStatus.CONFIRMED)

    def pending(self) -> DealQuerySet:
        return self.filter(status=DealStatus.PENDING_CONFIRMATION)

    def of_participant(self, user: User) -> DealQuerySet:
        my_organisations = Membership.objects.filter(user=user).values("organisation_id")
        return self.filter(
            Q(buyer=user, buyer_organisation__isnull=True)
            | Q(buyer_organisation__in=my_organisations)
            | Q(seller__in=my_organisations)
        )

    def awaiting_confirmation_by(self, user: User) -> DealQuerySet:
        """Pending deals whose confirming side the person belongs to."""
        my_organisations = Membership.objects.filter(user=user).values("organisation_id")
        return self.pending().filter(
            Q(confirming_side=Side.SELLER, seller__in=my_organisations)
            | Q(confirming_side=Side.BUYER, buyer=user, buyer_organisation__isnull=True)
            | Q(confirming_side=Side.BUYER, buyer_organisation__in=my_organisations)
        )

    def in_period(self, start: Any, end: Any) -> DealQuerySet:
        return self.filter(date__gte=start, date__lte=end)


class Deal(models.Model):
    """A sale or booking between a buyer and a community, with its value in THB; counted once confirmed."""

    seller = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="seller_deals", verbose_name=_("seller")
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, null=True, blank=True, related_name="deals", verbose_name=_("community")
    )
    buyer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="buyer_deals", verbose_name=_("buyer"))
    buyer_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="buyer_deals",
        verbose_name=_("buyer's organisation"),
    )
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="deals"
    )
    quote = models.OneToOneField(Quote, on_delete=models.SET_NULL, null=True, blank=True, related_name="deal")
    value = models.DecimalField(_("value (THB)"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY)
    date = models.DateField(_("date of the deal"))
    kind = models.CharField(_("kind"), max_length=16, choices=DealKind.choices)
    source = models.CharField(_("source"), max_length=16, choices=DealSource.choices)
    description = models.CharField(_("what was sold or booked"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=24, choices=DealStatus.choices, default=DealStatus.PENDING_CONFIRMATION, db_index=True
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    # The other side from the one that recorded it: only they can confirm or dispute.
    confirming_side = models.CharField(_("to be confirmed by"), max_length=8, choices=Side.choices)
    confirmed_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    dispute_reason = models.CharField(_("why it is disputed"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = DealQuerySet.as_manager()

    class Meta:
        verbose_name = _("deal")
        verbose_name_plural = _("deals")
        ordering = ["-date", "-id"]
        constraints = [models.CheckConstraint(condition=Q(value__gt=0), name="deal_value_positive")]
        indexes = [models.Index(fields=["status", "date"])]

    def __str__(self) -> str:
        return f"Deal #{self.pk} {self.value} THB"

    def get_absolute_url(self) -> str:
        return reverse("inquiries:deal", kwargs={"pk": self.pk})

    @property
    def buyer_display(self) -> str:
        return str(self.buyer_organisation or self.buyer)


class ConversationReport(models.Model):
    """A participant's report of a conversation to the agency's officers."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("what is wrong"))
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Report on conversation {self.conversation_id}"


class Block(models.Model):
    """One person refusing messages from another."""

    blocker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks_made")
    blocked = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks_received")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [models.UniqueConstraint(fields=["blocker", "blocked"], name="block_unique_pair")]

    def __str__(self) -> str:
        return f"{self.blocker} blocks {self.blocked}"
