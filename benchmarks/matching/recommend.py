"""Recommended partners on the judged set: precision@5 per buyer, the mean, and MRR.

    .venv/bin/python benchmarks/matching/recommend.py [--database-url postgres://…/chumchon_bench] [-v]

Builds a throw-away database (a temporary SQLite file unless --database-url), registers the
sellers and buyers of `recommend_judged.json` the way the registration form does (a seller offers
her organisation's published listings, a buyer states what she seeks) and ranks with
`chumchon.matching.recommend.recommend`. precision@5 = relevant among the top five / min(5,
number relevant); MRR = mean of 1 / rank of the first relevant seller (0 if none is listed).

The judged set was written before the ranking was tuned, by reading the texts only; do not edit
the judgements to suit the ranking (docs/matching.md, "Recommended partners").
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
JUDGED = Path(__file__).with_name("recommend_judged.json")


def judged() -> dict[str, Any]:
    return json.loads(JUDGED.read_text(encoding="utf-8"))


def build(event: Any, officer: Any, data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Register the judged set's sellers and buyers in `event` (open for registration) through the
    services the registration form calls; returns ({key: seller registration}, {key: buyer
    registration})."""
    from chumchon.accounts.models import User
    from chumchon.accounts.services import organisation_create
    from chumchon.catalog.models import Category, Listing, Status, Tag
    from chumchon.matching import services
    from chumchon.places.models import Community, District, Province

    categories = {c.slug: c for c in Category.objects.all()}
    sellers: dict[str, Any] = {}
    for n, spec in enumerate(data["sellers"]):
        person = User.objects.create_user(f"seller-{spec['key']}@example.com", "x", name=spec["organisation"])
        organisation = organisation_create(by=person, name=spec["organisation"], kind="community_enterprise")
        district = District.objects.get(code=spec["district"])
        community = Community.objects.create(
            slug=f"judged-{n}", name_th=spec["organisation"], district=district, province_id=district.province_id,
            organisation=organisation, is_published=True,
        )  # fmt: skip
        for item in spec["listings"]:
            listing = Listing.objects.create(
                kind="product", community=community, title_th=item["title_th"] or item["title_en"],
                title_en=item["title_en"], category=categories[item["category"]], materials=item["materials"],
                status=Status.PUBLISHED, published_at=event.registration_opens,
            )  # fmt: skip
            listing.tags.set([Tag.objects.get_or_create(name=tag)[0] for tag in item["tags"]])
        # What the registration form pre-ticks for a seller: her organisation's published listings.
        offers = list(Listing.objects.published().filter(community__organisation=organisation))
        registration = services.registration_create(
            event=event, organisation=organisation, role="seller", by=person, community=community,
            offers=offers, offers_text=spec["offers_text"], languages=spec["languages"],
        )  # fmt: skip
        sellers[spec["key"]] = services.registration_approve(registration=registration, by=officer, notify=False)
    buyers: dict[str, Any] = {}
    for spec in data["buyers"]:
        person = User.objects.create_user(f"buyer-{spec['key']}@example.com", "x", name=spec["key"])
        organisation = organisation_create(by=person, name=f"{spec['kind']} {spec['key']}", kind="company")
        registration = services.registration_create(
            event=event, organisation=organisation, role="buyer", by=person, seeks_text=spec["seeks_text"],
            seeks_categories=[categories[slug] for slug in spec["categories"]],
            seeks_provinces=list(Province.objects.filter(code__in=spec["provinces"])),
            languages=spec["languages"],
        )  # fmt: skip
        buyers[spec["key"]] = services.registration_approve(registration=registration, by=officer, notify=False)
    return sellers, buyers


def evaluate(
    data: dict[str, Any], sellers: dict[str, Any], buyers: dict[str, Any]
) -> tuple[dict[str, tuple[float, float, list[str]]], float, float]:
    """({buyer: (precision@5, reciprocal rank, top five)}, mean precision@5, MRR)."""
    from chumchon.matching import recommend

    names = {registration.pk: key for key, registration in sellers.items()}
    event = next(iter(buyers.values())).event
    profiles = recommend.profiles_of(event)
    per_buyer: dict[str, tuple[float, float, list[str]]] = {}
    for spec in data["buyers"]:
        relevant = set(spec["relevant"])
        ranked = [
            names[r.registration.pk] for r in recommend.recommend(buyers[spec["key"]], profiles=profiles, limit=50)
        ]
        precision = len(relevant & set(ranked[:5])) / min(5, len(relevant))
        first = next((i for i, key in enumerate(ranked, 1) if key in relevant), None)
        per_buyer[spec["key"]] = (precision, 1 / first if first else 0.0, ranked[:5])
    mean = sum(p for p, _r, _t in per_buyer.values()) / len(per_buyer)
    mrr = sum(r for _p, r, _t in per_buyer.values()) / len(per_buyer)
    return per_buyer, mean, mrr


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from benchmarks import common

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default="", help="postgres://… or sqlite:///…; default a temporary SQLite file"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="print each buyer's top five")
    args = parser.parse_args()
    args.listings, args.communities, args.keep, args.reuse = 0, 0, False, False
    drop = common.configure(args)
    try:
        from django.core.management import call_command
        from django.utils import timezone, translation

        from chumchon.accounts.models import User
        from chumchon.matching import services

        call_command("migrate", verbosity=0)
        officer = User.objects.create_user("officer@example.com", "x", is_staff=True)
        now = timezone.now()
        event = services.event_create(
            by=officer, tables=40, name_th="งานจับคู่ธุรกิจทดสอบ", slug="judged", venue="ศูนย์ประชุม",
            registration_opens=now - dt.timedelta(days=1), registration_closes=now + dt.timedelta(days=10),
        )  # fmt: skip
        services.event_add_session(event=event, date=dt.date(2026, 12, 10), starts_at=dt.time(9), ends_at=dt.time(16))
        services.event_open(event=event, by=officer)
        data = judged()
        sellers, buyers = build(event, officer, data)
        with translation.override("th"):
            per_buyer, mean, mrr = evaluate(data, sellers, buyers)
        print(f"{len(sellers)} sellers, {len(buyers)} buyers")
        print(f"{'buyer':28} {'P@5':>5} {'RR':>5}")
        for key, (precision, rr, top) in per_buyer.items():
            print(f"{key:28} {precision:>5.2f} {rr:>5.2f}" + (f"  {', '.join(top)}" if args.verbose else ""))
        print(f"mean precision@5 {mean:.3f}  MRR {mrr:.3f}")
    finally:
        drop()


if __name__ == "__main__":
    main()
