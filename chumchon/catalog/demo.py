"""Demo listings for the sample communities: products, experiences with dates, and a route.

Sample data written for the demo; prices and details are illustrative, not real offers.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from chumchon.catalog import services
from chumchon.catalog.models import Category, Listing, Theme
from chumchon.places.models import Community

# external id, community external id, kind, Thai title, English title, category, themes, price, unit, extra fields, tags
LISTINGS: list[tuple[str, str, str, str, str, str, list[str], str | None, str, dict[str, Any], list[str]]] = [
    (
        "demo-l-01",
        "demo-skt-03",
        "product",
        "ผ้าซิ่นตีนจกลายนกคู่ ทอมือ",
        "Hand-woven teen jok sarong, paired-bird pattern",
        "textiles",
        ["crafts-folk-art"],
        "3500",
        "piece",
        {
            "wholesale_price": Decimal("2900"),
            "min_order_qty": 5,
            "lead_time_days": 45,
            "stock": 8,
            "materials": "ฝ้าย ไหม ย้อมสีธรรมชาติ / cotton and silk, natural dyes",
            "size": "100 × 160 cm",
            "description_th": "ผ้าซิ่นตีนจกทอมือทั้งผืน ลายนกคู่ตามแบบโบราณของหาดเสี้ยว ใช้เวลาทอราวหนึ่งเดือน",
            "description_en": "A fully hand-woven teen jok sarong in Hat Siao's old paired-bird pattern; about a month on the loom.",
        },
        ["ผ้าทอมือ", "ตีนจก", "hand-woven"],
    ),
    (
        "demo-l-02",
        "demo-skt-03",
        "product",
        "ผ้าพันคอฝ้ายทอมือ สีครามธรรมชาติ",
        "Hand-woven cotton scarf, natural indigo",
        "textiles",
        ["crafts-folk-art"],
        "450",
        "piece",
        {
            "wholesale_price": Decimal("360"),
            "min_order_qty": 20,
            "lead_time_days": 21,
            "stock": 60,
            "materials": "ฝ้าย ย้อมคราม / cotton, indigo",
            "description_th": "ผ้าพันคอเนื้อนุ่ม เหมาะเป็นของฝากสำหรับร้านในโรงแรม",
        },
        ["ผ้าทอมือ", "คราม", "indigo", "souvenir"],
    ),
    (
        "demo-l-03",
        "demo-skt-04",
        "product",
        "ชามสังคโลกเคลือบเขียวไข่กา",
        "Celadon Sangkhalok bowl",
        "ceramics",
        ["crafts-folk-art", "design"],
        "650",
        "piece",
        {
            "wholesale_price": Decimal("480"),
            "min_order_qty": 12,
            "lead_time_days": 30,
            "stock": 40,
            "materials": "ดินเหนียวท้องถิ่น เคลือบขี้เถ้า / local clay, ash glaze",
            "size": "Ø 16 cm",
            "description_th": "ชามเคลือบสีเขียวไข่กาแบบเครื่องสังคโลก ปั้นและเขียนลายปลาด้วยมือ",
            "description_en": "A celadon-glazed bowl in the Sangkhalok tradition, thrown and painted with a fish by hand.",
        },
        ["สังคโลก", "celadon", "เซรามิก"],
    ),
    (
        "demo-l-04",
        "demo-skt-05",
        "product",
        "สร้อยข้อมือทองถักลายโบราณ",
        "Hand-knitted gold bracelet, old Sukhothai style",
        "metalwork-jewellery",
        ["crafts-folk-art"],
        "12500",
        "piece",
        {"min_order_qty": 1, "lead_time_days": 14, "stock": 3, "materials": "ทอง 96.5% / 96.5% gold"},
        ["ทองโบราณ", "jewellery"],
    ),
    (
        "demo-l-05",
        "demo-skt-02",
        "product",
        "ตะกร้าสานผักตบชวา",
        "Water-hyacinth woven basket",
        "basketry",
        ["crafts-folk-art", "nature"],
        "280",
        "piece",
        {
            "wholesale_price": Decimal("210"),
            "min_order_qty": 30,
            "lead_time_days": 20,
            "stock": 120,
            "materials": "ผักตบชวา / water hyacinth",
        },
        ["จักสาน", "basket", "eco"],
    ),
    (
        "demo-l-06",
        "demo-skt-10",
        "product",
        "กล้วยตากอบน้ำผึ้ง",
        "Honey-baked dried bananas",
        "food",
        ["gastronomy"],
        "85",
        "set",
        {
            "wholesale_price": Decimal("60"),
            "min_order_qty": 50,
            "lead_time_days": 7,
            "stock": 500,
            "description_th": "กล้วยน้ำว้าตากแดดอบน้ำผึ้ง บรรจุถุงละ 250 กรัม",
        },
        ["ของฝาก", "snack"],
    ),
    (
        "demo-l-07",
        "demo-skt-11",
        "product",
        "ลูกประคบสมุนไพร",
        "Herbal compress ball",
        "herbal",
        ["nature"],
        "120",
        "piece",
        {"wholesale_price": Decimal("90"), "min_order_qty": 20, "lead_time_days": 10, "stock": 200},
        ["สมุนไพร", "spa"],
    ),
    (
        "demo-l-08",
        "demo-skt-01",
        "experience",
        "เวิร์กช็อปปั้นและเขียนลายถ้วยชามโบราณ",
        "Throw and paint an old-style bowl (workshop)",
        "workshop",
        ["crafts-folk-art"],
        "600",
        "person",
        {
            "duration_minutes": 180,
            "capacity": 30,
            "languages": "ไทย, English",
            "accessibility_notes": "ลานปั้นอยู่ชั้นล่าง ทางเข้าไม่มีขั้นบันได / ground-floor workshop, step-free entrance",
            "description_th": "ลงมือปั้นถ้วยบนแป้นหมุนและเขียนลายปลาแบบเตาทุเรียง นำชิ้นงานกลับบ้านได้หลังเผา",
            "description_en": "Throw a bowl on the wheel, paint it with the old kilns' fish, and take it home once fired.",
        },
        ["ปั้นดิน", "pottery", "workshop"],
    ),
    (
        "demo-l-09",
        "demo-skt-03",
        "experience",
        "เรียนทอผ้าตีนจกหนึ่งวันกับแม่ครู",
        "A day at the loom: teen jok weaving class",
        "workshop",
        ["crafts-folk-art"],
        "1200",
        "person",
        {"duration_minutes": 360, "capacity": 8, "languages": "ไทย"},
        ["ทอผ้า", "weaving"],
    ),
    (
        "demo-l-10",
        "demo-skt-06",
        "experience",
        "โฮมสเตย์กลางทุ่งนา พร้อมอาหารเย็นพื้นบ้าน",
        "Rice-field homestay with a home-cooked dinner",
        "homestay",
        ["nature", "gastronomy"],
        "900",
        "night",
        {"duration_minutes": 1080, "capacity": 20, "languages": "ไทย, English"},
        ["โฮมสเตย์", "homestay"],
    ),
    (
        "demo-l-11",
        "demo-pbi-01",
        "experience",
        "ทำขนมหม้อแกงกับแม่ครัวบ้านลาด",
        "Bake Phetchaburi custard cakes with Ban Lat's cooks",
        "meal",
        ["gastronomy"],
        "450",
        "person",
        {"duration_minutes": 150, "capacity": 25, "languages": "ไทย"},
        ["ขนมไทย", "cooking class"],
    ),
    (
        "demo-l-12",
        "demo-skt-01",
        "route",
        "หนึ่งวันตามรอยหัตถกรรมสุโขทัย-ศรีสัชนาลัย",
        "One day of Sukhothai–Si Satchanalai crafts",
        "day-trip",
        ["crafts-folk-art"],
        "1800",
        "person",
        {
            "duration_minutes": 600,
            "capacity": 30,
            "languages": "ไทย, English",
            "description_th": "เริ่มที่เมืองเก่า ปั้นถ้วยชาม แวะชมเตาสังคโลก แล้วปิดท้ายที่บ้านทอผ้าหาดเสี้ยว",
            "description_en": "Start in the old city at the potters', visit the Sangkhalok kilns, and end with the weavers of Hat Siao.",
        },
        ["day trip", "หัตถกรรม"],
    ),
]

ROUTE_STOPS = {"demo-l-12": [("demo-l-08", 1, "09:00"), ("demo-skt-04", 1, "13:00"), ("demo-l-01", 1, "15:30")]}


def unload() -> None:
    for listing in Listing.objects.filter(external_id__startswith="demo-l-"):
        listing.stops.all().delete()
    Listing.objects.filter(external_id__startswith="demo-l-").delete()


def load() -> None:
    communities = {c.external_id: c for c in Community.objects.filter(external_id__startswith="demo-")}
    categories = {c.slug: c for c in Category.objects.all()}
    themes = {t.slug: t for t in Theme.objects.all()}
    created: dict[str, Listing] = {}
    for (
        external_id,
        community_id,
        kind,
        title_th,
        title_en,
        category,
        theme_slugs,
        price,
        unit,
        extra,
        tags,
    ) in LISTINGS:
        fields = {
            "title_th": title_th, "title_en": title_en, "category": categories[category],
            "price": Decimal(price) if price else None, "price_unit": unit, **extra,
        }  # fmt: skip
        listing = Listing.objects.filter(external_id=external_id).first()
        chosen_themes = [themes[slug] for slug in theme_slugs]
        if listing is None:
            listing = services.listing_create(
                community=communities[community_id], kind=kind, by=None, external_id=external_id,
                themes=chosen_themes, tags=tags, **fields,
            )  # fmt: skip
        else:
            services.listing_update(listing=listing, by=None, themes=chosen_themes, tags=tags, **fields)
        services.listing_publish_directly(listing=listing, by=None)
        created[external_id] = listing

    for route_id, stops in ROUTE_STOPS.items():
        specs = [
            services.StopSpec(
                listing=created.get(ref),
                community=None if ref in created else communities[ref],
                day=day,
                time_note_th=time,
                time_note_en=time,
            )
            for ref, day, time in stops
        ]
        services.route_set_stops(route=created[route_id], stops=specs)

    # Dated sessions for the experiences, starting next week, so that seats show on the pages.
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + dt.timedelta(days=7)
    for external_id in ("demo-l-08", "demo-l-09", "demo-l-11"):
        listing = created[external_id]
        if not listing.sessions.exists():
            for week in range(3):
                services.session_create(
                    listing=listing, starts_at=start + dt.timedelta(days=7 * week), seats_total=listing.capacity or 10
                )
