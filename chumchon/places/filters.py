"""The shared place filters (a province, a district: by code, slug, Thai or English name), used by
every list that filters by place, and the filters of the community list (the communities page and
`/api/v1/communities/`) and of the API's district list."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chumchon.core.filters import FilterSet, LookupField, LookupFilter, SlugFilter
from chumchon.places.models import Area, Community, District, Province
from chumchon.places.selectors import district_lookup, province_lookup


class DistrictField(LookupField):
    def __init__(self, *, province_field: str = "province", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.province_field = province_field

    def resolve(self, value: str, cleaned_data: dict[str, Any]) -> District:
        province = cleaned_data.get(self.province_field)
        district = district_lookup(value, province=province if isinstance(province, Province) else None)
        if district is None:
            raise ValidationError(self.message, code="invalid", params={"value": value})
        return district


class ProvinceFilter(LookupFilter):
    """A province by code, slug, Thai or English name; `field_name` is the path to the province."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Province"))
        kwargs.setdefault("description", "Province code, slug, Thai or English name (e.g. 64, สุโขทัย, Sukhothai)")
        kwargs.update(lookup=province_lookup, message=_("No province is called “%(value)s”."))
        super().__init__(*args, **kwargs)


class DistrictFilter(LookupFilter):
    """A district by code, slug, Thai or English name, within the province given by the filter
    named `province_field` when there is one."""

    field_class = DistrictField

    def __init__(self, *args: Any, province_field: str = "province", **kwargs: Any) -> None:
        kwargs.setdefault("label", _("District"))
        kwargs.setdefault("description", "District code, slug, Thai or English name (within the province if given)")
        kwargs.update(lookup=district_lookup, message=_("No district is called “%(value)s”."))
        kwargs["province_field"] = province_field
        super().__init__(*args, **kwargs)


class CommunityFilterSet(FilterSet):
    province = ProvinceFilter()
    district = DistrictFilter()
    area = SlugFilter(
        label=_("Area"),
        queryset=Area.objects.all(),
        message=_("No area has the slug “%(value)s”."),
        description="Area slug",
    )

    class Meta(FilterSet.Meta):
        model = Community
        fields = ["province", "district", "area"]


class DistrictFilterSet(FilterSet):
    province = ProvinceFilter()

    class Meta(FilterSet.Meta):
        model = District
        fields = ["province"]
