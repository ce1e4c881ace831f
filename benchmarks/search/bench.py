"""Search at scale: 100,000 listings across 2,000 communities in a throw-away SQLite file.

    .venv/bin/python benchmarks/search/bench.py                 # 100,000 listings
    .venv/bin/python benchmarks/search/bench.py --listings 20000 --communities 400
    .venv/bin/python benchmarks/search/bench.py --database /tmp/bench.sqlite3   # keep the file; reuse it

Wall-clock times are what a buyer waits (server side); CPU times are printed beside them because
this machine is shared and the wall clock also counts the time other processes held the CPU.

Generates Thai and English listings from craft, food and place vocabularies (bulk_create), times
`search_reindex` (the whole index rebuilt), reports the index size, then times queries server side
(`search_listings` + count + the first page of 20, as the listings API does) and the naive
`icontains` search on the same data, in the same run.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = tempfile.mkdtemp(prefix="chumchon-search-bench-")
if "--database" in sys.argv:
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(sys.argv[sys.argv.index('--database') + 1]).resolve()}"
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chumchon.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.utils import timezone  # noqa: E402

from chumchon.catalog.models import Category, Listing, Status, Tag  # noqa: E402
from chumchon.catalog.selectors import published_listings  # noqa: E402
from chumchon.places.models import Community, District  # noqa: E402
from chumchon.search import backend  # noqa: E402
from chumchon.search.indexing import reindex  # noqa: E402
from chumchon.search.selectors import search_listings  # noqa: E402

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
ADJECTIVES_TH = [
    "ลายโบราณ",
    "ทำมือ",
    "สีธรรมชาติ",
    "ลายดอกไม้",
    "ลายนกคู่",
    "รุ่นใหม่",
    "ขนาดเล็ก",
    "ขนาดใหญ่",
    "พรีเมียม",
    "ของฝาก",
]
ADJECTIVES_EN = [
    "old pattern",
    "handmade",
    "natural colour",
    "flower pattern",
    "paired birds",
    "new design",
    "small",
    "large",
    "premium",
    "gift",
]
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
QUERIES = [
    "สังคโลก", "ผ้าทอ", "ผ้าซิ่นตีนจก", "ตีนจก", "ผ้าทอมือ", "ดินเผา", "ขนมหม้อแกง", "สมุนไพร", "โฮมสเตย์",
    "เครื่องเงิน", "จักสาน", "ข้าวแต๋น", "ทองโบราณ", "ย้อมคราม", "celadon", "Sangkhalok", "homestay",
    "bamboo basket", "Si Satchanalai", "Sukhothai", "Nan silver", "custard cake", "herbal", "terracotta",
    "ผ้า", "ผ้า สุโขทัย", "สุโขทัย", "เชียงใหม่ ผ้าไหม", "สังค", "homest", "ผ้าซิ", "สังคโลค", "celadn",
    "ผ้าซิน", "ชุมชนบ้าน", "gift", "ลายโบราณ ทำมือ", "workshop pottery", "น่าน", "zzzz",
]  # fmt: skip


def generate(n_listings: int, n_communities: int, seed: int = 1) -> None:
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
    communities = list(Community.objects.filter(slug__startswith="bench-").select_related("district", "province"))
    tags = [Tag(name=name) for name in ("ผ้าทอมือ", "ตีนจก", "hand-woven", "OTOP", "ของฝาก", "สังคโลก", "organic")]
    Tag.objects.bulk_create(tags, ignore_conflicts=True)
    tag_ids = list(Tag.objects.values_list("id", flat=True))
    batch: list[Listing] = []
    for i in range(n_listings):
        community = communities[i % len(communities)]
        kind = "experience" if rng.random() < 0.2 else "product"
        th, en, slug = rng.choice(EXPERIENCES if kind == "experience" else PRODUCTS)
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
                price=rng.randrange(50, 5000),
                status=Status.PUBLISHED,
                published_at=now,
            )
        )
        if len(batch) == 5000:
            Listing.objects.bulk_create(batch)
            batch = []
    Listing.objects.bulk_create(batch)
    through = Listing.tags.through
    listing_ids = list(Listing.objects.values_list("id", flat=True))
    links = [through(listing_id=pk, tag_id=rng.choice(tag_ids)) for pk in listing_ids if rng.random() < 0.5]
    through.objects.bulk_create(links, batch_size=5000, ignore_conflicts=True)


def naive(query: str):
    words = query.split()
    condition = Q()
    for word in words:
        condition &= (
            Q(title_th__icontains=word)
            | Q(title_en__icontains=word)
            | Q(description_th__icontains=word)
            | Q(description_en__icontains=word)
        )
    return published_listings().filter(condition).order_by("-published_at", "-id")


def timed(run, queries: list[str], repeats: int) -> tuple[list[float], list[float], dict[str, int]]:
    """Wall-clock and CPU milliseconds of search + count + first page of 20, per query."""
    timings: list[float] = []
    cpu: list[float] = []
    counts: dict[str, int] = {}
    for _ in range(repeats):
        for query in queries:
            start, start_cpu = time.perf_counter(), time.process_time()
            results = run(query)
            counts[query] = results.count()
            list(results[:20])
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
    return timings, cpu, counts


def results_page(queries: list[str]) -> tuple[list[float], int]:
    """The whole /search/ page (plan, communities, articles, listings, snippets, facets)."""
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    timings: list[float] = []
    most = 0
    for query in queries:
        with CaptureQueriesContext(connection) as queries_run:
            start = time.perf_counter()
            response = client.get("/search/", {"q": query}, HTTP_HOST="localhost")
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (query, response.status_code)
        most = max(most, len(queries_run.captured_queries))
    return timings, most


def machine_speed() -> float:
    """Seconds for a fixed pure-Python loop: the same code measures differently on another machine."""
    start = time.process_time()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.process_time() - start


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--communities", type=int, default=2_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--database", help="SQLite file to use and keep (generated when it has no listings)")
    parser.add_argument("--skip-reindex", action="store_true", help="reuse the index already in --database")
    args = parser.parse_args()

    print(f"database: {connection.vendor} {os.environ['DATABASE_URL']}")
    print(f"load average at start: {' '.join(f'{v:.2f}' for v in os.getloadavg())} ({os.cpu_count()} CPUs)")
    print(f"machine gauge: pure-Python loop of 10 million additions {machine_speed():.2f} s")
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - start:.1f} s")
    if not Listing.objects.exists():
        start = time.perf_counter()
        generate(args.listings, args.communities)
        print(f"generated: {time.perf_counter() - start:.1f} s")
    print(f"{Listing.objects.count()} listings, {Community.objects.count()} communities")

    if not args.skip_reindex:
        start, start_cpu = time.perf_counter(), time.process_time()
        counts = reindex(batch_size=2000)
        rebuild = time.perf_counter() - start
        print(
            f"reindex: {rebuild:.1f} s (CPU of this process {time.process_time() - start_cpu:.1f} s, "
            f"not counting its workers') for {counts['listings']} listings "
            f"+ {counts['communities']} communities ({counts['terms']} words)"
        )
    size = backend.index_size_bytes()
    if size:
        print(f"index size: {size / 1e6:.1f} MB")
    if connection.vendor == "sqlite":
        connection.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        path = connection.settings_dict["NAME"]
        print(f"database file: {os.path.getsize(path) / 1e6:.1f} MB")

    for label, run in (
        ("search", lambda q: search_listings(query=q, listings=published_listings())),
        ("naive icontains", naive),
    ):
        run("ผ้าทอ warm up")  # loads the Thai dictionaries
        timings, cpu, found = timed(run, QUERIES, args.repeats)
        print(
            f"{label:16} median {statistics.median(timings):7.1f} ms   p95 {percentile(timings, 0.95):7.1f} ms   "
            f"max {max(timings):7.1f} ms   ({len(timings)} queries)\n"
            f"{'  CPU time':16} median {statistics.median(cpu):7.1f} ms   p95 {percentile(cpu, 0.95):7.1f} ms   "
            f"max {max(cpu):7.1f} ms"
        )
        if label == "search":
            slowest = sorted(QUERIES, key=lambda q: -found.get(q, 0))[:3]
            print("  most results: " + ", ".join(f"{q} ({found[q]})" for q in slowest))
            search_times = timings
        else:
            print(
                f"  ratio naive / search (median): {statistics.median(timings) / statistics.median(search_times):.1f}×"
            )
    page_timings, most_queries = results_page(QUERIES)
    print(
        f"results page     median {statistics.median(page_timings):7.1f} ms   p95 {percentile(page_timings, 0.95):7.1f} ms   "
        f"max {max(page_timings):7.1f} ms   (/search/?q=…, {len(page_timings)} pages, at most {most_queries} SQL queries)"
    )


if __name__ == "__main__":
    main()
