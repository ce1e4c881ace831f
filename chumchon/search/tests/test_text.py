import pytest

from chumchon.search import text
from chumchon.search.backend import And, Or, Term, matching, render_fts5, render_tsquery
from chumchon.search.query import _word_node, parse


def test_normalize_fixes_thai_spelling_variants_and_case():
    assert text.normalize("ก\u0e4d\u0e32") == "กำ"  # nikhahit + sara aa → sara am
    assert text.normalize("ฃวด ฅน") == "ขวด คน"
    assert text.normalize("ผ้า\u200bทอ") == "ผ้าทอ"
    assert text.normalize("เเปลก") == "แปลก"  # two sara e → sara ae
    assert text.normalize("Celadon ÉCRU") == "celadon écru"
    assert text.normalize("e\u0301") == "é"  # NFC


def test_project_words_stay_whole_and_compounds_have_syllables():
    assert text.words("เครื่องสังคโลกเกาะน้อย") == ["เครื่องสังคโลก", "เกาะ", "น้อย"]
    assert "ผ้าซิ่นตีนจก" in text.words("ชุมชนผ้าซิ่นตีนจกหาดเสี้ยว")
    assert "ศรีสัชนาลัย" in text.words("ทองโบราณศรีสัชนาลัย")  # a place name, from geothai
    assert text.syllables("ศิลปะพื้นบ้าน") == ["ศิล", "ปะ", "พื้น", "บ้าน"]


def test_english_words_are_folded():
    assert text.words("Bowls, dishes & STORIES!") == ["bowl", "dish", "story"]
    assert text.fold_english("glass") == "glass"
    assert text.words("OTOPสุโขทัย") == ["otop", "สุโขทัย"]


def test_paragraphs_are_segmented_separately_with_the_same_result():
    paragraph = "ผ้าทอมือจากหาดเสี้ยว ลายโบราณ"
    assert text.words("\n\n".join([paragraph] * 3)) == text.words(paragraph) * 3


def test_transliteration_keys():
    assert text.roman_key("Sukhothai") == text.roman_key("Sukothai") == text.roman_key("sukhotai")
    assert text.roman_key("Si Satchanalai") == text.roman_key("Sri Satchanalai")
    assert text.roman_key("Sawankhalok") == text.roman_key("Sawankalok")


def test_one_edit_and_tone_marks():
    assert text.within_one_edit("สังคโลก", "สังคโลค")  # one wrong letter
    assert text.within_one_edit("ผ้าซิ่น", "ผาซิน")  # two missing tone marks
    assert text.within_one_edit("celadon", "celadn")
    assert text.within_one_edit("celadon", "cealdon")  # transposition
    assert not text.within_one_edit("celadon", "cedar")
    assert text.deletion_keys("ab") == {"ab", "a", "b"}


def test_query_rendering_is_always_valid_syntax():
    node = And((Term(("ผ้า", "ทอ"), prefix=True), Or((Term(('x"y',)), Term(("NEAR(",))))))
    assert render_fts5(node) == '("ผ้า ทอ"* AND ("xy" OR "NEAR"))'
    assert render_tsquery(node) == "(('ผ้า' <-> 'ทอ':*) & ('xy' | 'NEAR'))"


def test_terms_that_only_rank_are_left_out_of_counting():
    loose = And((Term(("ผ้า",)), Term(("ทอ",), prefix=True)))
    node = Or((Term(("ผ้าทอ",), prefix=True), Term(("ผ้า", "ทอ"), prefix=True, rank_only=True), loose))
    assert render_fts5(matching(node)) == '("ผ้าทอ"* OR ("ผ้า" AND "ทอ"*))'
    assert render_fts5(node) == '("ผ้าทอ"* OR "ผ้า ทอ"* OR ("ผ้า" AND "ทอ"*))'
    only_two = Or((Term(("gift",), rank_only=True), Term(("gift",), prefix=True)))
    assert render_fts5(matching(And((only_two, loose)))) == '("gift"* AND ("ผ้า" AND "ทอ"*))'
    # The phrase of a Thai word's syllables ranks; its syllables anywhere find the same and more.
    word = _word_node("ผ้าทอ", prefix=False)
    assert "ผ้า ทอ" in render_fts5(word) and "ผ้า ทอ" not in render_fts5(matching(word))


@pytest.mark.django_db  # a query's words are looked up among the catalogue's categories
def test_parse_prefix_aliases_and_stopwords():
    plan = parse("Si Satchanalai gold")
    assert [g.surface for g in plan.groups] == ["si satchanalai", "gold"]
    assert "ศรีสัชนาลัย" in plan.place_words
    assert plan.groups[-1].is_last
    assert not parse("gold ").groups[-1].is_last
    assert [g.surface for g in parse("the bowls of").groups] == ["bowls", "of"]
    assert parse("").is_empty and parse("%%% ^^").is_empty
    assert len(parse("ผ้า " * 1000).groups) <= 8


def test_fast_path_agrees_with_pythainlp_normalize():
    from pythainlp.util import normalize as thai_normalize

    samples = [
        "ผ้าซิ่นตีนจกทอมือทั้งผืน ลายนกคู่ตามแบบโบราณของหาดเสี้ยว",
        "ก่ิ",
        "น้้ำ",
        "เเปลก",
        " ่ก",
        "สั้น ซิ่น กิ่ง ปั้น",
    ]
    for sample in samples:
        assert text.normalize(sample) == thai_normalize(sample).casefold(), sample
