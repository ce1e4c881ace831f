"""Catalog pages at scale: 100,000 listings across 2,000 communities, server time per page.

    .venv/bin/python benchmarks/catalog/pages.py [--listings 100000] [--communities 2000] [--runs 50]

Builds a throw-away SQLite database (WAL, as in production by default), fills it with bulk inserts,
then requests each page through Django's test client (server time, no network) and prints the
median and 95th percentile. Target: median <= 50 ms for list, filter and detail pages.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--communities", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/catalog-bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chumchon.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ["STATIC_ROOT"] = tempfile.mkdtemp()  # production-like: hashed static files
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from chumchon.catalog.models import Category, Kind, Listing, Status
    from chumchon.places.models import Community, District

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    rng = random.Random(7)
    started = time.perf_counter()
    districts = list(District.objects.select_related("province"))
    communities = [
        Community(
            slug=f"bench-community-{n}", name_th=f"ชุมชนทดสอบ {n}", name_en=f"Bench community {n}",
            district=(district := rng.choice(districts)), province=district.province, is_sample=True,
        )
        for n in range(args.communities)
    ]  # fmt: skip
    Community.objects.bulk_create(communities, batch_size=1000)
    community_ids = list(Community.objects.values_list("id", flat=True))
    categories = list(Category.objects.filter(parent__isnull=False))
    kinds = [Kind.PRODUCT] * 6 + [Kind.EXPERIENCE] * 3 + [Kind.ROUTE]
    words = [
        "ผ้าทอมือ",
        "ผ้าซิ่นตีนจก",
        "สังคโลก",
        "เครื่องปั้นดินเผา",
        "จักสาน",
        "ทองโบราณ",
        "ขนมไทย",
        "สมุนไพร",
        "โฮมสเตย์",
        "เวิร์กช็อป",
    ]
    now = timezone.now()
    batch: list[Listing] = []
    for n in range(args.listings):
        batch.append(
            Listing(
                kind=rng.choice(kinds),
                community_id=rng.choice(community_ids),
                external_id=f"bench-{n}",
                title_th=f"{rng.choice(words)} {rng.choice(words)} รุ่น {n}",
                title_en=f"Bench listing {n}",
                description_th=" ".join(rng.choice(words) for _ in range(30)),
                category=rng.choice(categories),
                price=Decimal(rng.randint(50, 20000)),
                price_unit="piece",
                capacity=rng.randint(2, 60),
                status=Status.PUBLISHED,
                published_at=now,
            )
        )
        if len(batch) == 5000:
            Listing.objects.bulk_create(batch)
            batch = []
    Listing.objects.bulk_create(batch)
    from chumchon.core.db import refresh_planner_statistics

    refresh_planner_statistics()  # as imports and migrations do
    print(f"filled {args.listings} listings, {args.communities} communities in {time.perf_counter() - started:.1f} s")

    client = Client()
    sample_ids = rng.sample(list(Listing.objects.values_list("id", flat=True)[:5000]), 20)
    pages = {
        "list /listings/": lambda i: "/listings/",
        "list page 50": lambda i: "/listings/?page=50",
        "filter kind+province+price": lambda i: "/listings/?kind=product&province=Sukhothai&price_max=5000",
        "filter category (tree)": lambda i: "/listings/?category=crafts",
        "detail /l/<id>/": lambda i: f"/l/{sample_ids[i % len(sample_ids)]}/",
        "community page": lambda i: f"/c/bench-community-{i % 100}/",
        "api /api/v1/listings/": lambda i: "/api/v1/listings/?kind=product&page_size=50",
    }
    print(f"{'page':32} {'median ms':>10} {'p95 ms':>8}")
    for name, url in pages.items():
        for i in range(3):
            assert client.get(url(i)).status_code == 200, url(i)
        timings = []
        for i in range(args.runs):
            start = time.perf_counter()
            client.get(url(i))
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        print(f"{name:32} {statistics.median(timings):>10.1f} {timings[int(len(timings) * 0.95) - 1]:>8.1f}")


if __name__ == "__main__":
    main()
