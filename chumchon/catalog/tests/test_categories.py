"""The category tree as officers and buyers name it: OTOP groups, tourism experience types, aliases."""

from __future__ import annotations

import pytest

from chumchon.catalog.categories import CategoryIndex, label_key
from chumchon.catalog.models import Category
from chumchon.catalog.taxonomy import ALIASES, CATEGORY_TREE

pytestmark = pytest.mark.django_db

EVERYDAY = {
    "jewelry": "metalwork-jewellery", "Jewellery": "metalwork-jewellery", "tour": "trips", "culture": "culture-heritage",
    "farm": "farm", "beauty": "herbal", "wellness": "wellness", "souvenir": "household-souvenirs",
    "household": "household-souvenirs", "handicraft": "crafts", "woodcraft": "wood-bamboo", "camping": "nature",
    "nature": "nature", "ของฝาก": "household-souvenirs", "หัตถกรรม": "crafts", "เครื่องประดับ": "metalwork-jewellery",
    "Handicrafts": "crafts", "Wood-craft": "wood-bamboo", "SOUVENIRS": "household-souvenirs", "เวิร์คช็อป": "workshop",
    "spa": "wellness", "boat trip": "river-boat", "cycling": "cycling", "เครื่องดื่ม": "beverages", "temple": "culture-heritage",
}  # fmt: skip


def test_it_keeps_the_first_eighteen_slugs_and_adds_the_otop_and_tourism_groups():
    slugs = set(Category.objects.values_list("slug", flat=True))
    first = {"crafts", "textiles", "ceramics", "metalwork-jewellery", "wood-bamboo", "basketry", "art",
             "food-and-herbs", "food", "herbal", "experiences", "workshop", "homestay", "meal", "performance",
             "trips", "day-trip", "multi-day-trip"}  # fmt: skip
    added = {
        "household-souvenirs",
        "beverages",
        "wellness",
        "farm",
        "nature",
        "culture-heritage",
        "cycling",
        "river-boat",
    }
    assert first | added <= slugs
    wellness = Category.objects.get(slug="wellness")
    assert wellness.parent is not None
    assert (wellness.name_th, wellness.name_en, wellness.parent.slug) == (
        "สุขภาพ สปา และนวดแผนไทย", "Wellness, spa and massage", "experiences",
    )  # fmt: skip
    assert "spa" in wellness.aliases and "นวดแผนไทย" in wellness.aliases


def slug_of(index: CategoryIndex, label: str) -> str | None:
    category = index.find(label)
    return None if category is None else category.slug


@pytest.mark.parametrize(("label", "slug"), sorted(EVERYDAY.items()))
def test_it_finds_a_category_by_the_everyday_word(label, slug):
    assert slug_of(CategoryIndex(), label) == slug


def test_it_finds_a_category_by_its_slug_and_its_thai_or_english_name():
    index = CategoryIndex()
    for label in ("textiles", "ผ้าและสิ่งทอ", "Textiles", " TEXTILES "):
        assert slug_of(index, label) == "textiles"


def test_it_names_no_category_for_a_word_it_does_not_know_but_suggests_a_close_one():
    index = CategoryIndex()
    assert index.find("lamps") is None
    assert index.find("jewlery") is None
    suggestion = index.suggest("jewlery")
    assert suggestion is not None and suggestion.slug == "metalwork-jewellery"


def test_it_compares_spellings_and_plurals_alike():
    assert label_key("Jewellery") == label_key("jewelry ") == label_key("JEWELRY")
    assert label_key("Day-trips") == label_key("day trip")
    assert label_key("ของ ฝาก") == label_key("ของฝาก")
    assert label_key("Food & herbs") == label_key("food and herbs")


def test_no_alias_names_two_categories():
    owner: dict[str, str] = {}
    names = {slug: (name_th, name_en) for slug, name_th, name_en, _ in CATEGORY_TREE}
    names |= {slug: (th, en) for *_, children in CATEGORY_TREE for slug, th, en in children}
    for slug, words in [(slug, (*names[slug], slug)) for slug in names] + list(ALIASES.items()):
        for word in words:
            other = owner.setdefault(label_key(word), slug)
            assert other == slug, f"{word!r} names both {other} and {slug}"
    assert set(ALIASES) <= set(names)
