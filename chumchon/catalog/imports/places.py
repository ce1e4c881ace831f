"""Places: provinces, districts and subdistricts found by code or name, with the closest name for a misspelling."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from typing import Generic, TypeVar

from django.db import models
from django.utils.translation import gettext as _

from chumchon.catalog.imports.cells import _Cells
from chumchon.places.models import Area, CreativeCity, District, Province, Subdistrict

_NAME_PREFIXES = (
    "จังหวัด", "จ.", "อำเภอ", "อ.", "ตำบล", "ต.", "แขวง", "changwat ", "amphoe ", "amphur ", "tambon ", "khwaeng ",
)  # fmt: skip
_NAME_SUFFIXES = (" province", " district", " subdistrict", " sub-district")


def _name_key(value: str) -> str:
    """A name as compared: any case, with or without จ./อ./ต. or 'province', spaces and hyphens ignored."""
    text = " ".join(value.split()).casefold()
    for prefix in _NAME_PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix):
            text = text[len(prefix) :].strip()
            break
    for suffix in _NAME_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    return text.replace(" ", "").replace("-", "").replace("'", "")


def _is_thai(value: str) -> bool:
    return any("\u0e00" <= char <= "\u0e7f" for char in value)


def _suggest(value: str, names: dict[str, str]) -> str | None:
    """The display name closest to `value`, from {normalised name: display name}."""
    match = difflib.get_close_matches(_name_key(value), list(names), n=1, cutoff=0.6)
    return names[match[0]] if match else None


T = TypeVar("T", bound=models.Model)


class _Names(Generic[T]):
    """Places findable by code, Thai or English name; with the closest name for a misspelling."""

    def __init__(self, items: Iterable[T]) -> None:
        self.by_key: dict[str, T] = {}
        self.thai: dict[str, str] = {}
        self.english: dict[str, str] = {}
        for item in items:
            name_th, name_en = item.name_th, item.name_en  # type: ignore[attr-defined]
            for key in (getattr(item, "code", ""), _name_key(name_th), _name_key(name_en)):
                if key:
                    self.by_key.setdefault(key, item)
            self.thai[_name_key(name_th)] = name_th
            if name_en:
                self.english[_name_key(name_en)] = name_en

    def find(self, value: str) -> T | None:
        return self.by_key.get(_name_key(value))

    def suggest(self, value: str) -> str | None:
        return _suggest(value, self.thai if _is_thai(value) else self.english)


class _Places:
    """Thailand's provinces, districts and subdistricts, loaded once per import."""

    def __init__(self) -> None:
        self.provinces = _Names(Province.objects.all())
        districts: dict[int, list[District]] = defaultdict(list)
        for district in District.objects.all():
            districts[district.province_id].append(district)
        self.districts = {province_id: _Names(items) for province_id, items in districts.items()}
        self._subdistricts: dict[int, _Names[Subdistrict]] | None = None

    def subdistricts(self, district: District) -> _Names[Subdistrict]:
        if self._subdistricts is None:
            grouped: dict[int, list[Subdistrict]] = defaultdict(list)
            for subdistrict in Subdistrict.objects.all():
                grouped[subdistrict.district_id].append(subdistrict)
            self._subdistricts = {district_id: _Names(items) for district_id, items in grouped.items()}
        return self._subdistricts.get(district.pk) or _Names([])

    def subdistrict_anywhere(self, province: Province, value: str) -> tuple[District, Subdistrict] | None:
        """The subdistrict of that name in another district of the province (a common mix-up)."""
        for district in self.districts.get(province.pk, _Names([])).by_key.values():
            subdistrict = self.subdistricts(district).find(value)
            if subdistrict is not None:
                return district, subdistrict
        return None


def _read_area(
    cells: _Cells,
    areas: dict[str, Area],
    creative_cities: dict[str, CreativeCity],
    areas_of_province: dict[int, list[Area]],
) -> Area | None:
    slug = cells.raw("area").strip().lower()
    if not slug:
        return None
    if slug in areas:
        return areas[slug]
    city = creative_cities.get(slug)
    if city is not None:
        # A community belongs to an area, not to a city; the city's province says which area.
        covering = areas_of_province.get(city.province_id, [])
        if covering:
            return covering[0]
        cells.error(
            "area",
            _(
                '"%(value)s" is a creative city, but no area covers its province (%(province)s); '
                "use one of the areas: %(areas)s"
            )
            % {"value": slug, "province": city.province.name, "areas": ", ".join(sorted(areas)) or "-"},
        )
        return None
    message = _('no area or creative city "%(value)s"; the areas are: %(areas)s') % {
        "value": slug, "areas": ", ".join(sorted(areas)) or "-",
    }  # fmt: skip
    cells.error("area", message)
    return None
