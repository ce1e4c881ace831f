"""The Thai <-> English vocabulary (vocabulary.toml) and what the search does with it and with the
places a query names (same tests on SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest

from chumchon.catalog.selectors import published_listings
from chumchon.search import vocabulary
from chumchon.search.selectors import search_listings, search_plan
from chumchon.search.tests.judging import install

COMMUNITIES = [
    {"external_id": "t-nan", "name_th": "กลุ่มบ้านทดสอบน่าน", "name_en": "Test village Nan", "province": "น่าน",
     "district": "ท่าวังผา", "subdistrict": "ป่าคา"},
    {"external_id": "t-pb", "name_th": "กลุ่มบ้านทดสอบเพชร", "name_en": "Test village Phetchaburi",
     "province": "เพชรบุรี", "district": "บ้านลาด", "subdistrict": "ท่าเสน"},
]  # fmt: skip


def listing(external_id, community, kind, category, title_th, title_en="", description_th="", description_en=""):
    return {
        "external_id": external_id, "community": community, "kind": kind, "category": category,
        "title_th": title_th, "title_en": title_en, "description_th": description_th,
        "description_en": description_en, "tags": [],
    }  # fmt: skip


LISTINGS = [
    listing("v-basket", "t-nan", "product", "basketry", "กระบุงไม้ไผ่สาน", "", "สานมือ ใส่ข้าวเปลือก"),
    listing("v-celadon", "t-nan", "product", "ceramics", "แจกันเคลือบศิลาดล", "", "สีเขียวอ่อน"),
    listing("v-pot", "t-nan", "product", "ceramics", "กระถางเซรามิก", "", "มีรูระบายน้ำ"),
    listing("v-bike", "t-nan", "route", "day-trip", "ปั่นจักรยานชมวัด", "", "ระยะ 12 กม."),
    listing("v-weave", "t-nan", "product", "textiles", "ผ้าทอมือลายน้ำไหล", "", "ฝ้ายย้อมสีธรรมชาติ"),
    listing("v-money", "t-nan", "experience", "meal", "มื้อเย็นกับชาวบ้าน", "", "ไม่ต้องจ่ายเงินเพิ่ม"),
    listing("v-silver", "t-nan", "product", "metalwork-jewellery", "กำไลเครื่องเงิน", "", "เงินแท้ 92.5"),
    listing("v-sweet", "t-pb", "product", "food", "ขนมตาลเพชรบุรี", "", "ของฝากยอดนิยม"),
    listing("v-sugar", "t-pb", "product", "food", "น้ำตาลโตนด", "Palm sugar", "เคี่ยวเตาฟืน"),
    listing("v-trip", "t-pb", "route", "day-trip", "วิถีตาลโตนด", "Palm village", "เช้าชมสวนตาล"),
    listing("v-nan-sweet", "t-nan", "product", "food", "ขนมปาดน่าน", "", "ของฝากจากน่าน"),
]


@pytest.fixture
def catalogue(db):
    ids = install({"communities": COMMUNITIES, "listings": LISTINGS, "queries": []})
    return {pk: external for external, pk in ids.items()}


def found(catalogue, query):
    return [
        catalogue[pk] for pk in search_listings(query=query, listings=published_listings()).values_list("pk", flat=True)
    ]


@pytest.mark.django_db  # lookups read the catalogue's categories (cached for a minute)
def test_the_vocabulary_file_is_well_formed():
    concepts = vocabulary.load()
    assert len(concepts) > 50
    names = [c.name for c in concepts]
    assert len(names) == len(set(names))
    for concept in concepts:
        for term in (*concept.terms, *concept.narrower):
            assert vocabulary.tokens_of(term), (concept.name, term)
            assert term == term.strip() and term == term.lower(), (concept.name, term)
    # The words the issue names are there, both ways.
    for english, thai in [("pottery", "เครื่องปั้นดินเผา"), ("celadon", "สังคโลก"), ("basket", "จักสาน"),
                          ("silver", "เครื่องเงิน"), ("jewelry", "เครื่องประดับ"), ("cycling", "ปั่นจักรยาน"),
                          ("homestay", "โฮมสเตย์")]:  # fmt: skip
        forward = vocabulary.lookup(vocabulary.tokens_of(english))
        assert forward is not None and vocabulary.tokens_of(thai) in forward.phrases, english


def test_a_bad_entry_is_refused(tmp_path):
    path = tmp_path / "v.toml"
    path.write_text('[[concept]]\nname = "x"\nterms = ["x"]\nkind = "boat"\n', encoding="utf-8")
    with pytest.raises(ValueError):
        vocabulary.load(path)
    path.write_text('[[concept]]\nname = "x"\n', encoding="utf-8")
    with pytest.raises(ValueError):
        vocabulary.load(path)


@pytest.mark.django_db  # lookups read the catalogue's categories (cached for a minute)
def test_generic_words_find_specific_ones_and_not_the_reverse():
    pottery = vocabulary.lookup(("pottery",))
    assert pottery is not None and ("ศิลาดล",) in pottery.phrases and pottery.broader
    celadon = vocabulary.lookup(("celadon",))
    assert celadon is not None and ("เซรามิก",) not in celadon.phrases
    # Bare เงิน is money as well as silver: no word of the vocabulary, so it is searched as typed.
    assert vocabulary.lookup(("เงิน",)) is None


def test_english_finds_thai_only_listings_and_generic_finds_specific(catalogue):
    assert found(catalogue, "bamboo basket")[0] == "v-basket"
    assert {"v-celadon", "v-pot"} <= set(found(catalogue, "pottery"))
    assert set(found(catalogue, "เครื่องปั้นดินเผา")) >= {"v-celadon", "v-pot"}
    assert found(catalogue, "celadon") == ["v-celadon"]
    assert found(catalogue, "cycling tour")[0] == "v-bike"
    assert found(catalogue, "silver jewelry")[0] == "v-silver"
    assert "v-money" not in found(catalogue, "silver jewelry")


def test_category_names_find_their_listings(catalogue):
    vocabulary.forget_categories()
    assert set(found(catalogue, "Ceramics")) == {"v-celadon", "v-pot"}
    assert set(found(catalogue, "ทริปหนึ่งวัน")) == {"v-bike", "v-trip"}


def test_a_place_narrows_while_the_rest_is_searched(catalogue):
    assert set(found(catalogue, "ของฝากเพชรบุรี")) <= {"v-sweet", "v-sugar"}
    assert found(catalogue, "ของฝากเพชรบุรี")[0] == "v-sweet"
    assert set(found(catalogue, "one-day trip in Phetchaburi")) == {"v-trip"}
    assert set(found(catalogue, "ขนม น่าน")) == {"v-nan-sweet"}
    plan = search_plan("souvenirs Phetchaburi")
    assert [g.place for g in plan.groups] == [False, True] and plan.relaxed and plan.places_required


def test_some_words_suffice_and_more_words_rank_higher(catalogue):
    # No listing has both: each has one, the one with the rarer word first.
    results = found(catalogue, "น้ำตาลโตนด ขนมตาล")
    assert set(results) >= {"v-sugar", "v-sweet"}
    # The listing with both words comes before those with one.
    assert found(catalogue, "palm sugar village")[0] in {"v-sugar", "v-trip"}
    both = found(catalogue, "ผ้าทอมือ ฝ้าย")
    assert both[0] == "v-weave"


def test_tone_mark_typos_are_corrected(catalogue):
    # A submitted query (the last word no longer a prefix, which ท่อ would be of ท่องเที่ยว).
    plan = search_plan("ผ้าท่อ ")
    assert plan.did_you_mean == "ผ้าทอ"
    assert found(catalogue, "ผ้าท่อ ") == ["v-weave"]
    assert found(catalogue, "ผ้าท่อน่าน") == ["v-weave"]


def test_relaxed_queries_give_the_same_rows_in_the_same_order_as_sql(catalogue):
    for query in ("ของฝากเพชรบุรี", "palm sugar village", "น้ำตาลโตนด ขนมตาล", "bamboo basket"):
        results: Any = search_listings(query=query, listings=published_listings())
        fast = [(listing.pk, round(listing.search_rank, 6)) for listing in results]
        slow = [(pk, round(rank, 6)) for pk, rank in results.values_list("pk", "search_rank")]
        assert fast == slow, query
