"""Reads of favourites and trips: a person's own only (someone else's trip is a 404)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from chumchon.accounts.models import User
from chumchon.catalog.models import Listing
from chumchon.inquiries.models import Quote
from chumchon.trips.models import SavedListing, Trip, TripItem, TripPart, TripStatus


def saved_listings_of(user: User) -> QuerySet[Listing]:
    """The listings the person saved that are still published, last saved first."""
    return Listing.objects.published().for_cards().filter(saved_by__user=user).order_by("-saved_by__created_at", "-id")


def saved_of(user: User) -> QuerySet[SavedListing]:
    return SavedListing.objects.filter(user=user).select_related("listing").order_by("-created_at", "-id")


def saved_listing_ids(user: Any, listings: Any = None) -> set[int]:
    """Which of the listings given (all when None) the person saved: one query, none for a visitor."""
    if not getattr(user, "is_authenticated", False):
        return set()
    saved = SavedListing.objects.filter(user=user)
    if listings is not None:
        ids = [(item[0] if isinstance(item, tuple) else item).pk for item in listings]
        if not ids:
            return set()
        saved = saved.filter(listing_id__in=ids)
    return set(saved.values_list("listing_id", flat=True))


def trips_of(user: User) -> QuerySet[Trip]:
    return Trip.objects.filter(buyer=user)


def draft_trips_of(user: User) -> QuerySet[Trip]:
    return trips_of(user).filter(status=TripStatus.DRAFT)


def trip_for(*, user: User, pk: int) -> Trip:
    """The person's own trip; anyone else's is a 404."""
    trip = trips_of(user).filter(pk=pk).first()
    if trip is None:
        raise Http404
    return trip


def items_of(trip: Trip) -> list[TripItem]:
    return list(
        trip.items.select_related("listing__community", "listing__community__district").order_by(
            "day", "position", "id"
        )
    )


@dataclass
class Day:
    number: int
    items: list[TripItem] = field(default_factory=list)


def days_of(items: list[TripItem]) -> list[Day]:
    days: dict[int, Day] = {}
    for item in items:
        days.setdefault(item.day, Day(item.day)).items.append(item)
    return [days[number] for number in sorted(days)]


@dataclass
class Part:
    """A community's part of a sent trip and the quotes it answered with."""

    part: TripPart
    quotes: list[Quote]


def parts_of(trip: Trip) -> list[Part]:
    """The parts of a sent trip with the quotes each community sent since (two queries)."""
    parts = list(trip.parts.select_related("community", "conversation").order_by("id"))
    by_conversation: dict[int, list[Quote]] = {}
    conversations = [part.conversation_id for part in parts if part.conversation_id]
    if conversations and trip.sent_at:
        for quote in Quote.objects.filter(conversation_id__in=conversations, created_at__gte=trip.sent_at).order_by(
            "-created_at", "-id"
        ):
            by_conversation.setdefault(quote.conversation_id, []).append(quote)
    return [Part(part=part, quotes=by_conversation.get(part.conversation_id or 0, [])) for part in parts]
