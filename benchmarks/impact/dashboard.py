"""Impact dashboard at scale on PostgreSQL: 1,000,000 income entries, server time per page.

    .venv/bin/python benchmarks/impact/dashboard.py [--entries 1000000] [--communities 2000] [--runs 7]
        [--server postgres://postgres@127.0.0.1:5432] [--keep]

Creates its own database (`chumchon_bench_impact`, dropped first and again at the end unless
--keep; the development database is never touched), migrates it, loads the rows with COPY,
rebuilds the monthly rollup (`services.monthly_income_rebuild`, as `manage.py impact_rebuild`
does), then requests the dashboards through Django's test client (server time, no network) and
prints the median of several runs. Target: the officers' dashboard of a fiscal year in <= 1 s.

For comparison it also times the same totals, months and per-community sums aggregated straight
from the income entries (no rollup), which is what the rollup saves.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
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
DB_NAME = "chumchon_bench_impact"


def admin_execute(server: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def timed(function, runs: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--communities", type=int, default=2_000)
    parser.add_argument("--deals", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--server", default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--keep", action="store_true", help="Keep the benchmark database afterwards.")
    args = parser.parse_args()

    admin_execute(args.server, f'DROP DATABASE IF EXISTS "{DB_NAME}"')
    admin_execute(args.server, f'CREATE DATABASE "{DB_NAME}"')
    os.environ["DATABASE_URL"] = f"{args.server}/{DB_NAME}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chumchon.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ["STATIC_ROOT"] = tempfile.mkdtemp()
    try:
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            admin_execute(args.server, f'DROP DATABASE IF EXISTS "{DB_NAME}"')


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Sum
    from django.db.models.functions import TruncMonth
    from django.test import Client

    from chumchon.accounts.models import Organisation, User
    from chumchon.impact import services
    from chumchon.impact.models import HouseholdIncome, IncomeEntry, IncomeKind
    from chumchon.inquiries.models import Deal, DealKind, DealSource, DealStatus, Side
    from chumchon.places.models import Community, District

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    rng = random.Random(2569)
    started = time.perf_counter()
    districts = list(District.objects.filter(province__code__in=["64", "55", "72", "76", "57", "50"]))
    communities = []
    for n in range(args.communities):
        district = rng.choice(districts)
        communities.append(
            Community(
                slug=f"bench-{n}", name_th=f"ชุมชนทดสอบ {n}", name_en=f"Bench community {n}", district=district,
                province_id=district.province_id, is_sample=True, households=rng.randint(20, 300),
                latitude=Decimal(f"{rng.uniform(13.0, 20.0):.5f}"), longitude=Decimal(f"{rng.uniform(98.5, 101.5):.5f}"),
            )
        )  # fmt: skip
    Community.objects.bulk_create(communities, batch_size=1000)
    ids = list(Community.objects.values_list("id", flat=True))
    officer = User.objects.create_user(email="bench-officer@example.com", is_staff=True)
    kinds = list(IncomeKind.values)
    first_day = dt.date(2023, 10, 1)  # fiscal years 2567, 2568 and 2569
    days = (dt.date(2026, 9, 30) - first_day).days + 1
    buffer = io.StringIO()
    for _ in range(args.entries):
        day = first_day + dt.timedelta(days=rng.randrange(days))
        buffer.write(
            f"{rng.choice(ids)}\t{day.isoformat()}\t{rng.randint(100, 20000)}.{rng.randint(0, 99):02d}\t"
            f"{rng.choice(kinds)}\t{rng.randint(0, 30)}\t\t{officer.pk}\t2026-10-01 00:00:00+07\n"
        )
    with (
        connection.cursor() as cursor,
        cursor.copy(
            "COPY impact_incomeentry (community_id, date, amount, kind, visitors, note, recorded_by_id, created_at) "
            "FROM STDIN"
        ) as copy,
    ):
        copy.write(buffer.getvalue())
    loaded = time.perf_counter() - started
    seller = Organisation.objects.create(name="Bench seller", kind="community_enterprise")
    buyer = User.objects.create_user(email="bench-buyer@example.com")
    Deal.objects.bulk_create(
        (
            Deal(
                seller=seller, community_id=rng.choice(ids), buyer=buyer, value=Decimal(rng.randint(1000, 90000)),
                date=first_day + dt.timedelta(days=rng.randrange(days)), kind=DealKind.PRODUCT_SALE,
                source=rng.choice(list(DealSource.values)), status=DealStatus.CONFIRMED, recorded_by=buyer,
                confirming_side=Side.SELLER,
            )
            for _ in range(args.deals)
        ),
        batch_size=5000,
    )  # fmt: skip
    surveyed = ids[:200]
    HouseholdIncome.objects.bulk_create(
        (
            HouseholdIncome(community_id=community_id, household=f"HH-{h}", month=dt.date(2025 + (m < 3), (m + 9) % 12 + 1, 1),
                            income=Decimal(f"{rng.lognormvariate(8.6, 0.7):.2f}"))
            for community_id in surveyed for h in range(20) for m in range(12)
        ),
        batch_size=5000,
    )  # fmt: skip
    started = time.perf_counter()
    rollup_rows = services.monthly_income_rebuild()
    rebuild = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('impact_incomeentry'))")
        size = cursor.fetchone()[0]
    print(f"PostgreSQL {connection.pg_version}; database {DB_NAME}")
    print(f"loaded {IncomeEntry.objects.count():,} income entries ({size}) in {loaded:.1f} s with COPY, "
          f"{args.deals:,} confirmed deals, {len(surveyed) * 20 * 12:,} household-month survey rows, "
          f"{len(ids):,} communities")  # fmt: skip
    print(f"rollup rebuilt: {rollup_rows:,} monthly rows in {rebuild:.1f} s")

    client = Client()
    client.force_login(officer)
    province = Community.objects.filter(pk=ids[0]).values_list("province__slug", flat=True).get()
    district = Community.objects.filter(pk=ids[0]).values_list("district__code", flat=True).get()
    pages = [
        ("officers' dashboard, FY 2569, whole country", "/impact/?fiscal_year=2569"),
        ("officers' dashboard, FY 2569, one province", f"/impact/?fiscal_year=2569&province={province}"),
        ("officers' dashboard, FY 2569, one district", f"/impact/?fiscal_year=2569&district={district}"),
        ("a community's dashboard, FY 2569", "/impact/community/bench-0/?fiscal_year=2569"),
        ("API figures, FY 2569, whole country", "/api/v1/impact/figures/?fiscal_year=2569"),
        ("Excel export, FY 2569, whole country", "/impact/export.xlsx?fiscal_year=2569"),
    ]
    for label, url in pages:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        median, worst = timed(lambda url=url: client.get(url), args.runs)
        print(
            f"{label:48s} median {median * 1000:7.0f} ms   max {worst * 1000:7.0f} ms   ({len(response.content):,} bytes)"
        )

    def straight_from_entries() -> None:
        entries = IncomeEntry.objects.filter(date__gte=dt.date(2025, 10, 1), date__lte=dt.date(2026, 9, 30))
        entries.aggregate(Sum("amount"), Sum("visitors"))
        list(entries.annotate(m=TruncMonth("date")).values("m").annotate(s=Sum("amount")))
        list(entries.values("community").annotate(s=Sum("amount")))
        IncomeEntry.objects.filter(date__gte=dt.date(2024, 10, 1), date__lte=dt.date(2025, 9, 30)).aggregate(
            Sum("amount")
        )

    median, worst = timed(straight_from_entries, args.runs)
    print(
        f"{'without the rollup: 4 aggregations on the entries':48s} median {median * 1000:7.0f} ms   max {worst * 1000:7.0f} ms"
    )


if __name__ == "__main__":
    main()
