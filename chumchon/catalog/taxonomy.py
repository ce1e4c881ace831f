"""The curated category tree and the themes, loaded by a data migration and kept in code review."""

from __future__ import annotations

from typing import Any

# slug, Thai, English, children
CATEGORY_TREE: list[tuple[str, str, str, list[tuple[str, str, str]]]] = [
    ("crafts", "หัตถกรรม", "Crafts", [
        ("textiles", "ผ้าและสิ่งทอ", "Textiles"),
        ("ceramics", "เครื่องปั้นดินเผาและเซรามิก", "Ceramics"),
        ("metalwork-jewellery", "งานโลหะและเครื่องประดับ", "Metalwork and jewellery"),
        ("wood-bamboo", "งานไม้และไม้ไผ่", "Wood and bamboo"),
        ("basketry", "เครื่องจักสาน", "Basketry"),
        ("art", "ศิลปะ", "Art"),
    ]),
    ("food-and-herbs", "อาหารและสมุนไพร", "Food and herbs", [
        ("food", "อาหารและขนม", "Food and snacks"),
        ("herbal", "สมุนไพร", "Herbal products"),
    ]),
    ("experiences", "กิจกรรมท่องเที่ยว", "Experiences", [
        ("workshop", "เวิร์กช็อป", "Workshop"),
        ("homestay", "โฮมสเตย์", "Homestay"),
        ("meal", "มื้ออาหารกับชุมชน", "Meal with the community"),
        ("performance", "การแสดงและดนตรีพื้นบ้าน", "Folk performance and music"),
    ]),
    ("trips", "เส้นทางท่องเที่ยว", "Trips", [
        ("day-trip", "ทริปหนึ่งวัน", "Day trip"),
        ("multi-day-trip", "ทริปหลายวัน", "Multi-day trip"),
    ]),
]  # fmt: skip

THEMES = [
    ("crafts-folk-art", "หัตถกรรมและศิลปะพื้นบ้าน", "Crafts and folk art"),
    ("gastronomy", "อาหาร", "Gastronomy"),
    ("music", "ดนตรี", "Music"),
    ("design", "การออกแบบ", "Design"),
    ("nature", "ธรรมชาติ", "Nature"),
]


def load_taxonomy(category_model: Any, theme_model: Any) -> None:
    """Create or update the curated categories and themes (idempotent, keyed by slug)."""
    for position, (slug, name_th, name_en, children) in enumerate(CATEGORY_TREE):
        parent, _ = category_model.objects.update_or_create(
            slug=slug, defaults={"name_th": name_th, "name_en": name_en, "parent": None, "position": position}
        )
        for child_position, (child_slug, child_th, child_en) in enumerate(children):
            category_model.objects.update_or_create(
                slug=child_slug,
                defaults={"name_th": child_th, "name_en": child_en, "parent": parent, "position": child_position},
            )
    for slug, name_th, name_en in THEMES:
        theme_model.objects.update_or_create(slug=slug, defaults={"name_th": name_th, "name_en": name_en})
