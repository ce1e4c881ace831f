"""Reads of reviews and the permission-checked getters the pages and the API share.

Who may review what: the buyer of a completed booking, the buyer side of a confirmed deal (not a
booking's own deal: that booking is the transaction), either side of a held matching meeting about
the other side. Someone else's transaction is a 404. Published reviews are public; a hidden one is
seen by its writer, the reviewed organisation's members and officers only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from chumchon.accounts.models import Membership, Organisation, User
from chumchon.bookings.models import Booking, BookingStatus
from chumchon.catalog.models import Listing
from chumchon.inquiries.models import Deal, DealStatus
from chumchon.matching.models import Meeting, MeetingStatus, Registration
from chumchon.places.models import Community
from chumchon.reviews.models import Review, ReviewReport, ReviewStatus


@dataclass(frozen=True)
class Rating:
    """The average stars and the number of public reviews of a listing or a community."""

    average: float
    count: int

    @property
    def rounded(self) -> int:
        return round(self.average)


NO_RATING = Rating(average=0.0, count=0)


def _with_related(queryset: QuerySet[Review]) -> QuerySet[Review]:
    return queryset.select_related("reviewer", "seller", "community", "listing", "replied_by")


def _my_organisations(user: User) -> QuerySet[Membership, Any]:
    return Membership.objects.filter(user=user).values("organisation_id")


# --- The transactions one may review ----------------------------------------------------------


def booking_to_review(*, user: User, pk: int) -> Booking:
    """One of the person's own bookings (any status: the service says when it may be reviewed)."""
    booking = Booking.objects.select_related("listing", "community", "seller").filter(pk=pk, buyer=user).first()
    if booking is None:
        raise Http404
    return booking


def deals_of_buyer(user: User) -> QuerySet[Deal]:
    return Deal.objects.filter(
        Q(buyer=user, buyer_organisation__isnull=True) | Q(buyer_organisation__in=_my_organisations(user))
    )


def deal_to_review(*, user: User, pk: int) -> Deal:
    """A deal on the person's buying side; someone else's (or the seller's own side) is a 404."""
    deal = deals_of_buyer(user).select_related("seller", "community", "conversation").filter(pk=pk).first()
    if deal is None:
        raise Http404
    return deal


def meeting_to_review(*, user: User, pk: int) -> tuple[Meeting, Registration]:
    """A meeting of one of the person's approved registrations, and the other side's registration
    (the one reviewed); someone else's meeting is a 404."""
    meeting = (
        Meeting.objects.select_related("request__a__organisation", "request__b__organisation", "event")
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404
    mine = set(Registration.objects.of_user(user).approved().values_list("pk", flat=True))
    request = meeting.request
    if request.a_id in mine:
        return meeting, request.b
    if request.b_id in mine:
        return meeting, request.a
    raise Http404


def review_of_booking(booking: Booking) -> Review | None:
    return _with_related(Review.objects.filter(booking=booking)).first()


def review_of_deal(deal: Deal) -> Review | None:
    return _with_related(Review.objects.filter(deal=deal)).first()


def review_of_meeting(meeting: Meeting, seller: Organisation) -> Review | None:
    return _with_related(Review.objects.filter(meeting=meeting, seller=seller)).first()


@dataclass(frozen=True)
class ToReview:
    """A transaction the person may still review, for the "write a review" prompts."""

    kind: str  # "booking", "deal" or "meeting"
    pk: int
    title: str
    seller: str
    date: Any


def waiting_for_review(user: User, *, limit: int = 20) -> list[ToReview]:
    """Completed bookings, confirmed deals and held meetings of the person not yet reviewed
    (three queries)."""
    items: list[ToReview] = []
    bookings = (
        Booking.objects.filter(buyer=user, status=BookingStatus.COMPLETED, review__isnull=True)
        .select_related("listing", "seller", "session")
        .order_by("-session__starts_at")[:limit]
    )
    items += [ToReview("booking", b.pk, b.listing.title, b.seller.name, b.session.starts_at.date()) for b in bookings]
    deals = (
        deals_of_buyer(user)
        .filter(status=DealStatus.CONFIRMED, review__isnull=True, booking_payment__isnull=True)
        .select_related("seller")
        .order_by("-date")[:limit]
    )
    items += [ToReview("deal", d.pk, d.description or str(d), d.seller.name, d.date) for d in deals]
    mine = Registration.objects.of_user(user).approved().values("pk")
    meetings = (
        Meeting.objects.filter(status=MeetingStatus.HELD)
        .filter(Q(request__a__in=mine) | Q(request__b__in=mine))
        .select_related("request__a__organisation", "request__b__organisation", "event", "slot")
        .distinct()
        .order_by("-slot__starts_at")[:limit]
    )
    mine_ids = set(Registration.objects.of_user(user).approved().values_list("pk", flat=True))
    reviewed = set(Review.objects.filter(meeting__in=[m.pk for m in meetings]).values_list("meeting_id", "seller_id"))
    for meeting in meetings:
        other = meeting.request.b if meeting.request.a_id in mine_ids else meeting.request.a
        if (meeting.pk, other.organisation_id) not in reviewed:
            items.append(
                ToReview(
                    "meeting", meeting.pk, meeting.event.name, other.organisation.name, meeting.slot.starts_at.date()
                )
            )
    return items


# --- Reading reviews ----------------------------------------------------------------------------


def public_reviews() -> QuerySet[Review]:
    return _with_related(Review.objects.public())


def reviews_of_listing(listing: Listing) -> QuerySet[Review]:
    return public_reviews().filter(listing=listing)


def reviews_of_community(community: Community) -> QuerySet[Review]:
    return public_reviews().filter(community=community)


def may_moderate(user: Any) -> bool:
    return bool(getattr(user, "is_staff", False))


def review_for(*, user: Any, pk: int) -> Review:
    """A published review for anyone; a hidden one for its writer, the reviewed organisation's
    members and officers; otherwise a 404."""
    review = _with_related(Review.objects.filter(pk=pk)).first()
    if review is None:
        raise Http404
    if review.status == ReviewStatus.PUBLISHED or may_moderate(user):
        return review
    if getattr(user, "is_authenticated", False) and (review.reviewer_id == user.pk or is_seller_of(review, user)):
        return review
    raise Http404


def is_seller_of(review: Review, user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(user=user, organisation_id=review.seller_id).exists()


def reviews_received_by(user: User) -> QuerySet[Review]:
    """Reviews of the organisations the person belongs to, every status."""
    return _with_related(Review.objects.filter(seller__in=_my_organisations(user)))


def review_for_seller(*, user: User, pk: int) -> Review:
    """A review of the person's organisation (to reply to it); anyone else's is a 404."""
    review = reviews_received_by(user).filter(pk=pk).first()
    if review is None:
        raise Http404
    return review


def moderation_queue() -> QuerySet[Review]:
    """Reviews with reports waiting for an officer, most reported first, then the hidden ones."""
    open_reports = ReviewReport.objects.filter(review=OuterRef("pk"), resolved_at__isnull=True)
    return (
        _with_related(Review.objects.all())
        .annotate(
            waiting=Exists(open_reports),
            open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)),
        )
        .filter(Q(waiting=True) | Q(status=ReviewStatus.HIDDEN))
        .order_by("-waiting", "-open_reports", "-created_at", "-id")
    )


def reports_of(review: Review) -> QuerySet[ReviewReport]:
    return review.reports.select_related("reporter").order_by("-created_at", "-id")


# --- Ratings: a fixed number of queries whatever the number of listings -------------------------


def _ratings(field: str, ids: list[int]) -> dict[int, Rating]:
    if not ids:
        return {}
    rows = (
        Review.objects.public()
        .filter(**{f"{field}__in": ids})
        .values(field)
        .annotate(average=Avg("stars"), count=Count("id"))
        .order_by()
    )
    return {row[field]: Rating(average=float(row["average"]), count=row["count"]) for row in rows}


def ratings_of_listings(listings: Any) -> dict[int, Rating]:
    """Average stars and count of each listing given (listings, or (listing, anything) pairs), in
    one query; a listing without public reviews is absent."""
    ids = [(item[0] if isinstance(item, tuple) else item).pk for item in listings]
    return _ratings("listing_id", ids)


def ratings_of_communities(communities: Any) -> dict[int, Rating]:
    return _ratings("community_id", [community.pk for community in communities])


def rating_of_listing(listing: Listing) -> Rating:
    return ratings_of_listings([listing]).get(listing.pk, NO_RATING)


def rating_of_community(community: Community) -> Rating:
    return ratings_of_communities([community]).get(community.pk, NO_RATING)


def meeting_back_url(meeting: Meeting) -> str:
    """Where a participant follows up a meeting: its row on the event's outcomes page."""
    from django.urls import reverse

    return reverse("matching:outcomes", kwargs={"slug": meeting.event.slug}) + f"#meeting-{meeting.pk}"


def is_booking_deal(deal: Deal) -> bool:
    """Whether the deal is the payment of a booking (the booking is the transaction reviewed)."""
    return Booking.objects.filter(payments__deal=deal).exists()
