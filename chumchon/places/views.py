from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from chumchon.places import selectors
from chumchon.places.filters import CommunityFilterSet
from chumchon.places.models import Area, District, Province

COMMUNITIES_PER_PAGE = 24
COMMUNITY_LISTINGS = 8


def _page(request: HttpRequest, communities: object) -> object:
    return Paginator(communities, COMMUNITIES_PER_PAGE).get_page(request.GET.get("page"))  # type: ignore[arg-type]


def browse(request: HttpRequest) -> HttpResponse:
    """Every community, or those of a province, district or area (the API's parameters)."""
    filters = CommunityFilterSet(request.GET, queryset=selectors.communities_for_browse())
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "provinces": selectors.provinces_with_communities(),
        "areas": Area.objects.order_by("name_th"),
        "filters": filters,
        "errors": filters.error_messages,
        "query_string": query.urlencode(),
        "page": _page(request, filters.qs),
    }
    return render(request, "places/browse.html", context, status=400 if filters.errors else 200)


def province_detail(request: HttpRequest, province: str) -> HttpResponse:
    place = get_object_or_404(Province, slug=province)
    context = {
        "province": place,
        "districts": selectors.districts_with_counts(place),
        "page": _page(request, selectors.communities_for_browse(province=place)),
    }
    return render(request, "places/province.html", context)


def district_detail(request: HttpRequest, province: str, district: str) -> HttpResponse:
    place = get_object_or_404(District.objects.select_related("province"), province__slug=province, slug=district)
    context = {
        "province": place.province,
        "district": place,
        "page": _page(request, selectors.communities_for_browse(district=place)),
    }
    return render(request, "places/district.html", context)


def community_detail(request: HttpRequest, slug: str) -> HttpResponse:
    from chumchon.catalog.selectors import published_listings

    community = selectors.community_for(slug)
    listings = list(published_listings().filter(community=community)[: COMMUNITY_LISTINGS + 1])
    context = {
        "community": community,
        "listings": listings[:COMMUNITY_LISTINGS],
        "listings_more": len(listings) > COMMUNITY_LISTINGS,
    }
    return render(request, "places/community.html", context)


def creative_cities(request: HttpRequest) -> HttpResponse:
    return render(request, "places/creative_cities.html", {"cities": selectors.creative_cities()})
