"""Every write about communities and areas."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from chumchon.accounts.models import User
from chumchon.accounts.services import audit_record
from chumchon.places.models import Community

COMMUNITY_FIELDS = {
    "name_th", "name_en", "external_id", "province", "district", "subdistrict", "area", "organisation",
    "latitude", "longitude", "story_th", "story_en", "phone", "line_id", "email", "website",
    "households", "photo", "is_published", "is_sample",
}  # fmt: skip


def _community_slug(community: Community) -> str:
    base = slugify(community.name_en)[:60] or f"community-{community.district.code}"
    slug, n = base, 2
    while Community.objects.filter(slug=slug).exclude(pk=community.pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_places(community: Community) -> None:
    if community.district.province_id != community.province_id:
        raise ValidationError(
            {
                "district": _("%(district)s is not in %(province)s.")
                % {"district": community.district, "province": community.province}
            }
        )
    if community.subdistrict is not None and community.subdistrict.district_id != community.district_id:
        raise ValidationError(
            {
                "subdistrict": _("%(subdistrict)s is not in %(district)s.")
                % {"subdistrict": community.subdistrict, "district": community.district}
            }
        )


@transaction.atomic
def community_create(*, by: User | None, **fields: Any) -> Community:
    unknown = set(fields) - COMMUNITY_FIELDS
    if unknown:
        raise ValueError(f"unknown community fields: {sorted(unknown)}")
    if "district" in fields and "province" not in fields:
        fields["province"] = fields["district"].province
    community = Community(**fields)
    _check_places(community)
    community.slug = _community_slug(community)
    community.full_clean()
    community.save()
    if by is not None and by.is_staff:
        audit_record(actor=by, action="community.create", obj=community, summary=community.name_th)
    return community


@transaction.atomic
def community_update(*, community: Community, by: User | None, **changes: Any) -> Community:
    unknown = set(changes) - COMMUNITY_FIELDS
    if unknown:
        raise ValueError(f"unknown community fields: {sorted(unknown)}")
    before = {key: str(getattr(community, key)) for key in changes}
    for key, value in changes.items():
        setattr(community, key, value)
    if "district" in changes and "province" not in changes:
        community.province = community.district.province
    _check_places(community)
    community.full_clean()
    community.save()
    if by is not None and by.is_staff:
        audit_record(
            actor=by,
            action="community.update",
            obj=community,
            before=before,
            after={k: str(v) for k, v in changes.items()},
        )
    return community
