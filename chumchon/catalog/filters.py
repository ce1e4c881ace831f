"""Listing filters shared by the browse pages, the search page and the API (one implementation).

`ListingFilters.from_params(request.GET)` reads and validates the query string;
`.apply(listings)` narrows a queryset. Unknown values are errors a person can read, not silently
ignored (a misspelt province names itself).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from chumchon.catalog.models import Category, Kind, Listing, Theme
from chumchon.places.models import Community, District, Province
from chumchon.places.selectors import district_lookup, province_lookup

FILTER_PARAMS = ("kind", "category", "theme", "province", "district", "community", "price_min", "price_max", "capacity")


@dataclass
class ListingFilters:
    """Validated filters; `errors` maps a parameter to the message explaining what is wrong with it."""

    kind: str = ""
    category: Category | None = None
    theme: Theme | None = None
    province: Province | None = None
    district: District | None = None
    community: Community | None = None
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    capacity: int | None = None
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_params(cls, params: Any) -> ListingFilters:
        filters = cls()
        get = lambda name: (params.get(name) or "").strip()  # noqa: E731

        if kind := get("kind"):
            if kind in Kind.values:
                filters.kind = kind
            else:
                filters.errors["kind"] = _("Choose product, experience or route.")
        if slug := get("category"):
            filters.category = Category.objects.filter(slug=slug).first()
            if filters.category is None:
                filters.errors["category"] = _("No category is called “%(value)s”.") % {"value": slug}
        if slug := get("theme"):
            filters.theme = Theme.objects.filter(slug=slug).first()
            if filters.theme is None:
                filters.errors["theme"] = _("No theme is called “%(value)s”.") % {"value": slug}
        if name := get("province"):
            filters.province = province_lookup(name)
            if filters.province is None:
                filters.errors["province"] = _("No province is called “%(value)s”.") % {"value": name}
        if name := get("district"):
            filters.district = district_lookup(name, province=filters.province)
            if filters.district is None:
                filters.errors["district"] = _("No district is called “%(value)s”.") % {"value": name}
        if slug := get("community"):
            filters.community = Community.objects.filter(Q(slug=slug) | Q(external_id=slug)).first()
            if filters.community is None:
                filters.errors["community"] = _("No community is called “%(value)s”.") % {"value": slug}
        for name in ("price_min", "price_max"):
            if raw := get(name):
                try:
                    value = Decimal(raw)
                    if not value.is_finite() or value < 0:
                        raise InvalidOperation
                    setattr(filters, name, value)
                except InvalidOperation:
                    filters.errors[name] = _("“%(value)s” is not a price in baht.") % {"value": raw}
        if raw := get("capacity"):
            if raw.isdigit() and 0 < int(raw) < 100000:
                filters.capacity = int(raw)
            else:
                filters.errors["capacity"] = _("Group size must be a whole number of persons.")
        return filters

    @property
    def is_active(self) -> bool:
        return any(getattr(self, name) not in (None, "") for name in FILTER_PARAMS)

    def apply(self, listings: QuerySet[Listing]) -> QuerySet[Listing]:
        if self.kind:
            listings = listings.filter(kind=self.kind)
        if self.category is not None:
            # The category and its children by id: an OR across a join would scan every listing.
            ids = [self.category.pk, *Category.objects.filter(parent=self.category).values_list("pk", flat=True)]
            listings = listings.filter(category__in=ids)
        if self.theme is not None:
            listings = listings.filter(themes=self.theme)
        if self.province is not None:
            listings = listings.filter(community__province=self.province)
        if self.district is not None:
            listings = listings.filter(community__district=self.district)
        if self.community is not None:
            listings = listings.filter(community=self.community)
        if self.price_min is not None:
            listings = listings.filter(price__gte=self.price_min)
        if self.price_max is not None:
            listings = listings.filter(price__lte=self.price_max)
        if self.capacity is not None:
            listings = listings.filter(capacity__gte=self.capacity)
        return listings
