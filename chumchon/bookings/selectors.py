"""Reads of bookings, and the permission-checked getters the pages and the API share: a booking is
seen by its buyer and by the members of the selling organisation, and is a 404 for anyone else."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from chumchon.accounts.models import Membership, User
from chumchon.bookings.models import HOLDS_SEATS, Booking, BookingTerms
from chumchon.catalog.models import Kind, Listing, Session

BUYER = "buyer"
SELLER = "seller"


def terms_for(listing: Listing) -> BookingTerms:
    """The listing's booking terms; request-to-book within 48 hours when the seller has set none."""
    return BookingTerms.objects.filter(listing=listing).first() or BookingTerms(listing=listing)


def _with_related(queryset: QuerySet[Booking]) -> QuerySet[Booking]:
    return queryset.select_related("session", "listing", "community", "seller", "buyer")


def bookings_visible_to(user: User) -> QuerySet[Booking]:
    """Bookings the person made, and bookings of the organisations they sell for."""
    my_organisations = Membership.objects.filter(user=user).values("organisation_id")
    return _with_related(Booking.objects.filter(Q(buyer=user) | Q(seller__in=my_organisations)))


def bookings_of_buyer(user: User) -> QuerySet[Booking]:
    """My bookings: upcoming dates first, then the past ones."""
    return _with_related(Booking.objects.filter(buyer=user)).order_by("-session__starts_at", "-id")


def booking_for(*, user: User, pk: int) -> tuple[Booking, str]:
    """A booking and the side the person is on; someone else's booking is a 404."""
    booking = _with_related(Booking.objects.filter(pk=pk)).first()
    if booking is None:
        raise Http404
    side = side_of(booking, user)
    if side is None:
        raise Http404
    return booking, side


def side_of(booking: Booking, user: User) -> str | None:
    if booking.buyer_id == user.pk:
        return BUYER
    if Membership.objects.filter(user=user, organisation_id=booking.seller_id).exists():
        return SELLER
    return None


def people_of(booking: Booking) -> QuerySet[User]:
    """The buyer and the members of the selling organisation: both sides of a booking."""
    return User.objects.filter(Q(pk=booking.buyer_id) | Q(memberships__organisation_id=booking.seller_id)).distinct()


def bookable_sessions(listing: Listing) -> QuerySet[Session]:
    """Future sessions of an experience, soonest first (full ones included, to be shown as full)."""
    if listing.kind != Kind.EXPERIENCE:
        return Session.objects.none()
    return listing.sessions.filter(starts_at__gt=timezone.now()).order_by("starts_at")


@dataclass(frozen=True)
class SessionWithGuests:
    """A seller's session and the bookings holding its seats (who is coming)."""

    session: Session
    bookings: list[Booking]

    @property
    def people(self) -> int:
        return sum(booking.people for booking in self.bookings)


def upcoming_sessions_of_seller(user: User, *, limit: int = 100) -> list[SessionWithGuests]:
    """Upcoming sessions of the experiences the person sells, each with who is coming (two queries)."""
    sessions = list(
        Session.objects.filter(listing__in=Listing.objects.editable_by(user), starts_at__gt=timezone.now())
        .select_related("listing", "listing__community")
        .order_by("starts_at", "id")[:limit]
    )
    guests: dict[int, list[Booking]] = {session.pk: [] for session in sessions}
    for booking in (
        Booking.objects.filter(session__in=sessions, status__in=HOLDS_SEATS)
        .select_related("buyer")
        .order_by("created_at", "id")
    ):
        guests[booking.session_id].append(booking)
    return [SessionWithGuests(session=session, bookings=guests[session.pk]) for session in sessions]


def listings_sold_by(user: User) -> QuerySet[Listing]:
    """The experiences the person sells, for the booking-terms links."""
    return Listing.objects.editable_by(user).filter(kind=Kind.EXPERIENCE).select_related("booking_terms").distinct()


def listing_of_seller(*, user: User, pk: int) -> Listing:
    listing = listings_sold_by(user).filter(pk=pk).first()
    if listing is None:
        raise Http404
    return listing
