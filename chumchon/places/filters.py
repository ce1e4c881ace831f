"""Filters of the community list (the communities page and `/api/v1/communities/`) and of the
API's district list."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chumchon.core.filters import DistrictFilter, FilterSet, ProvinceFilter, SlugFilter
from chumchon.places.models import Area, Community, District


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
