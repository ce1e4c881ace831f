"""Reads of the catalog: what sellers may edit, what officers review, what buyers browse."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404

from chumchon.accounts.models import User
from chumchon.catalog.models import Category, Listing, ListingQuerySet, Status
from chumchon.places.models import Community


def communities_run_by(user: User) -> QuerySet[Community]:
    """Communities whose organisation the person belongs to: where they may list things."""
    return (
        Community.objects.filter(organisation__memberships__user=user).select_related("district", "province").distinct()
    )


def listings_editable_by(user: User) -> ListingQuerySet:
    """Listings the person may edit: their organisations' communities' listings; officers, every one."""
    if user.is_staff:
        return Listing.objects.all()
    return Listing.objects.editable_by(user).distinct()


def listing_for_editor(*, user: User, pk: int) -> Listing:
    """A listing the person may edit (a member of the community's organisation, or an officer), else 404."""
    listing = listings_editable_by(user).select_related("community", "category").filter(pk=pk).first()
    if listing is None:
        raise Http404
    return listing


def may_list_for(user: User, community: Community) -> bool:
    """Whether the person may add listings to the community: a member of the organisation that
    runs it, or an officer."""
    return user.is_staff or communities_run_by(user).filter(pk=community.pk).exists()


def listings_of_seller(user: User) -> QuerySet[Listing]:
    return Listing.objects.editable_by(user).for_cards().order_by("-updated_at").distinct()


def review_queue() -> QuerySet[Listing]:
    return Listing.objects.filter(status=Status.PENDING).for_cards().order_by("submitted_at", "id")


def published_listings() -> QuerySet[Listing]:
    """What buyers may see: published listings of published communities, ready for cards."""
    return Listing.objects.published().for_cards()


def top_categories(limit: int = 6) -> list[Category]:
    """The top-level categories holding the most published listings (their subcategories'
    included, as the category filter counts them), each with `.count`; empty ones left out."""
    held = dict(
        Listing.objects.published()
        .order_by()
        .values("category_id")
        .annotate(n=Count("pk"))
        .values_list("category_id", "n")
    )
    categories = list(Category.objects.all())
    parent_of = {category.pk: category.parent_id or category.pk for category in categories}
    totals: dict[int, int] = {}
    for category_id, n in held.items():
        if category_id is not None:
            top = parent_of[category_id]
            totals[top] = totals.get(top, 0) + n
    tops = [category for category in categories if category.parent_id is None and totals.get(category.pk)]
    for category in tops:
        category.count = totals[category.pk]  # type: ignore[attr-defined]
    tops.sort(key=lambda category: (-category.count, category.position, category.name_th))  # type: ignore[attr-defined]
    return tops[:limit]


def listings_visible_to(user: Any) -> ListingQuerySet:
    """Published listings (of published communities) for anyone; a seller's own listings in every
    status; every listing for officers."""
    if getattr(user, "is_staff", False):
        return Listing.objects.all()
    if getattr(user, "is_authenticated", False):
        return (Listing.objects.published() | Listing.objects.editable_by(user)).distinct()
    return Listing.objects.published()


def listing_for_viewer(*, user: Any, pk: int) -> Listing:
    """A published listing for anyone; an unpublished one only for its sellers and officers (else 404)."""
    listing = listings_visible_to(user).for_cards().filter(pk=pk).first()
    if listing is None:
        raise Http404
    return listing


def listing_page_context(listing: Listing) -> dict[str, Any]:
    """Everything the listing page (and the officer's preview) shows, in a fixed number of queries."""
    from django.utils import timezone

    from chumchon.catalog.seo import listing_json_ld
    from chumchon.core.promptpay import promptpay_qr_svg

    community = listing.community
    stops = list(listing.stops.select_related("community", "listing__community").order_by("position"))
    organisation = community.organisation
    promptpay_svg = ""
    if organisation is not None and organisation.promptpay_id:
        try:
            promptpay_svg = promptpay_qr_svg(organisation.promptpay_id, title="PromptPay")
        except ValidationError:
            promptpay_svg = ""
    map_points = [
        {"lat": float(place.latitude), "lon": float(place.longitude), "label": place.name, "n": number}
        for number, place in enumerate((stop.place for stop in stops), start=1)
        if place.latitude is not None and place.longitude is not None
    ]
    return {
        "listing": listing,
        "community": community,
        "photos": list(listing.photos.all()),
        "sessions": list(listing.sessions.filter(starts_at__gte=timezone.now()).order_by("starts_at")[:20]),
        "stops": stops,
        "map_points": map_points,
        "themes": list(listing.themes.all()),
        "tags": list(listing.tags.all()),
        "promptpay_svg": promptpay_svg,
        "promptpay_organisation": organisation,
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "json_ld": listing_json_ld(listing, stops=stops),
        "more_from_community": list(
            Listing.objects.published().for_cards().filter(community=community).exclude(pk=listing.pk)[:4]
        ),
    }
