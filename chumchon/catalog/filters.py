"""Listing filters shared by the browse pages, the search page and the API (one implementation).

`ListingFilterSet` is the django-filter FilterSet of the listings API (`DjangoFilterBackend`) and of
the pages. The pages read it through `ListingFilters.from_params(request.GET)`, which keeps the
chosen objects as attributes (`filters.province`…) for the templates and `.apply(listings)`
narrows a queryset. Unknown values are errors a person can read, not silently ignored (a misspelt
province names itself).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from chumchon.catalog.models import Category, Kind, Listing, Theme
from chumchon.core.filters import Described, FilterSet, SlugFilter
from chumchon.places.filters import DistrictFilter, ProvinceFilter
from chumchon.places.models import Community, District, Province

FILTER_PARAMS = ("kind", "category", "theme", "province", "district", "community", "price_min", "price_max", "capacity")
NOT_A_PRICE = _("“%(value)s” is not a price in baht.")
NOT_A_GROUP_SIZE = _("Group size must be a whole number of persons.")


class CategoryFilter(SlugFilter):
    """A category of the curated tree by slug; the list keeps the category's sub-categories too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Category"))
        kwargs.setdefault("description", "Category slug (includes its sub-categories)")
        kwargs.update(queryset=Category.objects.all(), message=_("No category is called “%(value)s”."))
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if not isinstance(value, Category):
            return qs
        # The category and its children by id: an OR across a join would scan every row.
        ids = [value.pk, *Category.objects.filter(parent=value).values_list("pk", flat=True)]
        return qs.filter(**{f"{self.field_name}__in": ids})


class PriceField(forms.DecimalField):
    """A price in baht, not negative; any other text is one error that repeats it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=0, **kwargs)

    def clean(self, value: Any) -> Decimal | None:
        try:
            price: Decimal | None = super().clean(value)
        except ValidationError:
            raise ValidationError(NOT_A_PRICE, code="invalid", params={"value": str(value).strip()}) from None
        return price


class GroupSizeField(forms.IntegerField):
    """A whole number of persons (digits only, 1 to 99,999)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=99999, **kwargs)

    def clean(self, value: Any) -> int | None:
        raw = str(value or "").strip()
        if raw and not raw.isdigit():
            raise ValidationError(NOT_A_GROUP_SIZE, code="invalid")
        try:
            size: int | None = super().clean(raw)
        except ValidationError:
            raise ValidationError(NOT_A_GROUP_SIZE, code="invalid") from None
        return size


class PriceFilter(Described, django_filters.NumberFilter):
    field_class = PriceField
    schema_type = "number"


class GroupSizeFilter(Described, django_filters.NumberFilter):
    field_class = GroupSizeField
    schema_type = "integer"


class ListingFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=Kind.choices,
        error_messages={"invalid_choice": _("Choose product, experience or route.")},
    )
    category = CategoryFilter()
    theme = SlugFilter(
        field_name="themes",
        label=_("Theme"),
        queryset=Theme.objects.all(),
        message=_("No theme is called “%(value)s”."),
        description="Theme slug",
    )
    province = ProvinceFilter(field_name="community__province")
    district = DistrictFilter(field_name="community__district")
    community = SlugFilter(
        label=_("Community"),
        queryset=Community.objects.all(),
        to_fields=("slug", "external_id"),
        message=_("No community is called “%(value)s”."),
        description="Community slug or external id",
    )
    price_min = PriceFilter(
        field_name="price", lookup_expr="gte", label=_("Price from (฿)"), description="Lowest price in baht"
    )
    price_max = PriceFilter(
        field_name="price", lookup_expr="lte", label=_("to (฿)"), description="Highest price in baht"
    )
    capacity = GroupSizeFilter(
        lookup_expr="gte", label=_("Group size (persons)"), description="Group size the listing must take"
    )

    class Meta(FilterSet.Meta):
        model = Listing
        fields = list(FILTER_PARAMS)


@dataclass
class ListingFilters:
    """Validated filters for the pages; `errors` maps a parameter to the message explaining what is
    wrong with it, `form` is the FilterSet's form (its fields' errors shown next to them)."""

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
    filterset: ListingFilterSet | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_params(cls, params: Any) -> ListingFilters:
        filterset = ListingFilterSet(params, queryset=Listing.objects.none())
        filterset.is_valid()
        chosen = {name: value for name, value in filterset.form.cleaned_data.items() if value not in ("", None)}
        return cls(**chosen, errors=filterset.error_messages, filterset=filterset)

    @property
    def form(self) -> forms.Form | None:
        return self.filterset.form if self.filterset is not None else None

    @property
    def is_active(self) -> bool:
        return any(getattr(self, name) not in (None, "") for name in FILTER_PARAMS)

    def apply(self, listings: QuerySet[Listing]) -> QuerySet[Listing]:
        if self.filterset is None:
            return listings
        filtered: QuerySet[Listing] = self.filterset.filter_queryset(listings)
        return filtered
