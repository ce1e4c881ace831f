"""Reads about places: lookups by Thai or English name or code, and browse queries."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from chumchon.places.models import Community, CommunityQuerySet, CreativeCity, District, Province


def _clean(value: str) -> str:
    value = value.strip()
    for prefix in ("จังหวัด", "จ.", "อำเภอ", "อ.", "เขต"):
        if value.startswith(prefix) and len(value) > len(prefix):
            value = value[len(prefix) :].strip()
    return value


def province_lookup(value: str) -> Province | None:
    """A province by code (`64`), Thai (`สุโขทัย`, `จ.สุโขทัย`) or English name (`sukhothai`), or slug."""
    value = _clean(value)
    if not value:
        return None
    return Province.objects.filter(
        Q(code=value) | Q(name_th=value) | Q(name_en__iexact=value) | Q(slug=value.lower())
    ).first()


def district_lookup(value: str, *, province: Province | None = None) -> District | None:
    """A district by code, Thai or English name, within a province when one is given."""
    value = _clean(value)
    if not value:
        return None
    districts = District.objects.select_related("province")
    if province is not None:
        districts = districts.filter(province=province)
    return districts.filter(Q(code=value) | Q(name_th=value) | Q(name_en__iexact=value) | Q(slug=value.lower())).first()


def provinces_with_communities() -> QuerySet[Province]:
    return (
        Province.objects.annotate(community_count=Count("communities", filter=Q(communities__is_published=True)))
        .filter(community_count__gt=0)
        .order_by("name_th")
    )


def districts_with_counts(province: Province) -> QuerySet[District]:
    return province.districts.annotate(
        community_count=Count("communities", filter=Q(communities__is_published=True))
    ).order_by("code")


def communities_for_browse(
    *, province: Province | None = None, district: District | None = None
) -> QuerySet[Community]:
    communities = communities_visible_to()
    if province is not None:
        communities = communities.in_province(province)
    if district is not None:
        communities = communities.in_district(district)
    return communities.order_by("name_th")


def creative_cities() -> QuerySet[CreativeCity]:
    return CreativeCity.objects.select_related("province").order_by(
        "-status", "-member_since", "target_fiscal_year", "name_th"
    )


def communities_visible_to() -> CommunityQuerySet:
    """The communities anyone may see, signed in or not (officers too): the published ones."""
    return Community.objects.published().with_places()


def community_for(slug: str) -> Community:
    """A published community, else a 404 (an unpublished one is not revealed)."""
    return get_object_or_404(communities_visible_to(), slug=slug)
