"""Reads about places: lookups by Thai or English name or code, and browse queries."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from chumchon.accounts.models import User
from chumchon.places.models import (
    Community,
    CommunityClaim,
    CommunityQuerySet,
    CreativeCity,
    District,
    Province,
    Subdistrict,
)


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


# --- Claims and proposals ---------------------------------------------------------------------

CLAIM_SEARCH_RESULTS = 20
SUBDISTRICT_SUGGESTIONS = 15


def communities_to_claim(query: str) -> QuerySet[Community]:
    """Communities whose name, subdistrict, district or province (Thai or English) contains each
    word of `query`: what a seller looks for before claiming hers."""
    communities = Community.objects.published().with_places().select_related("organisation")
    words = [_clean(word) for word in query.split()][:5]
    if not any(words):
        return communities.none()
    for word in filter(None, words):
        communities = communities.filter(
            Q(name_th__icontains=word) | Q(name_en__icontains=word)
            | Q(subdistrict__name_th__icontains=word) | Q(subdistrict__name_en__icontains=word)
            | Q(district__name_th__icontains=word) | Q(district__name_en__icontains=word)
            | Q(province__name_th__icontains=word) | Q(province__name_en__icontains=word)
        )  # fmt: skip
    return communities.order_by("name_th")[:CLAIM_SEARCH_RESULTS]


def subdistrict_label(subdistrict: Subdistrict) -> str:
    """How a subdistrict is offered and typed back: names with district, province and code."""
    district = subdistrict.district
    return f"{subdistrict.name}, {district.name}, {district.province.name} ({subdistrict.code})"


def subdistrict_suggestions(query: str) -> list[str]:
    """Subdistricts whose Thai or English name begins with (then contains) what was typed."""
    query = query.strip()
    for prefix in ("ตำบล", "ต.", "แขวง"):
        if query.startswith(prefix) and len(query) > len(prefix):
            query = query[len(prefix) :].strip()
    if not query:
        return []
    subdistricts = Subdistrict.objects.select_related("district__province")
    found = list(
        subdistricts.filter(Q(name_th__startswith=query) | Q(name_en__istartswith=query)).order_by("name_th", "code")[
            :SUBDISTRICT_SUGGESTIONS
        ]
    )
    if len(found) < SUBDISTRICT_SUGGESTIONS:
        found += (
            subdistricts.filter(Q(name_th__contains=query) | Q(name_en__icontains=query))
            .exclude(pk__in=[subdistrict.pk for subdistrict in found])
            .order_by("name_th", "code")[: SUBDISTRICT_SUGGESTIONS - len(found)]
        )
    return [subdistrict_label(subdistrict) for subdistrict in found]


def subdistrict_from_label(value: str) -> Subdistrict | None:
    """The subdistrict a typed or picked label names: by its code in brackets, else by a name
    that only one subdistrict has."""
    value = value.strip()
    if value.endswith(")") and "(" in value:
        code = value.rsplit("(", 1)[1].rstrip(")").strip()
        return Subdistrict.objects.select_related("district__province").filter(code=code).first()
    name = value.split(",", 1)[0].strip()
    matches = list(
        Subdistrict.objects.select_related("district__province").filter(Q(name_th=name) | Q(name_en__iexact=name))[:2]
    )
    return matches[0] if len(matches) == 1 else None


def claims_of(user: User) -> QuerySet[CommunityClaim]:
    """The claims and proposals of the person's organisations, newest first."""
    return CommunityClaim.objects.with_related().filter(organisation__memberships__user=user).distinct()


def claim_queue() -> QuerySet[CommunityClaim]:
    """What officers have to decide, oldest first."""
    return CommunityClaim.objects.pending().with_related().order_by("created_at", "id")
