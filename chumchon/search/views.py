"""The search results page and the suggestions shown while typing (an htmx fragment that is also
a plain page without JavaScript)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from chumchon.catalog import cached
from chumchon.catalog.filters import ListingFilters
from chumchon.catalog.models import Kind
from chumchon.catalog.selectors import card_listings, published_listings
from chumchon.knowledge.models import Article
from chumchon.knowledge.selectors import search_articles
from chumchon.search import selectors, sorting
from chumchon.search.query import MAX_QUERY_CHARS
from chumchon.search.text import LimitedQuery, cut_query_message, limit_words

RESULTS_PER_PAGE = 20
ARTICLES_SHOWN = 3  # guides and news beside the listings; the knowledge page has them all


def _limited(request: HttpRequest) -> LimitedQuery:
    return limit_words(request.GET.get("q") or "")


def _query(request: HttpRequest, limited: LimitedQuery | None = None) -> str:
    return (limited or _limited(request)).text[:MAX_QUERY_CHARS]


def _link(request: HttpRequest, **changes: str | None) -> str:
    """This page's query string with some parameters changed (None removes one), page reset: as
    QueryDict.copy() and urlencode() would write it, without deep-copying the query for each of
    the facets' links."""
    params = {name: values for name, values in request.GET.lists() if name != "page"}
    for name, value in changes.items():
        params.pop(name, None)
        if value:
            params[name] = [value]
    return "?" + urlencode([(name, value) for name, values in params.items() for value in values])


def _facet_links(request: HttpRequest, facets: dict[str, list[dict[str, Any]]], filters: ListingFilters) -> dict:
    kinds = dict(Kind.choices)
    lang_en = getattr(request, "LANGUAGE_CODE", "th") == "en"

    def name(row: dict[str, Any], prefix: str) -> str:
        return (row.get(f"{prefix}name_en") if lang_en else "") or row[f"{prefix}name_th"]

    return {
        "kind": [
            {
                "label": kinds.get(row["kind"], row["kind"]),
                "count": row["count"],
                "url": _link(request, kind=None if filters.kind == row["kind"] else row["kind"]),
                "active": filters.kind == row["kind"],
            }
            for row in facets["kind"]
        ],
        "category": [
            {
                "label": name(row, "category__"),
                "count": row["count"],
                "url": _link(
                    request,
                    category=None
                    if filters.category and filters.category.slug == row["category__slug"]
                    else row["category__slug"],
                ),
                "active": bool(filters.category and filters.category.slug == row["category__slug"]),
            }
            for row in facets["category"]
        ],
        "district": [
            {
                "label": f"{name(row, 'community__district__')} · {name(row, 'community__province__')}",
                "count": row["count"],
                "url": _link(
                    request,
                    province=None,
                    district=None
                    if filters.district and filters.district.code == row["community__district__code"]
                    else row["community__district__code"],
                ),
                "active": bool(filters.district and filters.district.code == row["community__district__code"]),
            }
            for row in facets["district"]
        ],
    }


@require_GET
def results(request: HttpRequest) -> HttpResponse:
    limited = _limited(request)
    query = _query(request, limited)
    filters = ListingFilters.from_params(request.GET)
    near, near_invalid = sorting.parse_near(request.GET.get("near"))
    sort = sorting.parse_sort(request.GET.get("sort"), near=near, query=query)
    context: dict[str, Any] = {
        "query": query,
        "sort": sort,
        "near": near,
        "near_invalid": near_invalid,
        "query_cut": cut_query_message(limited),
        "filters": filters,
        "kinds": Kind.choices,
    }
    context["category_tree"] = cached.category_tree()
    context["themes"] = cached.themes()
    if not query and not filters.is_active:
        return render(request, "search/results.html", context)

    listings = filters.apply(card_listings())
    plan = selectors.search_plan(query)
    found = selectors.search_listings(query=query, listings=listings, plan=plan) if query else listings
    page: Any
    if query and sort != sorting.RELEVANCE:
        # Another order than relevance: the matches (the ranked window) ordered by one query, then
        # only the page's rows fetched.
        ordered = sorting.order_matches(listings, sorting.matched_ids(found), sort=sort, near=near)
        page = Paginator(ordered, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        rows = {row.pk: row for row in listings.filter(pk__in=list(page.object_list))}
        page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
    else:
        if not query:
            found = sorting.order_listings(listings, sort=sort, near=near)
        page = Paginator(found, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    snippets = selectors.listing_snippets(page.object_list, query, plan=plan) if query else {}
    communities: list[Any] = []
    articles: list[Any] = []
    if query and page.number == 1:
        communities = list(selectors.search_communities(query=query)[:4])
        articles = list(search_articles(Article.objects.published(), query).order_by("-published_at")[:ARTICLES_SHOWN])
    # Without a query `found` may be a sequence (the price orders): the facets count the listings.
    counted = found if query else listings
    facets = selectors.search_facets(counted) if page.paginator.count else {"kind": [], "category": [], "district": []}
    context.update(
        {
            "searched": True,
            "plan": plan,
            "page": page,
            "results": [
                (listing, snippets.get(listing.pk), _distance_label(listing, near)) for listing in page.object_list
            ],
            "sorts": [
                (value, label)
                for value, label in sorting.SORTS.items()
                if (value != sorting.DISTANCE or near) and (value != sorting.RELEVANCE or query)
            ],
            "kept_params": [
                (name, value)
                for name in request.GET
                if name not in ("sort", "page")
                for value in request.GET.getlist(name)[:1]
            ],
            "map_points": _map_points(page.object_list),
            "map_tile_url": settings.MAP_TILE_URL,
            "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
            "without_near_url": _link(request, near=None, sort=None),
            "communities": communities,
            "articles": articles,
            "facets": _facet_links(request, facets, filters),
            "did_you_mean": plan.did_you_mean,
            "results_capped": selectors.results_capped(counted),
            "page_query": _link(request),
            "clear_filters_url": "?" + urlencode({"q": query}),
        }
    )
    if not page.paginator.count and not communities and not articles:
        context["alternatives"] = _alternatives(plan, listings)
        context["popular_categories"] = cached.top_categories()
    status = 400 if filters.errors else 200
    return render(request, "search/results.html", context, status=status)


def _distance_label(listing: Any, near: sorting.Near | None) -> str:
    km = sorting.distance_km(listing, near)
    if km is None:
        return ""
    return _("%(km)s km away") % {"km": number_format(km, 1 if km < 10 else 0, force_grouping=True)}


def _map_points(listings: Any) -> list[dict[str, Any]]:
    """The page's listings that can be placed (by their community's coordinates), for the map."""
    return [
        {
            "lat": float(listing.community.latitude),
            "lng": float(listing.community.longitude),
            "title": listing.title,
            "place": listing.community.name,
            "url": listing.get_absolute_url(),
            "n": number,
        }
        for number, listing in enumerate(listings, start=1)
        if listing.community.latitude is not None and listing.community.longitude is not None
    ]


def _alternatives(plan: Any, listings: Any) -> list[dict[str, Any]]:
    """When the whole query finds nothing: each of its words alone, with how much it finds."""
    out = []
    if len(plan.groups) > 1:
        for group in plan.groups:
            count = selectors.search_listings(query=group.surface, listings=listings).count()
            if count:
                out.append({"text": group.surface, "count": count})
    return out


@require_GET
def suggest(request: HttpRequest) -> HttpResponse:
    """Suggestions as you type: a fragment for htmx, a short page of links otherwise."""
    query = _query(request)[:100]
    items = selectors.suggestions(query, listings=published_listings()) if query else []
    template = "search/includes/suggestions.html" if request.headers.get("HX-Request") else "search/suggest.html"
    return render(request, template, {"query": query, "suggestions": items})
