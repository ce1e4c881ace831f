"""Reads of the catalog: what sellers may edit, what officers review, what buyers browse."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from chumchon.accounts.models import User
from chumchon.catalog.models import Listing, Status
from chumchon.places.models import Community


def communities_run_by(user: User) -> QuerySet[Community]:
    """Communities whose organisation the person belongs to: where they may list things."""
    return (
        Community.objects.filter(organisation__memberships__user=user).select_related("district", "province").distinct()
    )


def listing_for_editor(*, user: User, pk: int) -> Listing:
    """A listing the person may edit (a member of the community's organisation, or an officer), else 404."""
    listings = Listing.objects.select_related("community", "category")
    if not user.is_staff:
        listings = listings.editable_by(user)
    listing = listings.filter(pk=pk).first()
    if listing is None:
        raise Http404
    return listing


def listings_of_seller(user: User) -> QuerySet[Listing]:
    return Listing.objects.editable_by(user).for_cards().order_by("-updated_at").distinct()


def review_queue() -> QuerySet[Listing]:
    return Listing.objects.filter(status=Status.PENDING).for_cards().order_by("submitted_at", "id")


def published_listings() -> QuerySet[Listing]:
    """What buyers may see: published listings of published communities, ready for cards."""
    return Listing.objects.published().for_cards()
