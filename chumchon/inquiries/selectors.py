"""Reads for direct contact. Every getter that takes an id checks the person may see the object
and raises Http404 otherwise: outsiders cannot even learn that it exists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Case, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from chumchon.accounts.models import Membership, Organisation, User
from chumchon.accounts.selectors import organisations_of
from chumchon.catalog.models import Listing
from chumchon.inquiries.models import (
    Block,
    Conversation,
    Deal,
    DealQuerySet,
    Message,
    Quote,
    QuoteQuerySet,
    Side,
)
from chumchon.places.models import Community

OFFICER = "officer"  # reads reported conversations, never writes in them
RESPONSIVENESS_DAYS = 90
RESPONSIVENESS_MIN_CONVERSATIONS = 3


def _my_organisations(user: User) -> QuerySet[Membership, Any]:
    return Membership.objects.filter(user=user).values("organisation_id")


def side_of(conversation: Conversation | Deal, user: User) -> str | None:
    """Which side of a conversation (or deal) the person acts for, if any."""
    if not user.is_authenticated:
        return None
    wanted = [conversation.seller_id]
    if conversation.buyer_organisation_id:
        wanted.append(conversation.buyer_organisation_id)
    mine = set(
        Membership.objects.filter(user=user, organisation_id__in=wanted).values_list("organisation_id", flat=True)
    )
    if conversation.seller_id in mine:
        return Side.SELLER
    if conversation.buyer_organisation_id:
        return Side.BUYER if conversation.buyer_organisation_id in mine else None
    return Side.BUYER if conversation.buyer_id == user.pk else None


def conversation_for(*, user: User, pk: int) -> tuple[Conversation, str]:
    """The conversation and the person's side in it; officers may read reported ones; else 404."""
    conversation = (
        Conversation.objects.select_related("seller", "community", "buyer", "buyer_organisation", "listing")
        .filter(pk=pk)
        .first()
    )
    if conversation is None:
        raise Http404
    side = side_of(conversation, user)
    if side is not None:
        return conversation, side
    if user.is_authenticated and user.is_staff and conversation.reported_at is not None:
        return conversation, OFFICER
    raise Http404


def participant_conversation_for(*, user: User, pk: int) -> tuple[Conversation, str]:
    """As `conversation_for`, for writes: officers read reported conversations but never write."""
    conversation, side = conversation_for(user=user, pk=pk)
    if side == OFFICER:
        raise Http404
    return conversation, side


def quote_for(*, user: User, pk: int) -> tuple[Quote, str]:
    quote = Quote.objects.select_related("conversation").filter(pk=pk).first()
    if quote is None:
        raise Http404
    side = side_of(quote.conversation, user)
    if side is None:
        raise Http404
    return quote, side


def deal_for(*, user: User, pk: int) -> tuple[Deal, str]:
    deal = (
        Deal.objects.select_related("seller", "community", "buyer", "buyer_organisation", "recorded_by", "quote")
        .filter(pk=pk)
        .first()
    )
    if deal is None:
        raise Http404
    side = side_of(deal, user)
    if side is None:
        raise Http404
    return deal, side


def inquiry_target(*, listing_pk: int | None = None, community_slug: str = "") -> tuple[Community, Listing | None]:
    """Whom one may write to: a published listing (its community) or a published community; else 404."""
    if listing_pk is not None:
        listing = get_object_or_404(Listing.objects.published().select_related("community"), pk=listing_pk)
        return listing.community, listing
    return get_object_or_404(Community.objects.published(), slug=community_slug), None


def buyer_organisations(user: User, community: Community) -> list[Organisation]:
    """The organisations the person may write on behalf of to the community: theirs, but not the
    one that runs it (no one buys from themselves)."""
    return [m.organisation for m in organisations_of(user) if m.organisation_id != community.organisation_id]


def buyer_organisation_for(user: User, community: Community, pk: int) -> Organisation | None:
    """One of `buyer_organisations`, by id, if the person may write on its behalf."""
    return next((organisation for organisation in buyer_organisations(user, community) if organisation.pk == pk), None)


def people_of_side(conversation: Conversation | Deal, side: str) -> QuerySet[User]:
    """The people who act for one side: the seller organisation's members, the buyer organisation's
    members, or the buyer alone."""
    if side == Side.SELLER:
        return User.objects.filter(memberships__organisation_id=conversation.seller_id, is_active=True)
    if conversation.buyer_organisation_id:
        return User.objects.filter(memberships__organisation_id=conversation.buyer_organisation_id, is_active=True)
    return User.objects.filter(pk=conversation.buyer_id, is_active=True)


def other_side(side: str) -> str:
    return Side.BUYER if side == Side.SELLER else Side.SELLER


def is_blocked(*, author: User, conversation: Conversation, side: str) -> bool:
    """Whether anyone on the other side has blocked the author."""
    return Block.objects.filter(
        blocked=author, blocker__in=people_of_side(conversation, other_side(side)).values("pk")
    ).exists()


def blocked_people(user: User) -> set[int]:
    return set(Block.objects.filter(blocker=user).values_list("blocked_id", flat=True))


def inbox(user: User) -> QuerySet[Conversation]:
    """The person's conversations, newest first, each with the side they are on, whether it is
    unread for them and the start of its last message (one query, whatever the number)."""
    as_seller = Q(seller__in=_my_organisations(user))
    last_message = Message.objects.filter(conversation=OuterRef("pk")).order_by("-seq")
    return (
        Conversation.objects.of_participant(user)
        .select_related("seller", "community", "buyer", "buyer_organisation", "listing")
        .annotate(
            is_seller=ExpressionWrapper(as_seller, output_field=BooleanField()),
            is_unread=Case(
                When(as_seller, then=ExpressionWrapper(Q(last_seq__gt=F("seller_read_seq")), BooleanField())),
                default=ExpressionWrapper(Q(last_seq__gt=F("buyer_read_seq")), BooleanField()),
                output_field=BooleanField(),
            ),
            last_body=Subquery(last_message.values("body")[:1]),
            last_kind=Subquery(last_message.values("kind")[:1]),
        )
        .order_by("-last_message_at", "-id")
    )


def unread_count(user: User) -> int:
    """Conversations with messages the person's side has not read: one query (it runs on every page)."""
    my_organisations = _my_organisations(user)
    return (
        Conversation.objects.filter(
            (
                (Q(buyer=user, buyer_organisation__isnull=True) | Q(buyer_organisation__in=my_organisations))
                & Q(last_seq__gt=F("buyer_read_seq"))
            )
            | (Q(seller__in=my_organisations) & Q(last_seq__gt=F("seller_read_seq")))
        )
        .values("pk")
        .count()
    )


def messages_of(conversation: Conversation, *, after: int = 0) -> QuerySet[Message]:
    return (
        conversation.messages.filter(seq__gt=after)
        .select_related("author", "quote", "inquiry", "inquiry__listing")
        .prefetch_related("attachments", "quote__lines")
        .order_by("seq")
    )


def quotes_of(user: User) -> QuoteQuerySet:
    return Quote.objects.of_participant(user).select_related(
        "conversation", "conversation__community", "conversation__buyer", "conversation__buyer_organisation"
    )


def deals_of(user: User) -> DealQuerySet:
    return Deal.objects.of_participant(user).select_related("seller", "community", "buyer", "buyer_organisation")


def reported_conversations() -> QuerySet[Conversation]:
    return (
        Conversation.objects.filter(reported_at__isnull=False)
        .select_related("seller", "community", "buyer", "buyer_organisation")
        .annotate(is_unread=Value(False))
        .order_by("-reported_at")
    )


def _median(values: list[dt.timedelta]) -> dt.timedelta:
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


@dataclass(frozen=True)
class Responsiveness:
    """How a seller answers: `replied` of `asked` conversations, with a median first reply."""

    asked: int
    replied: int
    median_first_response: dt.timedelta | None

    @property
    def rate(self) -> float:
        return self.replied / self.asked if self.asked else 0.0


def responsiveness(
    organisation: Organisation | int | None, *, days: int = RESPONSIVENESS_DAYS
) -> Responsiveness | None:
    """Response rate and median time to the first reply over the last `days` days, from each
    conversation's first buyer message and first seller reply; None when there is too little data
    to say anything fair."""
    if organisation is None:
        return None
    since = timezone.now() - dt.timedelta(days=days)
    rows = list(
        Conversation.objects.filter(seller=organisation, first_buyer_message_at__gte=since).values_list(
            "first_buyer_message_at", "first_seller_reply_at"
        )
    )
    if len(rows) < RESPONSIVENESS_MIN_CONVERSATIONS:
        return None
    delays = sorted(reply - asked for asked, reply in rows if reply is not None and asked is not None)
    median = _median(delays) if delays else None
    return Responsiveness(asked=len(rows), replied=len(delays), median_first_response=median)
