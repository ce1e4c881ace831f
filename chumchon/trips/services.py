"""Every write of favourites and trips. A trip is sent through inquiries' services: one request for
quote per community, each answered by its community in its own conversation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from chumchon.accounts.models import User
from chumchon.catalog.models import Listing
from chumchon.core.thai import format_date
from chumchon.inquiries.models import InquiryKind
from chumchon.inquiries.services import conversation_start
from chumchon.trips.models import MAX_DAYS, MAX_GROUP, SavedListing, Trip, TripItem, TripPart, TripStatus

#: The most communities one trip may write to at once (each is a conversation, rate limited too).
MAX_COMMUNITIES = 8
MAX_ITEMS = 40


# --- Favourites ---------------------------------------------------------------------------------


@transaction.atomic
def listing_save(*, user: User, listing: Listing) -> SavedListing:
    saved, _created = SavedListing.objects.get_or_create(user=user, listing=listing)
    return saved


@transaction.atomic
def listing_unsave(*, user: User, listing: Listing) -> None:
    SavedListing.objects.filter(user=user, listing=listing).delete()


@transaction.atomic
def listing_toggle_saved(*, user: User, listing: Listing) -> bool:
    """Save the listing, or unsave it when saved; whether it is saved now."""
    deleted, _rows = SavedListing.objects.filter(user=user, listing=listing).delete()
    if deleted:
        return False
    listing_save(user=user, listing=listing)
    return True


# --- Trips --------------------------------------------------------------------------------------


def _check(*, title: str, group_size: int, date_from: dt.date | None, date_to: dt.date | None) -> tuple[str, int]:
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Give the trip a name.")
    if not 1 <= int(group_size or 0) <= MAX_GROUP:
        errors["group_size"] = _("A group is from 1 to %(max)d people.") % {"max": MAX_GROUP}
    if date_to is not None and (date_from is None or date_to < date_from):
        errors["date_to"] = _("The last day must come after the first day.")
    if date_from is not None and date_from < timezone.localdate():
        errors["date_from"] = _("The trip cannot start in the past.")
    if errors:
        raise ValidationError(errors)
    return title[:120], int(group_size)


def _own_draft(trip: Trip, by: User) -> Trip:
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    if trip.buyer_id != by.pk:
        raise PermissionDenied
    if trip.status != TripStatus.DRAFT:
        raise ValidationError(_("This trip was sent already: write to each community in its conversation."))
    return trip


@transaction.atomic
def trip_create(
    *,
    buyer: User,
    title: str,
    group_size: int = 1,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    note: str = "",
) -> Trip:
    title, group_size = _check(title=title, group_size=group_size, date_from=date_from, date_to=date_to)
    return Trip.objects.create(
        buyer=buyer, title=title, group_size=group_size, date_from=date_from, date_to=date_to, note=note.strip()
    )


@transaction.atomic
def trip_update(
    *,
    trip: Trip,
    by: User,
    title: str,
    group_size: int,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    note: str = "",
) -> Trip:
    trip = _own_draft(trip, by)
    trip.title, trip.group_size = _check(title=title, group_size=group_size, date_from=date_from, date_to=date_to)
    trip.date_from, trip.date_to, trip.note = date_from, date_to, note.strip()
    trip.save()
    return trip


@transaction.atomic
def trip_delete(*, trip: Trip, by: User) -> None:
    if trip.buyer_id != by.pk:
        raise PermissionDenied
    trip.delete()


@transaction.atomic
def trip_add(*, trip: Trip, by: User, listing: Listing, day: int = 1) -> TripItem:
    """Add a listing to the trip on a day, last in that day's order."""
    trip = _own_draft(trip, by)
    if not 1 <= int(day) <= MAX_DAYS:
        raise ValidationError({"day": _("Choose a day from 1 to %(max)d.") % {"max": MAX_DAYS}})
    if trip.items.count() >= MAX_ITEMS:
        raise ValidationError(_("A trip can have at most %(max)d stops.") % {"max": MAX_ITEMS})
    last = trip.items.filter(day=day).aggregate(last=Max("position"))["last"] or 0
    try:
        with transaction.atomic():
            item = TripItem.objects.create(trip=trip, listing=listing, day=day, position=last + 1)
    except IntegrityError:
        raise ValidationError(_("This listing is already in the trip.")) from None
    trip.save(update_fields=["updated_at"])
    return item


@transaction.atomic
def trip_remove(*, trip: Trip, by: User, item_id: int) -> None:
    trip = _own_draft(trip, by)
    trip.items.filter(pk=item_id).delete()


@transaction.atomic
def trip_arrange(*, trip: Trip, by: User, plan: Mapping[int, tuple[int, int]]) -> Trip:
    """Put the trip's stops on the days and in the order given (item id -> (day, order))."""
    trip = _own_draft(trip, by)
    items = {item.pk: item for item in trip.items.all()}
    for item_id, (day, position) in plan.items():
        item = items.get(item_id)
        if item is None:
            continue
        if not 1 <= day <= MAX_DAYS:
            raise ValidationError({"day": _("Choose a day from 1 to %(max)d.") % {"max": MAX_DAYS}})
        item.day, item.position = day, max(1, position)
    TripItem.objects.bulk_update(items.values(), ["day", "position"])
    trip.save(update_fields=["updated_at"])
    return trip


def _body(trip: Trip, mine: list[TripItem], others: list[str]) -> str:
    lines = [_("Trip plan: %(title)s") % {"title": trip.title}]
    lines.append(_("Group size: %(n)d") % {"n": trip.group_size})
    if trip.date_from:
        dates = format_date(trip.date_from)
        if trip.date_to and trip.date_to != trip.date_from:
            dates += " – " + format_date(trip.date_to)
        lines.append(_("Dates: %(dates)s") % {"dates": dates})
    lines += ["", _("Please quote for your part of the trip:")]
    for item in mine:
        lines.append(_("Day %(day)d: %(title)s") % {"day": item.day, "title": item.listing.title})
    if others:
        lines += ["", _("The trip also visits: %(names)s.") % {"names": ", ".join(others)}]
    if trip.note:
        lines += ["", trip.note]
    return "\n".join(lines)


@transaction.atomic
def trip_send(*, trip: Trip, by: User) -> list[TripPart]:
    """Send the trip: a request for quote to each community for its stops, all or none. The buyer
    follows each part in its conversation, and sees them all on the trip's page."""
    trip = _own_draft(trip, by)
    items = list(trip.items.select_related("listing__community__organisation").order_by("day", "position", "id"))
    if not items:
        raise ValidationError(_("Add at least one saved listing to the trip before sending it."))
    by_community: dict[int, list[TripItem]] = {}
    for item in items:
        by_community.setdefault(item.listing.community_id, []).append(item)
    if len(by_community) > MAX_COMMUNITIES:
        raise ValidationError(_("A trip can write to at most %(max)d communities at once.") % {"max": MAX_COMMUNITIES})
    names = {cid: its[0].listing.community.name for cid, its in by_community.items()}
    parts = []
    for community_id, mine in by_community.items():
        community = mine[0].listing.community
        if community.organisation_id is None:
            raise ValidationError(
                _("%(community)s does not take requests on Chumchon yet: take its stops out of the trip.")
                % {"community": community.name}
            )
        others = [name for cid, name in names.items() if cid != community_id]
        conversation = conversation_start(
            buyer=by,
            community=community,
            body=_body(trip, mine, others),
            kind=InquiryKind.QUOTE_REQUEST,
            listing=mine[0].listing,
            quantity=trip.group_size,
            date_from=trip.date_from,
            date_to=trip.date_to,
        )
        inquiry = conversation.inquiries.order_by("-id").first()
        parts.append(
            TripPart.objects.create(trip=trip, community=community, conversation=conversation, inquiry=inquiry)
        )
    trip.status = TripStatus.SENT
    trip.sent_at = timezone.now()
    trip.save(update_fields=["status", "sent_at", "updated_at"])
    return parts
