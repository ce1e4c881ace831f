"""Reads of bookings, and the permission-checked getters the pages and the API share: a booking is
seen by its buyer and by the members of the selling organisation, and is a 404 for anyone else."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from chumchon.accounts.models import Membership, User
from chumchon.bookings.models import (
    HOLDS_SEATS,
    Booking,
    BookingPayment,
    BookingStatus,
    BookingTerms,
    CommunityDay,
    PaymentPart,
)
from chumchon.catalog.models import Kind, Listing, Session
from chumchon.places.models import Community

BOOKABLE_KINDS = (Kind.EXPERIENCE, Kind.ROUTE)

BUYER = "buyer"
SELLER = "seller"


def terms_for(listing: Listing) -> BookingTerms:
    """The listing's booking terms; request-to-book within 48 hours when the seller has set none."""
    return BookingTerms.objects.filter(listing=listing).first() or BookingTerms(listing=listing)


def _with_related(queryset: QuerySet[Booking]) -> QuerySet[Booking]:
    return queryset.select_related("session", "listing", "community", "seller", "buyer").prefetch_related("payments")


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


def part_due(booking: Booking) -> str | None:
    """The payment the booking waits for: its deposit then its balance, or the whole amount."""
    if booking.status == BookingStatus.ACCEPTED:
        return PaymentPart.DEPOSIT if booking.has_deposit else PaymentPart.FULL
    if booking.status == BookingStatus.DEPOSIT_PAID:
        return PaymentPart.BALANCE
    return None


def part_amount(booking: Booking, part: str) -> Decimal:
    return {PaymentPart.FULL: booking.amount, PaymentPart.DEPOSIT: booking.deposit}.get(
        PaymentPart(part), booking.balance
    )


def part_reference(booking: Booking, part: str) -> str:
    return BookingPayment(booking=booking, part=part).reference


def payments_of(booking: Booking) -> list[BookingPayment]:
    return list(booking.payments.select_related("booking").order_by("id"))


def payment_for(*, user: User, pk: int, payment_pk: int) -> BookingPayment:
    """A payment of a booking the person is a side of; anyone else's is a 404."""
    booking, _side = booking_for(user=user, pk=pk)
    payment = booking.payments.filter(pk=payment_pk).first()
    if payment is None:
        raise Http404
    payment.booking = booking
    return payment


def bookable_sessions(listing: Listing) -> QuerySet[Session]:
    """Future sessions of an experience or departures of a route, soonest first (full ones included,
    to be shown as full)."""
    if listing.kind not in BOOKABLE_KINDS:
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
    """Upcoming sessions of the experiences and routes the person sells, each with who is coming
    (two queries)."""
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


@dataclass(frozen=True)
class CalendarDay:
    """One day of the seller's calendar: its sessions with who is coming, and for each of the
    seller's communities busy that day, its visitors booked against its daily limit."""

    date: dt.date
    sessions: list[SessionWithGuests]
    capacity: list[tuple[Community, int, int | None]]  # community, visitors booked, daily limit


def seller_calendar(user: User, *, limit: int = 100) -> list[CalendarDay]:
    """The seller's upcoming sessions grouped by day (Asia/Bangkok), with each day's capacity use
    (three queries)."""
    sessions = upcoming_sessions_of_seller(user, limit=limit)
    days: dict[dt.date, list[SessionWithGuests]] = {}
    for item in sessions:
        days.setdefault(timezone.localdate(item.session.starts_at), []).append(item)
    communities = {item.session.listing.community_id: item.session.listing.community for item in sessions}
    booked = {
        (row.community_id, row.date): row.visitors
        for row in CommunityDay.objects.filter(community_id__in=communities, date__in=list(days))
    }
    calendar = []
    for date, items in days.items():
        here = sorted({item.session.listing.community_id for item in items})
        calendar.append(
            CalendarDay(
                date=date,
                sessions=items,
                capacity=[
                    (communities[pk], booked.get((pk, date), 0), communities[pk].daily_visitor_limit) for pk in here
                ],
            )
        )
    return calendar


def communities_sold_for(user: User) -> QuerySet[Community]:
    """The communities whose organisation the person belongs to (their daily visitor limit)."""
    return Community.objects.filter(organisation__memberships__user=user).distinct().order_by("name_th")


def community_of_seller(*, user: User, pk: int) -> Community:
    community = communities_sold_for(user).filter(pk=pk).first()
    if community is None:
        raise Http404
    return community


def listings_sold_by(user: User) -> QuerySet[Listing]:
    """The experiences and routes the person sells, for the booking-terms links."""
    return Listing.objects.editable_by(user).filter(kind__in=BOOKABLE_KINDS).select_related("booking_terms").distinct()


def listing_of_seller(*, user: User, pk: int) -> Listing:
    listing = listings_sold_by(user).filter(pk=pk).first()
    if listing is None:
        raise Http404
    return listing
