"""The participant directory with recommendations at 1,000 participants: server time per page.

    .venv/bin/python benchmarks/matching/directory.py [--participants 1000] [--runs 20]

Builds a throw-away SQLite database, registers the participants (half buyers, half sellers with a
listing each, Thai and English texts), then requests the directory through Django's test client as
a buyer (first page: recommendations for you + 30 participants), with a Thai text search, with a
category filter, and as an officer; prints the median and 95th percentile, and the time to build
the profiles and rank once in Python.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

WORDS_TH = [
    "ผ้าทอมือ", "ผ้าซิ่นตีนจก", "สังคโลก", "เครื่องปั้นดินเผา", "จักสาน", "ทองโบราณ", "ขนมหม้อแกง", "สมุนไพร",
    "โฮมสเตย์", "เวิร์กช็อป", "ย้อมคราม", "เครื่องเงิน", "ข้าวแต๋น", "ลูกประคบ", "ของฝาก", "ดนตรีพื้นบ้าน",
]  # fmt: skip
WORDS_EN = [
    "handwoven",
    "ceramics",
    "celadon",
    "baskets",
    "silver",
    "herbal",
    "homestay",
    "workshop",
    "indigo",
    "gifts",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/matching-bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chumchon.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ["STATIC_ROOT"] = tempfile.mkdtemp()
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from chumchon.accounts.models import Membership, Organisation, User
    from chumchon.catalog.models import Category, Listing, Status
    from chumchon.matching import recommend, services
    from chumchon.matching.models import Registration, RegistrationStatus
    from chumchon.places.models import Community, District

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    rng = random.Random(11)
    started = time.perf_counter()
    officer = User.objects.create_user("officer@example.com", "x", is_staff=True)
    now = timezone.now()
    event = services.event_create(
        by=officer, tables=40, name_th="งานทดสอบ", slug="bench", venue="ศูนย์ประชุม", registration_opens=now - dt.timedelta(days=1),
        registration_closes=now + dt.timedelta(days=10),
    )  # fmt: skip
    services.event_add_session(event=event, date=dt.date(2026, 12, 10), starts_at=dt.time(9), ends_at=dt.time(16))
    services.event_open(event=event, by=officer)
    districts = list(District.objects.filter(province__code__in=["64", "65", "50", "55"]))
    categories = list(Category.objects.filter(parent__isnull=False))
    n = args.participants
    users = User.objects.bulk_create([User(email=f"p{i}@example.com", name=f"P {i}") for i in range(n)])
    orgs = Organisation.objects.bulk_create(
        [Organisation(name=f"{'กลุ่ม' if i % 2 else 'Company'} {i}", kind="company") for i in range(n)]
    )
    Membership.objects.bulk_create([Membership(user=u, organisation=o) for u, o in zip(users, orgs, strict=True)])
    sellers = [i for i in range(n) if i % 2]
    communities = Community.objects.bulk_create(
        [
            Community(
                slug=f"c{i}", name_th=f"ชุมชน {i}", district=(d := rng.choice(districts)), province_id=d.province_id
            )
            for i in sellers
        ]
    )
    community_of = dict(zip(sellers, communities, strict=True))

    def text() -> str:
        return " ".join(rng.choice(WORDS_TH) for _ in range(6)) + " " + " ".join(rng.sample(WORDS_EN, 3))

    registrations = Registration.objects.bulk_create(
        [
            Registration(
                event=event, organisation=orgs[i], role="seller" if i % 2 else "buyer",
                status=RegistrationStatus.APPROVED, registered_by=users[i], community=community_of.get(i),
                offers_text=text() if i % 2 else "", seeks_text="" if i % 2 else text(),
                languages=rng.choice(["th", "th,en", "th,en,zh"]),
            )
            for i in range(n)
        ]
    )  # fmt: skip
    listings = Listing.objects.bulk_create(
        [
            Listing(
                kind="product", community=community_of[i], title_th=" ".join(rng.sample(WORDS_TH, 2)),
                category=rng.choice(categories), status=Status.PUBLISHED, published_at=now,
            )
            for i in sellers
        ]
    )  # fmt: skip
    through = Registration.offers.through
    through.objects.bulk_create(
        [
            through(registration_id=registrations[i].pk, listing_id=listing.pk)
            for i, listing in zip(sellers, listings, strict=True)
        ]
    )
    seeks = Registration.seeks_categories.through
    seeks.objects.bulk_create(
        [seeks(registration_id=registrations[i].pk, category_id=rng.choice(categories).pk) for i in range(0, n, 2)]
    )
    print(f"registered {n} participants in {time.perf_counter() - started:.1f} s")

    recommend.profiles_of(event)  # warm the tokeniser (dictionaries load once per process)
    start = time.perf_counter()
    profiles = recommend.profiles_of(event)
    built = time.perf_counter() - start
    start = time.perf_counter()
    recommend.recommend(registrations[0], profiles=profiles)
    ranked = time.perf_counter() - start
    print(
        f"profiles of {len(profiles)} registrations: {built * 1000:.0f} ms (warm caches); ranking for one: {ranked * 1000:.1f} ms"
    )

    buyer, staff = Client(), Client()
    buyer.force_login(users[0])
    staff.force_login(officer)
    pages = {
        "buyer: directory + recommended": (buyer, "/en/matching/bench/participants/"),
        "buyer: search ผ้าทอ": (buyer, "/en/matching/bench/participants/?q=ผ้าทอ"),
        "buyer: category + page 3": (
            buyer,
            f"/en/matching/bench/participants/?category={categories[0].parent_id}&page=3",
        ),
        "officer: directory, role": (staff, "/en/matching/bench/participants/?role=seller"),
    }
    print(f"{'page':34} {'median ms':>10} {'p95 ms':>8}")
    for name, (client, url) in pages.items():
        assert client.get(url).status_code == 200, url
        timings = []
        for _ in range(args.runs):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        print(f"{name:34} {statistics.median(timings):>10.1f} {timings[int(len(timings) * 0.95) - 1]:>8.1f}")


if __name__ == "__main__":
    main()
