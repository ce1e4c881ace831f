"""Thai alphabetical order (PyThaiNLP's collation), not code-point order."""

from __future__ import annotations

from pythainlp.util import collate

from chumchon.core.text import thai_sort_key, thai_sorted


def test_it_sorts_a_word_with_a_leading_vowel_by_its_consonant():
    # By code point every word starting with เ แ โ ใ ไ comes after all the others.
    assert sorted(["ขนม", "เกาะ"]) == ["ขนม", "เกาะ"]
    assert thai_sorted(["ขนม", "เกาะ"]) == ["เกาะ", "ขนม"]
    assert thai_sorted(["ไก่", "เกิด", "กาล", "เป็ด", "หมู", "วัว", "วันที่"]) == [
        "กาล", "เกิด", "ไก่", "เป็ด", "วันที่", "วัว", "หมู",
    ]  # fmt: skip


def test_it_agrees_with_pythainlp():
    words = ["โคราช", "ขอนแก่น", "แพร่", "ใจดี", "น่าน", "ไทร", "กระบี่", "เชียงใหม่", "ชัยภูมิ", "อ่างทอง"]
    assert thai_sorted(words) == collate(words)


def test_it_lets_a_tone_mark_decide_only_between_otherwise_equal_words():
    assert thai_sorted(["ก้อน", "กอน", "กอบ"]) == ["กอน", "ก้อน", "กอบ"]


def test_it_sorts_objects_by_a_name_and_english_without_case():
    items: list[dict[str, str | None]] = [{"name": "zebra"}, {"name": "Apple"}, {"name": "เกาะ"}, {"name": None}]
    assert [item["name"] for item in thai_sorted(items, key=lambda item: item["name"])] == [
        None,
        "Apple",
        "zebra",
        "เกาะ",
    ]
    assert thai_sort_key(" เกาะ  ") == thai_sort_key("เกาะ")
