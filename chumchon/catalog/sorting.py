"""Orders of a list of listings without a search: newest, price (low or high first) and name.

Shared by the listings browse page and the search page (which adds relevance and distance:
`chumchon.search.sorting`). Each order is read off an index on SQLite and PostgreSQL alike, so
that the first page of 100,000 listings costs no more than in the default order:

- newest: (status, published_at, id);
- price: (status, price, id, community). Listings without a price go last in both directions.
  One ORDER BY with NULLS LAST cannot use that index on SQLite (nor, high to low, on PostgreSQL),
  so the priced listings and the unpriced ones are two index-ordered queries, one after the other
  (`PricedFirst`);
- name: (status, sort_name_th|sort_name_en, id), the titles' Thai dictionary-order keys
  (PyThaiNLP's collation, `core.text.thai_sort_key`) kept by the model, in the reader's language.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from chumchon.catalog.models import Listing

NEWEST, PRICE_LOW, PRICE_HIGH, NAME = "newest", "price", "-price", "name"
BROWSE_SORTS = {
    NEWEST: _("Newest"),
    PRICE_LOW: _("Price: low to high"),
    PRICE_HIGH: _("Price: high to low"),
    NAME: _("Name: A to Z"),
}


def parse_browse_sort(value: str | None) -> str:
    """The order asked for on the browse page; anything else (or nothing) is newest first."""
    value = (value or "").strip()
    return value if value in BROWSE_SORTS else NEWEST


def sort_name_field() -> str:
    """The name key of the reader's language (English falls back to the Thai title)."""
    return "sort_name_en" if translation.get_language() == "en" else "sort_name_th"


class PricedFirst:
    """The priced listings in price order, then those without a price (newest added first): what a
    Paginator pages through, each part's slice one index-ordered query."""

    def __init__(self, priced: QuerySet[Listing], unpriced: QuerySet[Listing]) -> None:
        self.priced, self.unpriced = priced, unpriced

    @cached_property
    def priced_count(self) -> int:
        return self.priced.count()

    @cached_property
    def _count(self) -> int:
        return self.priced_count + self.unpriced.count()

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: slice) -> list[Listing]:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("PricedFirst takes a slice without a step")
        start, stop = index.start or 0, index.stop if index.stop is not None else self._count
        split = self.priced_count
        rows: list[Listing] = []
        if start < split:
            rows += list(self.priced[start : min(stop, split)])
        if stop > split:
            rows += list(self.unpriced[max(start - split, 0) : stop - split])
        return rows


def order_listings(listings: QuerySet[Listing], *, sort: str) -> Any:
    """`listings` in the order `sort` (a queryset, or for the price orders a `PricedFirst`)."""
    if sort in (PRICE_LOW, PRICE_HIGH):
        by_price = ("price", "id") if sort == PRICE_LOW else ("-price", "-id")
        return PricedFirst(
            listings.filter(price__isnull=False).order_by(*by_price),
            listings.filter(price__isnull=True).order_by("-id"),
        )
    if sort == NAME:
        return listings.order_by(sort_name_field(), "id")
    return listings.order_by("-published_at", "-id")
