"""Every write of direct contact: conversations, messages, quotes, deals, reports, blocks.
Views, the API and tasks all come through here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chumchon.accounts.models import Membership, Organisation, User
from chumchon.catalog.models import Listing
from chumchon.core import ratelimit
from chumchon.core.money import to_baht
from chumchon.core.uploads import CleanFile
from chumchon.inquiries import selectors
from chumchon.inquiries.models import (
    Attachment,
    Block,
    Conversation,
    ConversationReport,
    Deal,
    DealKind,
    DealSource,
    DealStatus,
    Inquiry,
    InquiryKind,
    Message,
    MessageKind,
    Quote,
    QuoteLine,
    QuoteStatus,
    Side,
)
from chumchon.notifications import services as notification_services
from chumchon.notifications.models import Event
from chumchon.notifications.notifier import notify
from chumchon.places.models import Community

MAX_BODY = 5000
MAX_ATTACHMENTS = 5
MAX_QUOTE_LINES = 30

TOO_MANY_CONVERSATIONS = gettext_lazy(
    "You have started many conversations in the last hour. Please wait a while before writing to another community."
)


# --- Attachments (checked by core.uploads.clean_photo_or_pdf) ----------------------------------


def _attach(message: Message, attachments: Sequence[CleanFile]) -> None:
    for item in attachments:
        attachment = Attachment(message=message, kind=item.kind, name=item.name, size=item.content.size)
        attachment.file.save(item.content.name or "attachment", item.content, save=False)
        attachment.save()


# --- Conversations and messages ----------------------------------------------------------------


def _check_body(body: str, attachments: Sequence[CleanFile]) -> str:
    body = body.strip()
    if not body and not attachments:
        raise ValidationError(_("Write a message or attach a file."))
    if len(body) > MAX_BODY:
        raise ValidationError(_("Messages can be at most %(max)s characters long.") % {"max": MAX_BODY})
    if len(attachments) > MAX_ATTACHMENTS:
        raise ValidationError(_("Attach at most %(max)s files to one message.") % {"max": MAX_ATTACHMENTS})
    return body


def _post(
    *,
    conversation: Conversation,
    author: User,
    side: str,
    body: str,
    kind: str,
    attachments: Sequence[CleanFile],
    deal: Deal | None = None,
) -> Message:
    """Append a message under a lock on the conversation row, so that concurrent posts get
    consecutive numbers in the order they are stored (the unique (conversation, seq) constraint
    guards it too)."""
    locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
    now = timezone.now()
    locked.last_seq += 1
    locked.last_message_at = now
    update = ["last_seq", "last_message_at"]
    # The author has read everything up to their own message.
    if side == Side.SELLER:
        locked.seller_read_seq = locked.last_seq
        update.append("seller_read_seq")
        if locked.first_seller_reply_at is None and locked.first_buyer_message_at is not None:
            locked.first_seller_reply_at = now
            update.append("first_seller_reply_at")
    else:
        locked.buyer_read_seq = locked.last_seq
        update.append("buyer_read_seq")
        if locked.first_buyer_message_at is None:
            locked.first_buyer_message_at = now
            update.append("first_buyer_message_at")
    locked.save(update_fields=update)
    message = Message.objects.create(
        conversation=locked,
        seq=locked.last_seq,
        author=author,
        side=side,
        kind=kind,
        body=body,
        deal=deal,
        created_at=now,
    )
    _attach(message, attachments)
    for field in update:
        setattr(conversation, field, getattr(locked, field))
    return message


def _require_side(conversation: Conversation, user: User) -> str:
    side = selectors.side_of(conversation, user)
    if side is None:
        raise PermissionDenied
    return side


def _refuse_if_blocked(*, author: User, conversation: Conversation, side: str) -> None:
    if selectors.is_blocked(author=author, conversation=conversation, side=side):
        raise ValidationError(_("You cannot send messages in this conversation any more."))


@transaction.atomic
def conversation_start(
    *,
    buyer: User,
    community: Community,
    body: str,
    kind: str = InquiryKind.QUESTION,
    listing: Listing | None = None,
    buyer_organisation: Organisation | None = None,
    quantity: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    budget: Decimal | None = None,
    attachments: Sequence[CleanFile] = (),
) -> Conversation:
    """Send an inquiry or request for quote to a community's organisation. It goes into the one
    conversation between this buyer side and that organisation, which is created the first time."""
    seller = community.organisation
    if seller is None:
        raise ValidationError(
            _("This community does not take messages on Chumchon yet: use its phone, LINE or e-mail.")
        )
    if listing is not None and listing.community_id != community.pk:
        raise ValidationError(_("This listing belongs to another community."))
    if kind not in InquiryKind.values:
        raise ValidationError(_("Choose a question or a request for quote."))
    if (
        buyer_organisation is not None
        and not Membership.objects.filter(user=buyer, organisation=buyer_organisation).exists()
    ):
        raise PermissionDenied
    if Membership.objects.filter(user=buyer, organisation=seller).exists() or buyer_organisation == seller:
        raise ValidationError(_("This is your own community's organisation: you cannot send it an inquiry."))
    if date_to is not None and (date_from is None or date_to < date_from):
        raise ValidationError(_("The end date must come after the start date."))
    if budget is not None:
        budget = to_baht(budget)
        if budget < 0:
            raise ValidationError(_("The budget cannot be negative."))
    body = _check_body(body, attachments)
    ratelimit.enforce(action="conversation", who=buyer.pk, message=TOO_MANY_CONVERSATIONS)
    conversation, _created = Conversation.objects.get_or_create(
        seller=seller,
        buyer_organisation=buyer_organisation,
        **({} if buyer_organisation else {"buyer": buyer}),
        defaults={"buyer": buyer, "community": community, "listing": listing},
    )
    _refuse_if_blocked(author=buyer, conversation=conversation, side=Side.BUYER)
    message = _post(
        conversation=conversation,
        author=buyer,
        side=Side.BUYER,
        body=body,
        kind=MessageKind.INQUIRY,
        attachments=attachments,
    )
    Inquiry.objects.create(
        conversation=conversation,
        message=message,
        kind=kind,
        listing=listing,
        quantity=quantity,
        date_from=date_from,
        date_to=date_to,
        budget=budget,
    )
    notify(
        event=Event.NEW_INQUIRY,
        recipients=selectors.people_of_side(conversation, Side.SELLER),
        actor=buyer,
        conversation=conversation,
        detail=kind,  # a request for quote is told as one (inquiries/notifications.py)
        excerpt=body,
    )
    return conversation


@transaction.atomic
def message_post(
    *, conversation: Conversation, author: User, body: str, attachments: Sequence[CleanFile] = ()
) -> Message:
    """A reply from either side; the other side is told."""
    side = _require_side(conversation, author)
    body = _check_body(body, attachments)
    _refuse_if_blocked(author=author, conversation=conversation, side=side)
    ratelimit.enforce(action="message", who=author.pk)
    message = _post(
        conversation=conversation, author=author, side=side, body=body, kind=MessageKind.TEXT, attachments=attachments
    )
    notify(
        event=Event.REPLY,
        recipients=selectors.people_of_side(conversation, selectors.other_side(side)),
        actor=author,
        conversation=conversation,
        excerpt=body,
    )
    return message


@transaction.atomic
def conversation_mark_read(*, conversation: Conversation, user: User, up_to: int | None = None) -> None:
    """Mark the conversation read for the person's side (up to a message number, or all)."""
    side = selectors.side_of(conversation, user)
    if side is None:  # officers reading a report leave the participants' read state alone
        return
    field = "seller_read_seq" if side == Side.SELLER else "buyer_read_seq"
    target = conversation.last_seq if up_to is None else min(up_to, conversation.last_seq)
    # Only ever forward: a stale page must not mark newer messages unread again.
    Conversation.objects.filter(pk=conversation.pk, **{f"{field}__lt": target}).update(**{field: target})
    if getattr(conversation, field) < target:
        setattr(conversation, field, target)
    notification_services.notifications_mark_read_about(user=user, conversation_id=conversation.pk)


# --- Quotes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuoteLineSpec:
    description: str
    quantity: Decimal
    unit_price: Decimal


@transaction.atomic
def quote_send(
    *, conversation: Conversation, by: User, lines: Sequence[QuoteLineSpec], valid_until: dt.date, notes: str = ""
) -> Quote:
    """The seller's priced offer, posted into the conversation."""
    if _require_side(conversation, by) != Side.SELLER:
        raise PermissionDenied
    lines = [line for line in lines if line.description.strip()]
    if not lines:
        raise ValidationError(_("Add at least one item to the quote."))
    if len(lines) > MAX_QUOTE_LINES:
        raise ValidationError(_("A quote can have at most %(max)s items.") % {"max": MAX_QUOTE_LINES})
    if valid_until < timezone.localdate():
        raise ValidationError(_("The quote must be valid until today or later."))
    for line in lines:
        if line.quantity <= 0 or line.unit_price < 0:
            raise ValidationError(_("Quantities must be more than zero and prices cannot be negative."))
    total = to_baht(sum((line.quantity * line.unit_price for line in lines), Decimal("0")))
    _refuse_if_blocked(author=by, conversation=conversation, side=Side.SELLER)
    ratelimit.enforce(action="message", who=by.pk)
    message = _post(
        conversation=conversation,
        author=by,
        side=Side.SELLER,
        body=notes.strip(),
        kind=MessageKind.QUOTE,
        attachments=(),
    )
    quote = Quote.objects.create(
        conversation=conversation,
        message=message,
        total=total,
        valid_until=valid_until,
        notes=notes.strip(),
        created_by=by,
    )
    QuoteLine.objects.bulk_create(
        [
            QuoteLine(
                quote=quote,
                position=position,
                description=line.description.strip()[:200],
                quantity=line.quantity,
                unit_price=to_baht(line.unit_price),
            )
            for position, line in enumerate(lines)
        ]
    )
    notify(
        event=Event.QUOTE,
        recipients=selectors.people_of_side(conversation, Side.BUYER),
        actor=by,
        conversation=conversation,
        detail=f"sent:{total:,.2f} THB",
    )
    return quote


def _lock_quote_for_decision(quote: Quote, by: User) -> Quote:
    locked = Quote.objects.select_for_update().select_related("conversation").get(pk=quote.pk)
    if selectors.side_of(locked.conversation, by) != Side.BUYER:
        raise PermissionDenied
    if locked.status != QuoteStatus.SENT:
        raise ValidationError(_("This quote has already been answered."))
    if locked.is_expired:
        raise ValidationError(_("This quote has expired: ask the seller for a new one."))
    return locked


def _deal_kind_for(conversation: Conversation) -> str:
    listing = conversation.listing
    if listing is not None and listing.kind in ("experience", "route"):
        return DealKind.BOOKING
    return DealKind.PRODUCT_SALE


@transaction.atomic
def quote_accept(*, quote: Quote, by: User) -> Deal:
    """The buyer accepts: the quote becomes a deal, which the seller confirms once it is done."""
    quote = _lock_quote_for_decision(quote, by)
    quote.status = QuoteStatus.ACCEPTED
    quote.decided_by = by
    quote.decided_at = timezone.now()
    quote.save(update_fields=["status", "decided_by", "decided_at"])
    conversation = quote.conversation
    deal = Deal.objects.create(
        seller=conversation.seller,
        community=conversation.community,
        buyer=conversation.buyer,
        buyer_organisation=conversation.buyer_organisation,
        conversation=conversation,
        quote=quote,
        value=quote.total,
        date=timezone.localdate(),
        kind=_deal_kind_for(conversation),
        source=DealSource.INQUIRY,
        description=", ".join(line.description for line in quote.lines.all())[:300],
        recorded_by=by,
        confirming_side=Side.SELLER,
    )
    _post(
        conversation=conversation, author=by, side=Side.BUYER, body="", kind=MessageKind.DEAL, attachments=(), deal=deal
    )
    notify(
        event=Event.QUOTE,
        recipients=selectors.people_of_side(conversation, Side.SELLER),
        actor=by,
        conversation=conversation,
        deal=deal,
        detail="accepted",
    )
    return deal


@transaction.atomic
def quote_decline(*, quote: Quote, by: User) -> Quote:
    quote = _lock_quote_for_decision(quote, by)
    quote.status = QuoteStatus.DECLINED
    quote.decided_by = by
    quote.decided_at = timezone.now()
    quote.save(update_fields=["status", "decided_by", "decided_at"])
    notify(
        event=Event.QUOTE,
        recipients=selectors.people_of_side(quote.conversation, Side.SELLER),
        actor=by,
        conversation=quote.conversation,
        detail="declined",
    )
    return quote


# --- Deals -------------------------------------------------------------------------------------


@transaction.atomic
def deal_record(
    *,
    by: User,
    value: Decimal | str | int,
    date: dt.date,
    kind: str,
    source: str,
    conversation: Conversation | None = None,
    seller: Organisation | None = None,
    community: Community | None = None,
    buyer: User | None = None,
    buyer_organisation: Organisation | None = None,
    description: str = "",
) -> Deal:
    """Record a deal made outside the platform (a phone sale, a tour booked on the spot, a contract
    signed at a matching event) for the other side to confirm. Give a conversation, or the parties
    (seller organisation, buyer person and optionally their organisation)."""
    if conversation is not None:
        seller, community = conversation.seller, conversation.community
        buyer, buyer_organisation = conversation.buyer, conversation.buyer_organisation
    if seller is None or buyer is None:
        raise ValueError("deal_record needs a conversation or the seller and the buyer")
    if kind not in DealKind.values:
        raise ValidationError(_("Choose what kind of deal this is."))
    # A booking's deal is recorded only by its confirmed payment (bookings), never by hand.
    if source not in DealSource.values or source == DealSource.BOOKING:
        raise ValidationError(_("Choose where the deal came from."))
    amount = to_baht(value)
    if amount <= 0:
        raise ValidationError(_("The value of a deal must be more than zero."))
    if date > timezone.localdate() + dt.timedelta(days=366):
        raise ValidationError(_("The date of the deal is too far in the future."))
    deal = Deal(
        seller=seller,
        community=community,
        buyer=buyer,
        buyer_organisation=buyer_organisation,
        conversation=conversation,
        value=amount,
        date=date,
        kind=kind,
        source=source,
        description=description.strip()[:300],
        recorded_by=by,
    )
    side = selectors.side_of(deal, by)
    if side is None:
        raise PermissionDenied
    deal.confirming_side = selectors.other_side(side)
    deal.save()
    if conversation is not None:
        _post(
            conversation=conversation, author=by, side=side, body="", kind=MessageKind.DEAL, attachments=(), deal=deal
        )
    notify(
        event=Event.DEAL,
        recipients=selectors.people_of_side(deal, deal.confirming_side),
        actor=by,
        conversation=conversation,
        deal=deal,
        detail="to_confirm",
    )
    return deal


def _lock_deal_for_answer(deal: Deal, by: User) -> Deal:
    locked = Deal.objects.select_for_update().get(pk=deal.pk)
    if selectors.side_of(locked, by) != locked.confirming_side:
        raise PermissionDenied
    if locked.status != DealStatus.PENDING_CONFIRMATION:
        raise ValidationError(_("This deal has already been answered."))
    return locked


@transaction.atomic
def deal_confirm(*, deal: Deal, by: User) -> Deal:
    """The other side agrees the deal happened: from now on it counts in the impact figures."""
    deal = _lock_deal_for_answer(deal, by)
    deal.status = DealStatus.CONFIRMED
    deal.confirmed_by = by
    deal.confirmed_at = timezone.now()
    deal.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    notify(
        event=Event.DEAL,
        recipients=selectors.people_of_side(deal, selectors.other_side(deal.confirming_side)),
        actor=by,
        conversation=deal.conversation,
        deal=deal,
        detail="confirmed",
    )
    return deal


@transaction.atomic
def deal_dispute(*, deal: Deal, by: User, reason: str) -> Deal:
    deal = _lock_deal_for_answer(deal, by)
    if not reason.strip():
        raise ValidationError(_("Say what is wrong with this deal."))
    deal.status = DealStatus.DISPUTED
    deal.dispute_reason = reason.strip()[:300]
    deal.save(update_fields=["status", "dispute_reason"])
    notify(
        event=Event.DEAL,
        recipients=selectors.people_of_side(deal, selectors.other_side(deal.confirming_side)),
        actor=by,
        conversation=deal.conversation,
        deal=deal,
        detail="disputed",
        excerpt=deal.dispute_reason,
    )
    return deal


@transaction.atomic
def deal_record_confirmed(
    *,
    buyer: User,
    seller: Organisation,
    community: Community | None,
    confirmed_by: User,
    value: Decimal,
    date: dt.date,
    kind: str,
    description: str = "",
    source: str = DealSource.INQUIRY,
) -> Deal:
    """A deal both sides have already agreed on the platform (a booking whose payment the seller
    confirmed): recorded by the buyer and confirmed at once by the seller's member, so it counts in
    the impact figures from now on. Nobody is notified here: the caller tells both sides."""
    if not Membership.objects.filter(user=confirmed_by, organisation=seller).exists():
        raise PermissionDenied
    if kind not in DealKind.values:
        raise ValidationError(_("Choose what kind of deal this is."))
    amount = to_baht(value)
    if amount <= 0:
        raise ValidationError(_("The value of a deal must be more than zero."))
    deal = Deal(
        seller=seller,
        community=community,
        buyer=buyer,
        value=amount,
        date=date,
        kind=kind,
        source=source,
        description=description.strip()[:300],
        recorded_by=buyer,
        confirming_side=Side.SELLER,
        status=DealStatus.CONFIRMED,
        confirmed_by=confirmed_by,
        confirmed_at=timezone.now(),
    )
    deal.full_clean(exclude=["conversation", "quote", "buyer_organisation"])
    deal.save()
    return deal


# --- Abuse and privacy -------------------------------------------------------------------------


@transaction.atomic
def conversation_report(*, conversation: Conversation, by: User, reason: str) -> ConversationReport:
    """A participant shows the conversation to the officers, who may then read it."""
    _require_side(conversation, by)
    if not reason.strip():
        raise ValidationError(_("Say what is wrong, so that the officers know what to look for."))
    report = ConversationReport.objects.create(conversation=conversation, reporter=by, reason=reason.strip()[:2000])
    Conversation.objects.filter(pk=conversation.pk, reported_at__isnull=True).update(reported_at=timezone.now())
    conversation.refresh_from_db(fields=["reported_at"])
    notify(
        event=Event.REPORT,
        recipients=User.objects.filter(is_staff=True, is_active=True),
        actor=by,
        conversation=conversation,
        excerpt=report.reason,
    )
    return report


@transaction.atomic
def person_block(*, by: User, person: User) -> Block:
    """`person` can no longer start a conversation with, or write to, anyone `by` acts for."""
    if person == by:
        raise ValidationError(_("You cannot block yourself."))
    block, _created = Block.objects.get_or_create(blocker=by, blocked=person)
    return block


@transaction.atomic
def person_unblock(*, by: User, person: User) -> None:
    Block.objects.filter(blocker=by, blocked=person).delete()
