"""The curated category tree and the themes, loaded by a data migration and kept in code review.

The tree follows what officers and buyers call things: Thailand's OTOP product groups (food,
beverages, textiles and garments, household goods and souvenirs, herbal non-food products) and the
experience types of community-based tourism (wellness, farm, nature, culture, cycling, river trips).
Slugs are never renamed (listings, links and files use them); new categories are added. `ALIASES`
are the other words, in Thai and English and both spellings, that an import file may use for a
category (`chumchon/catalog/categories.py` matches them; docs/categories.md lists them).
"""

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
        ("household-souvenirs", "ของใช้ ของตกแต่ง และของที่ระลึก", "Household goods, decorations and souvenirs"),
    ]),
    ("food-and-herbs", "อาหารและสมุนไพร", "Food and herbs", [
        ("food", "อาหารและขนม", "Food and snacks"),
        ("herbal", "สมุนไพร", "Herbal products"),
        ("beverages", "เครื่องดื่ม", "Beverages"),
    ]),
    ("experiences", "กิจกรรมท่องเที่ยว", "Experiences", [
        ("workshop", "เวิร์กช็อป", "Workshop"),
        ("homestay", "โฮมสเตย์", "Homestay"),
        ("meal", "มื้ออาหารกับชุมชน", "Meal with the community"),
        ("performance", "การแสดงและดนตรีพื้นบ้าน", "Folk performance and music"),
        ("wellness", "สุขภาพ สปา และนวดแผนไทย", "Wellness, spa and massage"),
        ("farm", "เกษตรและฟาร์ม", "Farm and agro-tourism"),
        ("nature", "ธรรมชาติ เดินป่า และตั้งแคมป์", "Nature, trekking and camping"),
        ("culture-heritage", "วัฒนธรรม ประวัติศาสตร์ และวัด", "Culture, heritage and temples"),
        ("cycling", "ปั่นจักรยาน", "Cycling"),
        ("river-boat", "ล่องเรือและวิถีริมน้ำ", "River and boat trips"),
    ]),
    ("trips", "เส้นทางท่องเที่ยว", "Trips", [
        ("day-trip", "ทริปหนึ่งวัน", "Day trip"),
        ("multi-day-trip", "ทริปหลายวัน", "Multi-day trip"),
    ]),
]  # fmt: skip

# Other names of each category, as import files write them (any case; spaces, hyphens and
# British/American spellings do not matter, nor an English plural "s"). An alias belongs to one
# category only (a test checks it).
ALIASES: dict[str, tuple[str, ...]] = {
    "crafts": (
        "craft", "handicraft", "handicrafts", "handmade", "hand-made", "craftwork", "arts and crafts",
        "งานฝีมือ", "หัตถศิลป์", "งานหัตถกรรม", "สินค้าหัตถกรรม",
    ),
    "textiles": (
        "textile", "textiles and garments", "garment", "clothing", "clothes", "apparel", "fabric", "cloth",
        "weaving", "hand-woven", "handwoven", "silk", "cotton", "batik", "indigo",
        "ผ้า", "ผ้าทอ", "ผ้าทอมือ", "ผ้าไหม", "ผ้าฝ้าย", "ผ้าซิ่น", "ผ้าบาติก", "ผ้าคราม", "สิ่งทอ", "เสื้อผ้า",
        "เครื่องแต่งกาย", "ผ้าและเครื่องแต่งกาย",
    ),
    "ceramics": (
        "ceramic", "pottery", "earthenware", "stoneware", "celadon", "clay",
        "เครื่องปั้นดินเผา", "เซรามิก", "เซรามิค", "สังคโลก", "ดินเผา", "เครื่องปั้น",
    ),
    "metalwork-jewellery": (
        "jewellery", "jewelry", "jewel", "metalwork", "metal", "silver", "silverware", "silverwork", "brass",
        "bronze", "gold", "accessories",
        "เครื่องประดับ", "เครื่องเงิน", "เครื่องทองเหลือง", "งานโลหะ", "โลหะ", "เงิน", "ทองเหลือง", "เครื่องทอง",
    ),
    "wood-bamboo": (
        "woodcraft", "wood craft", "woodwork", "woodworking", "wood carving", "woodcarving", "wooden", "wood",
        "bamboo", "timber",
        "งานไม้", "ไม้", "ไม้แกะสลัก", "แกะสลักไม้", "ไม้ไผ่", "เครื่องไม้", "งานไม้ไผ่",
    ),
    "basketry": (
        "basket", "wickerwork", "wicker", "rattan", "weaving basket", "woven basket",
        "จักสาน", "เครื่องจักสาน", "งานจักสาน", "ตะกร้า", "หวาย", "กระจูด",
    ),
    "art": ("arts", "artwork", "painting", "fine art", "ศิลปะ", "งานศิลปะ", "ภาพวาด", "จิตรกรรม"),
    "household-souvenirs": (
        "household", "household goods", "home", "home decor", "home decoration", "homeware", "decor",
        "decoration", "decorations", "ornament", "souvenir", "souvenirs", "gift", "gifts", "keepsake",
        "ของใช้", "ของใช้ในบ้าน", "ของตกแต่ง", "ของแต่งบ้าน", "ของประดับตกแต่ง", "ของที่ระลึก", "ของฝาก",
        "ของขวัญ", "ของใช้ ของประดับตกแต่ง ของที่ระลึก",
    ),
    "food-and-herbs": ("food and herbs", "otop food", "อาหารและสมุนไพร"),
    "food": (
        "snack", "snacks", "dessert", "sweets", "local food", "processed food", "foodstuff", "rice", "fruit",
        "อาหาร", "ขนม", "ของกิน", "อาหารแปรรูป", "ขนมไทย", "อาหารพื้นเมือง", "ผลไม้แปรรูป", "ข้าว",
    ),
    "herbal": (
        "herb", "herbs", "herbal products", "herbal non-food", "herbal non-food products", "beauty",
        "beauty products", "cosmetics", "cosmetic", "skincare", "skin care", "soap", "spa products", "balm",
        "สมุนไพร", "ผลิตภัณฑ์สมุนไพร", "สมุนไพรที่ไม่ใช่อาหาร", "เครื่องสำอาง", "ความงาม", "สบู่", "ยาหม่อง",
        "ลูกประคบ",
    ),
    "beverages": (
        "beverage", "drink", "drinks", "coffee", "tea", "juice", "wine", "liquor",
        "เครื่องดื่ม", "กาแฟ", "ชา", "น้ำผลไม้", "ไวน์", "สุรา", "สุราชุมชน",
    ),
    "experiences": (
        "experience", "activity", "activities", "tourism activity", "กิจกรรม", "ประสบการณ์", "กิจกรรมชุมชน",
    ),
    "workshop": (
        "workshops", "class", "lesson", "hands-on", "cooking class", "craft class",
        "เวิร์คช็อป", "เวิร์คชอป", "เวิร์กชอป", "ฝึกทำ", "เรียนทำ", "สอนทำ", "ลงมือทำ",
    ),
    "homestay": ("home stay", "home-stay", "stay", "accommodation", "lodging", "โฮมสเตย์", "ที่พัก", "บ้านพัก"),
    "meal": ("dining", "dinner", "lunch", "community meal", "khantoke", "มื้ออาหาร", "ขันโตก", "สำรับ"),
    "performance": (
        "show", "dance", "music", "folk music", "folk performance", "performing arts",
        "การแสดง", "ดนตรี", "ดนตรีพื้นบ้าน", "รำ", "ฟ้อน", "การแสดงพื้นบ้าน",
    ),
    "wellness": (
        "wellbeing", "well-being", "health", "spa", "massage", "thai massage", "retreat", "healing", "yoga",
        "สุขภาพ", "สปา", "นวด", "นวดแผนไทย", "การท่องเที่ยวเชิงสุขภาพ", "ผ่อนคลาย", "แพทย์แผนไทย",
    ),
    "farm": (
        "agro", "agro-tourism", "agrotourism", "agritourism", "agriculture", "agricultural", "farming",
        "farm stay", "orchard", "fruit picking", "rice farming", "organic farm",
        "เกษตร", "ฟาร์ม", "การเกษตร", "ท่องเที่ยวเชิงเกษตร", "สวนผลไม้", "ทำนา", "สวน", "ไร่",
    ),
    "nature": (
        "nature trip", "trekking", "trek", "hiking", "hike", "camping", "camp", "forest", "waterfall",
        "birdwatching", "bird watching", "eco", "ecotourism", "eco-tourism", "outdoor", "outdoors", "mountain",
        "ธรรมชาติ", "เดินป่า", "ตั้งแคมป์", "แคมป์", "แคมปิ้ง", "กางเต็นท์", "ป่า", "น้ำตก", "ดูนก", "ภูเขา",
        "ท่องเที่ยวเชิงนิเวศ",
    ),
    "culture-heritage": (
        "culture", "cultural", "heritage", "history", "historical", "temple", "temples", "wat", "tradition",
        "traditions", "ritual", "museum", "merit making", "local wisdom",
        "วัฒนธรรม", "ประวัติศาสตร์", "มรดก", "วัด", "ประเพณี", "พิธีกรรม", "พิพิธภัณฑ์", "ทำบุญ", "ภูมิปัญญา",
        "ท่องเที่ยวเชิงวัฒนธรรม",
    ),
    "cycling": ("cycle", "bike", "bicycle", "biking", "bike tour", "cycling tour", "ปั่นจักรยาน", "จักรยาน"),
    "river-boat": (
        "river", "boat", "boat trip", "boat tour", "canal", "kayak", "kayaking", "rafting", "cruise",
        "ล่องเรือ", "เรือ", "แม่น้ำ", "คลอง", "ล่องแพ", "พายเรือ", "แพ", "วิถีริมน้ำ",
    ),
    "trips": (
        "trip", "tour", "tours", "route", "itinerary", "package", "travel", "tourism", "sightseeing",
        "ทริป", "ทัวร์", "เส้นทาง", "ท่องเที่ยว", "เที่ยว", "แพ็กเกจ", "โปรแกรมท่องเที่ยว",
    ),
    "day-trip": (
        "day tour", "one-day trip", "one day trip", "1-day trip", "1 day trip", "one-day tour", "day excursion",
        "ทริป 1 วัน", "ทริปวันเดียว", "เที่ยววันเดียว", "ไปเช้าเย็นกลับ", "ทัวร์วันเดียว",
    ),
    "multi-day-trip": (
        "multi-day", "multiday trip", "overnight trip", "2-day trip", "two-day trip", "weekend trip",
        "ทริปค้างคืน", "ทริป 2 วัน", "ทริปหลายวัน", "ทัวร์ค้างคืน",
    ),
}  # fmt: skip

THEMES = [
    ("crafts-folk-art", "หัตถกรรมและศิลปะพื้นบ้าน", "Crafts and folk art"),
    ("gastronomy", "อาหาร", "Gastronomy"),
    ("music", "ดนตรี", "Music"),
    ("design", "การออกแบบ", "Design"),
    ("nature", "ธรรมชาติ", "Nature"),
]


def load_taxonomy(category_model: Any, theme_model: Any) -> None:
    """Create or update the curated categories and themes (idempotent, keyed by slug).

    Also run by the first migrations, whose category has no `aliases` yet: they are set when the
    field exists. An alias an officer added (in the admin) is kept."""
    has_aliases = any(field.name == "aliases" for field in category_model._meta.get_fields())

    def save(slug: str, defaults: dict[str, Any]) -> Any:
        category, _created = category_model.objects.update_or_create(slug=slug, defaults=defaults)
        if has_aliases:
            aliases = list(category.aliases or [])
            known = {alias.casefold() for alias in aliases}
            aliases += [alias for alias in ALIASES.get(slug, ()) if alias.casefold() not in known]
            if aliases != list(category.aliases or []):
                category.aliases = aliases
                category.save(update_fields=["aliases"])
        return category

    for position, (slug, name_th, name_en, children) in enumerate(CATEGORY_TREE):
        parent = save(slug, {"name_th": name_th, "name_en": name_en, "parent": None, "position": position})
        for child_position, (child_slug, child_th, child_en) in enumerate(children):
            save(child_slug, {"name_th": child_th, "name_en": child_en, "parent": parent, "position": child_position})
    for slug, name_th, name_en in THEMES:
        theme_model.objects.update_or_create(slug=slug, defaults={"name_th": name_th, "name_en": name_en})
