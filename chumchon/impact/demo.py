"""Demo impact data: income entries of every sample community over the previous and the current
fiscal year, a household survey of three communities, and three confirmed deals (two from a
business-matching day). Sample figures written for the demo, not real income."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from chumchon.accounts.models import Organisation, User
from chumchon.core.thai import fiscal_year_bounds, fiscal_year_of
from chumchon.impact import services
from chumchon.impact.models import HouseholdIncome, IncomeEntry, IncomeKind
from chumchon.inquiries.models import Deal, DealKind, DealSource, DealStatus, Side
from chumchon.places.models import Community

SAMPLE = "(ตัวอย่าง)"
SURVEYED = {"demo-skt-01": 12, "demo-skt-03": 18, "demo-nan-01": 10}
# What each community mostly earns from, by its external id's story (others: product sales).
KINDS = {
    "demo-skt-01": [IncomeKind.TOURISM_SERVICES, IncomeKind.PRODUCT_SALES],
    "demo-skt-03": [IncomeKind.PRODUCT_SALES, IncomeKind.HOMESTAY, IncomeKind.TOURISM_SERVICES],
    "demo-skt-10": [IncomeKind.FOOD, IncomeKind.PRODUCT_SALES],
    "demo-nan-01": [IncomeKind.PRODUCT_SALES, IncomeKind.HOMESTAY],
}
NOTES = ["ขายหน้าร้าน", "กลุ่มทัวร์ศึกษาดูงาน", "ออกร้านงานประจำปี", "ลูกค้าสั่งผ่าน LINE", ""]


def _sample_communities() -> list[Community]:
    return list(Community.objects.filter(is_sample=True).order_by("external_id", "pk"))


def unload() -> None:
    communities = Community.objects.filter(is_sample=True)
    IncomeEntry.objects.filter(community__in=communities).delete()
    HouseholdIncome.objects.filter(community__in=communities).delete()
    Deal.objects.filter(community__in=communities, description__endswith=SAMPLE).delete()
    services.monthly_income_rebuild()


def load() -> None:
    communities = _sample_communities()
    if not communities or IncomeEntry.objects.filter(community__in=communities).exists():
        return
    rng = random.Random(2569)
    today = timezone.localdate()
    start, _end = fiscal_year_bounds(fiscal_year_of(today) - 1)
    recorder = User.objects.filter(email="seller@example.com").first()
    entries = []
    for index, community in enumerate(communities):
        size = (community.households or 40) / 40
        kinds = KINDS.get(community.external_id or "", [IncomeKind.PRODUCT_SALES, IncomeKind.OTHER])
        day = start
        while day <= today:
            # High season (November–February) earns more; a few communities earn much more than others.
            season = 1.8 if day.month in (11, 12, 1, 2) else 1.0
            for _ in range(rng.randint(1, 3)):
                amount = Decimal(rng.randint(800, 9000)) * Decimal(str(round(size * season * (1 + index % 3), 2)))
                entries.append(
                    IncomeEntry(
                        community=community,
                        date=min(today, day + dt.timedelta(days=rng.randint(0, 27))),
                        amount=amount.quantize(Decimal("0.01")),
                        kind=rng.choice(kinds),
                        visitors=rng.randint(0, 40),
                        note=rng.choice(NOTES),
                        recorded_by=recorder,
                    )
                )
            day = (day + dt.timedelta(days=32)).replace(day=1)
    IncomeEntry.objects.bulk_create(entries, batch_size=500)
    services.monthly_income_rebuild()
    _load_survey(communities, rng, start)
    _load_deals(communities, today)


def _load_survey(communities: list[Community], rng: random.Random, start: dt.date) -> None:
    officer = User.objects.filter(email="officer@example.com").first()
    months = [(start + dt.timedelta(days=31 * n)).replace(day=1) for n in (1, 4, 7, 10)]
    rows = []
    for community in communities:
        households = SURVEYED.get(community.external_id or "")
        if not households:
            continue
        for number in range(1, households + 1):
            base = rng.lognormvariate(8.6, 0.6)  # about ฿5,400 a month, a few households far more
            for month in months:
                rows.append(
                    HouseholdIncome(
                        community=community,
                        household=f"HH-{number:03d}",
                        month=month,
                        income=Decimal(str(round(base * rng.uniform(0.7, 1.3), 2))),
                        source=f"แบบสำรวจรายได้ครัวเรือน {SAMPLE}",
                        imported_by=officer,
                    )
                )
    HouseholdIncome.objects.bulk_create(rows, batch_size=500)


def _load_deals(communities: list[Community], today: dt.date) -> None:
    """Confirmed deals stored as they are once both sides agreed; not through the inquiries services,
    which would notify (and e-mail) the demo accounts every time the demo is loaded."""
    seller = User.objects.filter(email="seller@example.com").first()
    buyer = User.objects.filter(email="buyer@example.com").first()
    weavers = next((c for c in communities if c.external_id == "demo-skt-03"), None)
    if seller is None or buyer is None or weavers is None or weavers.organisation is None:
        return
    buyer_org = Organisation.objects.filter(members=buyer).first()
    now = timezone.now()
    Deal.objects.bulk_create(
        Deal(
            seller=weavers.organisation,
            community=weavers,
            buyer=buyer,
            buyer_organisation=buyer_org,
            value=Decimal(value),
            date=today - dt.timedelta(days=days_ago),
            kind=kind,
            source=source,
            description=f"{what} {SAMPLE}",
            status=DealStatus.CONFIRMED,
            recorded_by=seller,
            confirming_side=Side.BUYER,
            confirmed_by=buyer,
            confirmed_at=now,
        )
        for days_ago, value, source, kind, what in [
            (320, "45000", DealSource.MATCHING_EVENT, DealKind.B2B_CONTRACT, "ผ้าซิ่นตีนจกสำหรับร้านโรงแรม"),
            (200, "28500", DealSource.MATCHING_EVENT, DealKind.PRODUCT_SALE, "ผ้าพันคอทอมือ 150 ผืน"),
            (25, "12000", DealSource.WALK_IN, DealKind.BOOKING, "กลุ่มทัวร์ 30 คน เรียนทอผ้าครึ่งวัน"),
        ]
    )
