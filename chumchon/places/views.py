from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from chumchon.places import selectors
from chumchon.places.models import Community, District, Province

COMMUNITIES_PER_PAGE = 24


def _page(request: HttpRequest, communities: object) -> object:
    return Paginator(communities, COMMUNITIES_PER_PAGE).get_page(request.GET.get("page"))  # type: ignore[arg-type]


def browse(request: HttpRequest) -> HttpResponse:
    context = {
        "provinces": selectors.provinces_with_communities(),
        "page": _page(request, selectors.communities_for_browse()),
    }
    return render(request, "places/browse.html", context)


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
    community = get_object_or_404(Community.objects.published().with_places(), slug=slug)
    return render(request, "places/community.html", {"community": community})


def creative_cities(request: HttpRequest) -> HttpResponse:
    return render(request, "places/creative_cities.html", {"cities": selectors.creative_cities()})
