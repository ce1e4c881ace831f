"""A large organiser-mode event built by bulk inserts (the registration services would take minutes),
as benchmarks/matching/optimise.py builds it: for tests whose optimiser must still be running when
they look (progress, a worker killed mid-solve)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from chumchon.accounts.models import Membership, Organisation, User
from chumchon.matching import services
from chumchon.matching.models import Event, MeetingRequest, Registration, RegistrationStatus, RequestStatus


def large_event(
    *, officer: Any, buyers: int = 60, sellers: int = 140, requests: int = 900, tables: int = 30, seed: int = 7
) -> Event:
    """An open event over two days (32 slots, `tables` tables) with approved participants, some away for
    a day or unavailable for two slots, and `requests` accepted requests of varied priority."""
    rng = random.Random(seed)
    now = timezone.now()
    event = services.event_create(
        by=officer,
        tables=tables,
        name_th="เจรจาจับคู่ธุรกิจขนาดใหญ่",
        slug=f"large-{seed}",
        venue="ศูนย์ประชุม",
        registration_opens=now - dt.timedelta(days=1),
        registration_closes=now + dt.timedelta(days=30),
        meeting_minutes=20,
        break_minutes=5,
        max_meetings=16,
    )
    for day in (dt.date(2026, 12, 10), dt.date(2026, 12, 11)):
        services.event_add_session(event=event, date=day, starts_at=dt.time(9), ends_at=dt.time(12), name="เช้า")
        services.event_add_session(event=event, date=day, starts_at=dt.time(13), ends_at=dt.time(17), name="บ่าย")
    event = services.event_open(event=event, by=officer)
    sessions = list(event.sessions.order_by("date", "starts_at"))
    slots = list(event.slots.order_by("starts_at"))
    n = buyers + sellers
    roles = ["buyer"] * buyers + ["seller"] * sellers
    users = User.objects.bulk_create(
        [User(email=f"p{i}@{event.slug}.example", name=f"Person {i}", role=roles[i], password="!") for i in range(n)]
    )
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(name=f"{'บริษัททัวร์' if roles[i] == 'buyer' else 'วิสาหกิจชุมชน'} {i:04d}", kind="company")
            for i in range(n)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(user=users[i], organisation=organisations[i], role="owner") for i in range(n)]
    )
    registrations = Registration.objects.bulk_create(
        [
            Registration(
                event=event,
                organisation=organisations[i],
                role=roles[i],
                status=RegistrationStatus.APPROVED,
                registered_by=users[i],
            )
            for i in range(n)
        ]
    )
    attend = []
    cannot = []
    for r in registrations:
        chosen = sessions if rng.random() < 0.8 else (sessions[:2] if rng.random() < 0.5 else sessions[2:])
        attend += [Registration.sessions.through(registration=r, eventsession=s) for s in chosen]
        if rng.random() < 0.1:
            cannot += [Registration.unavailable_slots.through(registration=r, slot=s) for s in rng.sample(slots, 2)]
    Registration.sessions.through.objects.bulk_create(attend)
    Registration.unavailable_slots.through.objects.bulk_create(cannot)
    popularity = [rng.paretovariate(1.5) for _ in range(sellers)]
    count = dict.fromkeys((r.pk for r in registrations), 0)
    pairs: set[tuple[int, int]] = set()
    rows: list[MeetingRequest] = []
    attempts = 0
    while len(rows) < requests and attempts < requests * 50:
        attempts += 1
        buyer = rng.choice(registrations[:buyers])
        seller = rng.choices(registrations[buyers:], weights=popularity)[0]
        key = (min(buyer.pk, seller.pk), max(buyer.pk, seller.pk))
        if key in pairs or count[buyer.pk] >= 16 or count[seller.pk] >= 16:
            continue
        pairs.add(key)
        count[buyer.pk] += 1
        count[seller.pk] += 1
        a, b = (buyer, seller) if buyer.pk < seller.pk else (seller, buyer)
        side = "priority_a" if a is buyer else "priority_b"
        rows.append(
            MeetingRequest(
                event=event,
                a=a,
                b=b,
                status=RequestStatus.ACCEPTED,
                requested_by=officer,
                answered_by=officer,
                answered_at=now,
                **{side: rng.choice([1, 2, 2, 3])},
            )
        )
    MeetingRequest.objects.bulk_create(rows, batch_size=1000)
    return event
