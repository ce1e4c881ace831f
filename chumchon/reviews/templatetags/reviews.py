"""Ratings and reviews in other apps' pages (listing cards, a listing's and a community's page, a
booking's or a deal's page), each in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django import template

from chumchon.bookings.models import BookingStatus
from chumchon.inquiries.models import DealStatus
from chumchon.reviews import selectors
from chumchon.reviews.forms import ReplyForm, ReviewForm
from chumchon.reviews.selectors import NO_RATING, Rating

register = template.Library()

#: Reviews shown on a listing's or a community's page (the rest on the reviews page).
ON_PAGE = 5


@register.simple_tag
def listing_ratings(listings: Any) -> dict[int, Rating]:
    """`{% listing_ratings page.object_list as ratings %}` before a loop of listing cards: one query."""
    return selectors.ratings_of_listings(list(listings or ()))


@register.filter
def rating_for(ratings: dict[int, Rating] | None, pk: int) -> Rating | None:
    return (ratings or {}).get(pk)


@register.inclusion_tag("reviews/includes/reviews_section.html", takes_context=True)
def listing_reviews(context: template.Context, listing: Any) -> dict[str, Any]:
    reviews = list(selectors.reviews_of_listing(listing)[:ON_PAGE])
    return _section(context, rating=selectors.rating_of_listing(listing), reviews=reviews, listing=listing)


@register.inclusion_tag("reviews/includes/reviews_section.html", takes_context=True)
def community_reviews(context: template.Context, community: Any) -> dict[str, Any]:
    reviews = list(selectors.reviews_of_community(community)[:ON_PAGE])
    return _section(context, rating=selectors.rating_of_community(community), reviews=reviews, community=community)


def _section(context: template.Context, *, rating: Rating, reviews: list[Any], **about: Any) -> dict[str, Any]:
    return {"rating": rating or NO_RATING, "reviews": reviews, "request": context.get("request"), **about}


@register.inclusion_tag("reviews/includes/transaction_review.html", takes_context=True)
def transaction_review(context: template.Context, *, booking: Any = None, deal: Any = None) -> dict[str, Any]:
    """The review of a booking or a deal on its page: the form for its buyer once it may be
    reviewed, the review and the reply form for the seller."""
    review = selectors.review_of_booking(booking) if booking is not None else selectors.review_of_deal(deal)
    request = context.get("request")
    user = getattr(request, "user", None)
    is_seller = review is not None and selectors.is_seller_of(review, user)
    side = context.get("side")
    if booking is not None:
        may_write = side == "buyer" and booking.status == BookingStatus.COMPLETED
    else:
        may_write = side == "buyer" and deal.status == DealStatus.CONFIRMED and not selectors.is_booking_deal(deal)
    return {
        "review": review,
        "booking": booking,
        "deal": deal,
        "may_write": review is None and may_write,
        "request": request,
        "is_seller": is_seller,
        "form": ReviewForm(),
        "reply_form": ReplyForm(),
        "csrf_token": context.get("csrf_token"),
    }
