"""What the page and search benchmarks share: a throw-away database on either engine, the same
generated listings, the query list, timing through Django's test client with `/healthz` as the
baseline of the same run, and the machine-readable last line.

    --database-url postgres://postgres@127.0.0.1:5432/chumchon_bench   (created, then dropped)
    --database-url sqlite:////tmp/bench.sqlite3                        (default: a temporary file)
    --keep     leave the database behind;  --reuse   use it as it is when it already has listings

Call `configure(argv)` before anything imports Django models.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (Thai, English, category slug)
PRODUCTS = [
    ("ผ้าซิ่นตีนจก", "teen jok sarong", "textiles"),
    ("ผ้าทอมือ", "hand-woven cloth", "textiles"),
    ("ผ้าพันคอไหม", "silk scarf", "textiles"),
    ("ผ้าขาวม้า", "pha khao ma cloth", "textiles"),
    ("ผ้าย้อมคราม", "indigo-dyed cloth", "textiles"),
    ("ผ้าลายน้ำไหล", "flowing-water textile", "textiles"),
    ("ชามสังคโลก", "Sangkhalok bowl", "ceramics"),
    ("แจกันเคลือบศิลาดล", "celadon vase", "ceramics"),
    ("ตุ๊กตาดินเผา", "terracotta figurine", "ceramics"),
    ("กระถางดินเผา", "terracotta planter", "ceramics"),
    ("เครื่องปั้นดินเผาลายคราม", "blue-and-white pottery", "ceramics"),
    ("สร้อยข้อมือทองโบราณ", "old-style gold bracelet", "metalwork-jewellery"),
    ("กำไลเครื่องเงิน", "silver bangle", "metalwork-jewellery"),
    ("ตะกร้าสานไม้ไผ่", "bamboo basket", "basketry"),
    ("กระเป๋าสานผักตบชวา", "water-hyacinth bag", "basketry"),
    ("นกไม้แกะสลัก", "carved wooden bird", "wood-bamboo"),
    ("ขนมหม้อแกง", "custard cake", "food"),
    ("ข้าวแต๋นน้ำแตงโม", "watermelon rice crackers", "food"),
    ("น้ำพริกตาแดง", "roasted chili paste", "food"),
    ("กล้วยตาก", "dried bananas", "food"),
    ("ข้าวหอมมะลิอินทรีย์", "organic jasmine rice", "food"),
    ("ยาหม่องสมุนไพร", "herbal balm", "herbal"),
    ("ลูกประคบสมุนไพร", "herbal compress", "herbal"),
    ("ชาตะไคร้", "lemongrass tea", "herbal"),
]
EXPERIENCES = [
    ("เวิร์กช็อปปั้นดิน", "pottery workshop", "workshop"),
    ("เรียนทอผ้า", "weaving class", "workshop"),
    ("ย้อมครามธรรมชาติ", "natural indigo dyeing", "workshop"),
    ("โฮมสเตย์กลางทุ่งนา", "rice-field homestay", "homestay"),
    ("ทำอาหารพื้นบ้าน", "cook a local meal", "meal"),
    ("ฟังเพลงอีแซว", "I-saew folk songs", "performance"),
    ("ปั่นจักรยานชมวิถีชุมชน", "village cycling tour", "day-trip"),
]
ADJECTIVES_TH = ["ลายโบราณ", "ทำมือ", "สีธรรมชาติ", "ลายดอกไม้", "ลายนกคู่", "รุ่นใหม่", "ขนาดเล็ก", "ขนาดใหญ่", "พรีเมียม", "ของฝาก"]  # fmt: skip
ADJECTIVES_EN = ["old pattern", "handmade", "natural colour", "flower pattern", "paired birds", "new design", "small", "large", "premium", "gift"]  # fmt: skip
SENTENCES_TH = [
    "ผลิตโดยกลุ่มแม่บ้านในชุมชน ใช้วัตถุดิบจากท้องถิ่น",
    "สืบทอดภูมิปัญญาจากรุ่นสู่รุ่น ทุกชิ้นทำด้วยมือ",
    "รับสั่งทำจำนวนมากสำหรับร้านค้า โรงแรม และงานแต่งงาน",
    "เหมาะเป็นของฝากและของที่ระลึกจากการท่องเที่ยวชุมชน",
    "ผู้มาเยือนได้ลองทำด้วยตัวเองพร้อมเจ้าของบ้าน",
    "ส่งได้ทั่วประเทศ ใช้เวลาผลิตราวสองสัปดาห์",
]
SENTENCES_EN = [
    "Made by a village women's group from local materials.",
    "Knowledge passed down through generations; every piece is made by hand.",
    "Bulk orders welcome for shops, hotels and weddings.",
    "A gift and souvenir from community-based tourism.",
]
# Broad Thai words first (ผ้า is in about half of the listings), then narrow, English, places,
# prefixes, typos and a word nothing matches.
QUERIES = [
    "ผ้า", "ผ้าทอ", "เครื่องปั้น", "ชุมชนบ้าน", "ผ้าทอมือ", "ดินเผา", "สังคโลก", "ผ้าซิ่นตีนจก", "ตีนจก",
    "ขนมหม้อแกง", "สมุนไพร", "โฮมสเตย์", "เครื่องเงิน", "จักสาน", "ข้าวแต๋น", "ทองโบราณ", "ย้อมคราม",
    "celadon", "Sangkhalok", "homestay", "bamboo basket", "Si Satchanalai", "Sukhothai", "Nan silver",
    "custard cake", "herbal", "terracotta", "ผ้า สุโขทัย", "สุโขทัย", "เชียงใหม่ ผ้าไหม", "สังค", "homest",
    "ผ้าซิ", "สังคโลค", "celadn", "ผ้าซิน", "gift", "ลายโบราณ ทำมือ", "workshop pottery", "น่าน", "zzzz",
]  # fmt: skip
BROAD_THAI = ("ผ้า", "ผ้าทอ", "เครื่องปั้น")


def arguments(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--database-url", default="", help="postgres://… or sqlite:///…; default a temporary SQLite file"
    )
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--communities", type=int, default=0, help="default: one per 50 listings (2,000 for 100,000)")
    parser.add_argument("--keep", action="store_true", help="leave the database behind")
    parser.add_argument("--reuse", action="store_true", help="use the database as it is when it has listings")
    return parser


def _postgres_admin(url: str, statement: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(statement)


def _pg_name(url: str) -> str:
    name = urlsplit(url).path.lstrip("/")
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"unexpected database name {name!r}")
    return name


def configure(args: argparse.Namespace) -> Callable[[], None]:
    """Point Django at the benchmark's own database (created empty unless --reuse) and set it up.
    Returns what drops the database at the end (a no-op with --keep)."""
    url = args.database_url or os.environ.get("BENCH_DATABASE_URL", "")
    if not url:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='chumchon-bench-')}/bench.sqlite3"
    args.communities = args.communities or max(20, args.listings // 50)
    drop: Callable[[], None] = lambda: None  # noqa: E731
    if url.startswith("postgres"):
        name = _pg_name(url)
        if not args.reuse:
            _postgres_admin(url, f'DROP DATABASE IF EXISTS "{name}"')
        try:
            _postgres_admin(url, f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
        except Exception as exc:  # already there (--reuse)
            if "already exists" not in str(exc):
                raise
        if not args.keep:

            def drop() -> None:
                from django.db import connections

                connections.close_all()
                _postgres_admin(url, f'DROP DATABASE IF EXISTS "{name}"')

    else:
        path = Path(url.removeprefix("sqlite:///"))
        if not args.reuse and path.exists():
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        if not args.keep:

            def drop() -> None:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)

    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chumchon.settings")
    os.environ["DEBUG"] = "0"  # production-like: no query log, no template debugging
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ["STATIC_ROOT"] = tempfile.mkdtemp(prefix="chumchon-bench-static-")
    import django
    from django.conf import settings

    django.setup()
    # Plain static file names instead of the hashed ones: no page asks for a static file here, and
    # collectstatic with compression takes longer than the whole run at CI size.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # No API rate limit: one client asks for 41 queries × (repeats + 1) pages, past the anonymous
    # 120 a minute at the default 5 repeats (answered 429, which timed nothing).
    from rest_framework.settings import api_settings

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
    api_settings.reload()
    # What a server process does as it starts (gunicorn's workers, runserver): the dictionaries
    # loaded, the long-lived objects left out of the garbage collector's full passes.
    import chumchon.wsgi  # noqa: F401

    return drop


def header() -> None:
    from django.db import connection

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"load average at start: {' '.join(f'{v:.2f}' for v in os.getloadavg())} ({os.cpu_count()} CPUs)")


def prepare(args: argparse.Namespace, *, index: bool = True) -> None:
    """Migrate, generate the listings (unless --reuse found them), index them, refresh statistics."""
    from django.core.management import call_command

    from chumchon.catalog.models import Listing
    from chumchon.core.db import refresh_planner_statistics

    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - start:.1f} s")
    if args.reuse and Listing.objects.exists():
        print(f"reused: {Listing.objects.count()} listings")
        return
    start = time.perf_counter()
    generate(args.listings, args.communities)
    print(f"generated {args.listings} listings, {args.communities} communities: {time.perf_counter() - start:.1f} s")
    if index:
        from chumchon.search.indexing import reindex

        start = time.perf_counter()
        counts = reindex(batch_size=2000)
        print(f"search_reindex: {time.perf_counter() - start:.1f} s ({counts['terms']} words)")
    refresh_planner_statistics()
    from django.db import connection

    if connection.vendor == "postgresql":  # as measured in issue 23: after VACUUM ANALYZE
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print(f"VACUUM ANALYZE: {time.perf_counter() - start:.1f} s")


def generate(n_listings: int, n_communities: int, seed: int = 1) -> None:
    """Published communities and listings (products, experiences, routes) with prices, group sizes,
    categories, themes and tags, by bulk inserts (the search index is built afterwards)."""
    from decimal import Decimal

    from django.utils import timezone

    from chumchon.catalog.models import Category, Kind, Listing, Status, Tag, Theme
    from chumchon.places.models import Community, District

    rng = random.Random(seed)
    districts = list(District.objects.select_related("province").order_by("code"))
    categories = {c.slug: c for c in Category.objects.all()}
    now = timezone.now()
    communities = []
    for i in range(n_communities):
        district = rng.choice(districts)
        craft_th, craft_en, _slug = rng.choice(PRODUCTS)
        communities.append(
            Community(
                name_th=f"ชุมชน{craft_th}บ้าน{district.name_th}{i}",
                name_en=f"{district.name_en} {craft_en} community {i}",
                slug=f"bench-{i}",
                province_id=district.province_id,
                district=district,
                story_th=f"ชุมชน{craft_th}ใน{district.name_th} {rng.choice(SENTENCES_TH)}",
                story_en=rng.choice(SENTENCES_EN),
                is_sample=True,
            )
        )
    Community.objects.bulk_create(communities, batch_size=1000)
    communities = list(Community.objects.filter(slug__startswith="bench-").select_related("district"))
    Tag.objects.bulk_create(
        [Tag(name=name) for name in ("ผ้าทอมือ", "ตีนจก", "hand-woven", "OTOP", "ของฝาก", "สังคโลก", "organic")],
        ignore_conflicts=True,
    )
    tag_ids = list(Tag.objects.values_list("id", flat=True))
    theme_ids = list(Theme.objects.values_list("id", flat=True))
    batch: list[Listing] = []
    for i in range(n_listings):
        community = communities[i % len(communities)]
        roll = rng.random()
        kind = Kind.ROUTE if roll < 0.05 else Kind.EXPERIENCE if roll < 0.25 else Kind.PRODUCT
        th, en, slug = rng.choice(PRODUCTS if kind == Kind.PRODUCT else EXPERIENCES)
        a = rng.randrange(len(ADJECTIVES_TH))
        batch.append(
            Listing(
                kind=kind,
                community=community,
                title_th=f"{th}{ADJECTIVES_TH[a]} {community.district.name_th}",
                title_en=f"{en}, {ADJECTIVES_EN[a]} ({community.district.name_en})",
                description_th=" ".join(rng.sample(SENTENCES_TH, 3)) + f" หมายเลข {i}",
                description_en=" ".join(rng.sample(SENTENCES_EN, 2)),
                category=categories.get(slug),
                price=Decimal(rng.randrange(50, 5000)),
                price_unit="piece",
                capacity=rng.randint(2, 60) if kind != Kind.PRODUCT else None,
                status=Status.PUBLISHED,
                published_at=now,
            )
        )
        if len(batch) == 5000:
            Listing.objects.bulk_create(batch)
            batch = []
    Listing.objects.bulk_create(batch)
    listing_ids = list(Listing.objects.values_list("id", flat=True))
    tags = Listing.tags.through
    tags.objects.bulk_create(
        [tags(listing_id=pk, tag_id=rng.choice(tag_ids)) for pk in listing_ids if rng.random() < 0.5],
        batch_size=5000,
        ignore_conflicts=True,
    )
    if theme_ids:
        themes = Listing.themes.through
        themes.objects.bulk_create(
            [themes(listing_id=pk, theme_id=rng.choice(theme_ids)) for pk in listing_ids if rng.random() < 0.3],
            batch_size=5000,
            ignore_conflicts=True,
        )


def browse_pages() -> dict[str, str]:
    """The listing browse pages: the first and a deep page, and each browse filter alone."""
    from chumchon.catalog.models import Category, Listing, Theme
    from chumchon.places.models import Community

    listing = Listing.objects.published().select_related("community__province", "community__district").first()
    assert listing is not None
    top = Category.objects.filter(parent__isnull=True, children__isnull=False).order_by("position").first()
    theme = Theme.objects.order_by("pk").first()
    community = Community.objects.filter(slug__startswith="bench-").order_by("pk").first()
    pages = {
        "/listings/": "/listings/",
        "/listings/ page 500": "/listings/?page=500",
        "kind=product": "/listings/?kind=product",
        "kind=product page 500": "/listings/?kind=product&page=500",
        "kind=route": "/listings/?kind=route",
        "category (tree)": f"/listings/?category={top.slug if top else ''}",
        "province": f"/listings/?province={listing.community.province.name_en}",
        "district": f"/listings/?district={listing.community.district.code}",
        "community": f"/listings/?community={community.slug if community else ''}",
        "price_min=4900": "/listings/?price_min=4900",
        "price_max=100": "/listings/?price_max=100",
        "capacity=55": "/listings/?capacity=55",
    }
    if theme is not None:
        pages["theme"] = f"/listings/?theme={theme.slug}"
    return pages


def time_get(client: Any, url: str, runs: int) -> list[float]:
    """Milliseconds per request of `url` (after one warm-up request that must succeed)."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def percentile(values: Iterable[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


class Table:
    """Rows of timings with the ratio to the /healthz median of the same run."""

    def __init__(self, baseline_ms: float) -> None:
        self.baseline = baseline_ms
        print(f"{'page':46} {'p50 ms':>9} {'p95 ms':>9} {'p50/healthz':>12}")
        self.row("/healthz (baseline)", [baseline_ms])

    def row(self, name: str, timings: list[float]) -> tuple[float, float]:
        p50, p95 = statistics.median(timings), percentile(timings, 0.95)
        print(f"{name[:46]:46} {p50:>9.1f} {p95:>9.1f} {p50 / self.baseline:>11.0f}×")
        return p50, p95


def measure(*, runs: int, queries: list[str], browse_runs: int) -> dict[str, float]:
    """Time /healthz, the search API and the results page over `queries`, and every browse page;
    print the table and return the figures of the last line."""
    from django.test import Client

    client = Client()
    healthz = time_get(client, "/healthz", 50)
    table = Table(statistics.median(healthz))
    api: list[float] = []
    page: list[float] = []
    print("-- search API /api/v1/listings/?q=…  and results page /search/?q=… (with facets)")
    for query in queries:
        timings_api = time_get(client, f"/api/v1/listings/?q={query}", runs)
        timings_page = time_get(client, f"/search/?q={query}", runs)
        api += timings_api
        page += timings_page
        if query in BROAD_THAI or query == queries[-1]:
            table.row(f"api  ?q={query}", timings_api)
            table.row(f"page ?q={query}", timings_page)
    api_p50, api_p95 = table.row(f"api, all {len(queries)} queries", api)
    page_p50, page_p95 = table.row(f"page, all {len(queries)} queries", page)
    print("-- browse pages (each filter alone)")
    worst = 0.0
    for name, url in browse_pages().items():
        _p50, p95 = table.row(name, time_get(client, url, browse_runs))
        worst = max(worst, p95)
    return {
        "healthz_p50": table.baseline,
        "api_p50": api_p50,
        "api_p95": api_p95,
        "page_p50": page_p50,
        "page_p95": page_p95,
        "browse_p95": worst,
    }


def last_line(figures: dict[str, float]) -> None:
    print(f"load average at end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print(
        "bench: "
        + " ".join(
            f"{name}={figures[name]:.1f}" for name in ("api_p50", "api_p95", "page_p50", "page_p95", "browse_p95")
        )
        + " (ms)"
    )
