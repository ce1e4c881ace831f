"""Thailand's administrative divisions, read from the geothai package (never typed by hand)."""

from __future__ import annotations

from typing import Any

import geothai
from django.utils.text import slugify


def _unique_slug(name_en: str, code: str, taken: set[str]) -> str:
    slug = slugify(name_en) or code
    if slug in taken:
        slug = f"{slug}-{code}"
    taken.add(slug)
    return slug


def load_administrative_divisions(province_model: Any, district_model: Any, subdistrict_model: Any) -> None:
    """Create or refresh every province, district and subdistrict (idempotent, keyed by code).

    Takes the model classes so that migrations can pass their historical models.
    """
    province_slugs: set[str] = set()
    provinces = {}
    for item in geothai.provinces():
        province, _ = province_model.objects.update_or_create(
            code=item.code,
            defaults={"name_th": item.name_th, "name_en": item.name_en, "slug": _unique_slug(item.name_en, item.code, province_slugs)},
        )
        provinces[item.code] = province

    existing_districts = set(district_model.objects.values_list("code", flat=True))
    districts_to_create = []
    for code, province in provinces.items():
        district_slugs: set[str] = set()
        for item in geothai.districts(code):
            slug = _unique_slug(item.name_en, item.code, district_slugs)
            if item.code in existing_districts:
                district_model.objects.filter(code=item.code).update(name_th=item.name_th, name_en=item.name_en, slug=slug)
            else:
                districts_to_create.append(
                    district_model(code=item.code, name_th=item.name_th, name_en=item.name_en, slug=slug, province=province)
                )
    district_model.objects.bulk_create(districts_to_create, batch_size=500)

    district_ids = dict(district_model.objects.values_list("code", "id"))
    existing_subdistricts = set(subdistrict_model.objects.values_list("code", flat=True))
    subdistricts_to_create = []
    for district_code, district_id in district_ids.items():
        for item in geothai.subdistricts(district_code):
            if item.code in existing_subdistricts:
                continue
            subdistricts_to_create.append(
                subdistrict_model(
                    code=item.code,
                    name_th=item.name_th,
                    name_en=item.name_en,
                    district_id=district_id,
                    postal_codes=",".join(item.postal_codes),
                )
            )
    subdistrict_model.objects.bulk_create(subdistricts_to_create, batch_size=1000)
