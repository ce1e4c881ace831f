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
    provinces: dict[str, Any] = {}
    for province_data in geothai.provinces():
        province, _ = province_model.objects.update_or_create(
            code=province_data.code,
            defaults={
                "name_th": province_data.name_th,
                "name_en": province_data.name_en,
                "slug": _unique_slug(province_data.name_en, province_data.code, province_slugs),
            },
        )
        provinces[province_data.code] = province

    existing_districts = set(district_model.objects.values_list("code", flat=True))
    districts_to_create = []
    for code, province in provinces.items():
        district_slugs: set[str] = set()
        for district_data in geothai.districts(code):
            values = {
                "name_th": district_data.name_th,
                "name_en": district_data.name_en,
                "slug": _unique_slug(district_data.name_en, district_data.code, district_slugs),
            }
            if district_data.code in existing_districts:
                district_model.objects.filter(code=district_data.code).update(**values)
            else:
                districts_to_create.append(district_model(code=district_data.code, province=province, **values))
    district_model.objects.bulk_create(districts_to_create, batch_size=500)

    district_ids = dict(district_model.objects.values_list("code", "id"))
    existing_subdistricts = set(subdistrict_model.objects.values_list("code", flat=True))
    subdistricts_to_create = [
        subdistrict_model(
            code=subdistrict_data.code,
            name_th=subdistrict_data.name_th,
            name_en=subdistrict_data.name_en,
            district_id=district_id,
            postal_codes=",".join(subdistrict_data.postal_codes),
        )
        for district_code, district_id in district_ids.items()
        for subdistrict_data in geothai.subdistricts(district_code)
        if subdistrict_data.code not in existing_subdistricts
    ]
    subdistrict_model.objects.bulk_create(subdistricts_to_create, batch_size=1000)
