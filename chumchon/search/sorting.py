"""Orders of the results page other than relevance: price (low or high first), newest, name, and
distance from the buyer ("near me"). Without a query, all but distance are the browse page's
(`chumchon.catalog.sorting`). A step after matching: the search's matches (its ranked window, at most
`backend.COUNT_CAP`) are ordered by one query on the listings; without a query the filtered
listings are ordered in SQL. The ranking itself is not touched."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.db.models import ExpressionWrapper, F, FloatField, QuerySet, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from chumchon.catalog import sorting as catalog_sorting
from chumchon.catalog.models import Listing
from chumchon.catalog.sorting import NAME, NEWEST, PRICE_HIGH, PRICE_LOW
from chumchon.search import backend
from chumchon.search.ranking import Ranking

RELEVANCE, DISTANCE = "relevance", "distance"
SORTS = {
    RELEVANCE: _("Relevance"),
    PRICE_LOW: catalog_sorting.BROWSE_SORTS[PRICE_LOW],
    PRICE_HIGH: catalog_sorting.BROWSE_SORTS[PRICE_HIGH],
    NEWEST: catalog_sorting.BROWSE_SORTS[NEWEST],
    NAME: catalog_sorting.BROWSE_SORTS[NAME],
    DISTANCE: _("Distance from you"),
}
__all__ = ["DISTANCE", "NAME", "NEWEST", "PRICE_HIGH", "PRICE_LOW", "RELEVANCE", "SORTS"]
EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Near:
    lat: float
    lng: float

    @property
    def param(self) -> str:
        return f"{self.lat:.4f},{self.lng:.4f}"


def parse_near(value: str | None) -> tuple[Near | None, bool]:
    """`near=lat,lng` as (point, was_invalid): a blank value is no point; a value that is not two
    finite numbers within the Earth's range is ignored and reported as invalid (never an error)."""
    value = (value or "").strip()
    if not value:
        return None, False
    parts = value[:64].split(",")
    if len(parts) != 2:
        return None, True
    try:
        lat, lng = float(parts[0]), float(parts[1])
    except ValueError:
        return None, True
    if not (math.isfinite(lat) and math.isfinite(lng) and -90 <= lat <= 90 and -180 <= lng <= 180):
        return None, True
    return Near(lat, lng), False


def parse_sort(value: str | None, *, near: Near | None, query: str) -> str:
    """The order asked for; distance when a point is given and no other order; relevance for a
    query otherwise, newest without one (relevance means nothing then). Unknown values: the default."""
    default = DISTANCE if near else (RELEVANCE if query else NEWEST)
    value = (value or "").strip()
    if value not in SORTS or (value == DISTANCE and near is None):
        return default
    if value == RELEVANCE and not query:
        return NEWEST
    return value


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def matched_ids(found: QuerySet[Listing]) -> list[int]:
    """The search's matches, best first, at most backend.COUNT_CAP: from the index alone while the
    search serves (no filter added), else by SQL."""
    ranking: Ranking | None = getattr(found, "_ranking", None)
    if ranking is not None and ranking.serves(found):
        return [pk for _rank, pk in ranking.page(0, backend.COUNT_CAP)]
    return list(found.values_list("pk", flat=True)[: backend.COUNT_CAP])


def _sort_key(sort: str, near: Near | None) -> Any:
    def key(row: tuple[Any, ...]) -> tuple[Any, ...]:
        position, pk, price, published_at, lat, lng, name = row
        if sort == DISTANCE and near is not None:
            far = lat is None or lng is None
            return (far, 0.0 if far else haversine_km(near.lat, near.lng, float(lat), float(lng)), position)
        if sort in (PRICE_LOW, PRICE_HIGH):
            if price is None:
                return (True, 0, position)
            return (False, price if sort == PRICE_LOW else -price, position)
        if sort == NAME:
            return (name, pk)
        if sort == NEWEST:
            return (published_at is None, -(published_at.timestamp() if published_at else 0), -pk)
        return (position,)

    return key


def order_matches(listings: QuerySet[Listing], ids: list[int], *, sort: str, near: Near | None) -> list[int]:
    """`ids` (matches, best first) in the order `sort`, by one query on the listings; listings
    without a price (or coordinates, by distance) go last, ties keep the relevance order."""
    if sort == RELEVANCE or not ids:
        return ids
    position = {pk: n for n, pk in enumerate(ids)}
    rows = (
        listings.order_by()
        .filter(pk__in=ids)
        .values_list(
            "pk",
            "price",
            "published_at",
            "community__latitude",
            "community__longitude",
            catalog_sorting.sort_name_field(),
        )
    )
    keyed = [(position[pk], pk, *values) for pk, *values in rows]
    keyed.sort(key=_sort_key(sort, near))
    return [row[1] for row in keyed]


def order_listings(listings: QuerySet[Listing], *, sort: str, near: Near | None) -> Any:
    """Listings without a query, in the order `sort`, in SQL (both databases): the browse page's
    orders (`catalog.sorting.order_listings`: a queryset, or a sequence for the price orders), or by
    distance, an equirectangular approximation (exact enough to order places within a country; the
    page shows the great-circle distance)."""
    if sort == DISTANCE and near is not None:
        scale = math.cos(math.radians(near.lat))
        # Δlat² + (Δlng·cos lat)²: arithmetic only (no trigonometry in SQL, none of SQLite's functions).
        dlat = Cast("community__latitude", FloatField()) - Value(near.lat)
        dlng = (Cast("community__longitude", FloatField()) - Value(near.lng)) * Value(scale)
        approx = ExpressionWrapper(dlat * dlat + dlng * dlng, output_field=FloatField())
        return listings.alias(distance_proxy=approx).order_by(F("distance_proxy").asc(nulls_last=True), "-id")
    return catalog_sorting.order_listings(listings, sort=sort)


def distance_km(listing: Listing, near: Near | None) -> float | None:
    community = listing.community
    if near is None or community.latitude is None or community.longitude is None:
        return None
    return haversine_km(near.lat, near.lng, float(community.latitude), float(community.longitude))
