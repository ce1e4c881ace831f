"""Organiser-mode scheduling at scale: 1,000 participants, about 4,000 accepted requests.

    .venv/bin/python benchmarks/matching/optimise.py [--buyers 300] [--sellers 700] [--requests 4000]
        [--time-limit 30] [--via-services]

Builds a throw-away SQLite database (a temporary file, migrated), then:

- setup (not timed in the total): an open event over two days (4 sessions, 32 slots of 20 + 5
  minutes, 120 tables, 200 sellers with a booth), users, organisations, memberships and approved
  registrations by bulk inserts (the registration services would take minutes and are not what
  is measured); the requests by a bulk equivalent of request_send + request_accept (one row per
  pair, a < b, the buyer's priority, status accepted, within every participant's meeting limit),
  or, with --via-services, through the real request_send/request_accept services (slow);
- the timed phases, all through the real services: the instance export (optimise.event_instance
  and its JSON), a run of the optimiser (schedule_run_start; the immediate task backend runs
  schedule_run_execute: instance, solve, result stored), schedule_run_apply (bulk Meetings and
  Seats) and event_publish (fingerprints, notifications to 1,000 organisations by e-mail to an
  in-memory outbox).

Prints the time of each phase, the end-to-end total (run + apply + publish; target < 60 s), the
value against the proven upper bound and the number of requests scheduled.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--buyers", type=int, default=300)
    parser.add_argument("--sellers", type=int, default=700)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--time-limit", type=int, default=30)
    parser.add_argument("--via-services", action="store_true", help="send and accept requests through the services")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp()
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/matching-bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chumchon.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.core import mail
    from django.core.management import call_command
    from django.utils import timezone

    from chumchon.accounts.models import Membership, Organisation, User
    from chumchon.matching import optimise, services
    from chumchon.matching.models import (
        Meeting,
        MeetingRequest,
        Registration,
        RegistrationStatus,
        RequestStatus,
        RunStatus,
        Seat,
    )
    from chumchon.notifications.models import Notification
    from chumchon.scheduling import check_schedule, instance_to_dict

    mail.outbox = []
    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate                 {time.perf_counter() - t:7.2f} s")

    rng = random.Random(7)
    t = time.perf_counter()
    officer = User.objects.create_user(email="officer@bench.example", password=None, is_staff=True, name="Officer")
    now = timezone.now()
    event = services.event_create(
        by=officer,
        tables=120,
        name_th="เจรจาจับคู่ธุรกิจ (ทดสอบความเร็ว)",
        slug="bench",
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
    services.event_open(event=event, by=officer)
    sessions = list(event.sessions.order_by("date", "starts_at"))
    slots = list(event.slots.order_by("starts_at"))

    n = args.buyers + args.sellers
    roles = ["buyer"] * args.buyers + ["seller"] * args.sellers
    unusable = "!"  # an unusable password hash: nobody signs in
    users = User.objects.bulk_create(
        [User(email=f"p{i}@bench.example", name=f"Person {i}", role=roles[i], password=unusable) for i in range(n)]
    )
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"{'บริษัททัวร์' if roles[i] == 'buyer' else 'วิสาหกิจชุมชน'} {i:04d}",
                kind="company" if roles[i] == "buyer" else "community_enterprise",
            )
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
                booth=f"B{i:03d}" if roles[i] == "seller" and i % 7 < 2 else "",
            )
            for i in range(n)
        ]
    )
    Registration.representatives.through.objects.bulk_create(
        [Registration.representatives.through(registration=r, user=users[i]) for i, r in enumerate(registrations)]
    )
    # Most attend both days; one in five only one day; one in ten cannot make two random slots.
    attend = []
    cannot = []
    for r in registrations:
        chosen = sessions if rng.random() < 0.8 else (sessions[:2] if rng.random() < 0.5 else sessions[2:])
        attend += [Registration.sessions.through(registration=r, eventsession=s) for s in chosen]
        if rng.random() < 0.1:
            cannot += [Registration.unavailable_slots.through(registration=r, slot=s) for s in rng.sample(slots, 2)]
    Registration.sessions.through.objects.bulk_create(attend)
    Registration.unavailable_slots.through.objects.bulk_create(cannot)
    print(f"participants (bulk)     {time.perf_counter() - t:7.2f} s  ({n} registrations)")

    # Requests: buyers ask sellers, popular sellers more often, nobody over the meeting limit.
    t = time.perf_counter()
    buyers = registrations[: args.buyers]
    sellers = registrations[args.buyers :]
    popularity = [rng.paretovariate(1.5) for _ in sellers]
    count = dict.fromkeys((r.pk for r in registrations), 0)
    pairs: set[tuple[int, int]] = set()
    chosen_pairs: list[tuple[object, object, int]] = []
    attempts = 0
    while len(chosen_pairs) < args.requests and attempts < args.requests * 50:
        attempts += 1
        buyer = rng.choice(buyers)
        seller = rng.choices(sellers, weights=popularity)[0]
        key = (min(buyer.pk, seller.pk), max(buyer.pk, seller.pk))
        if key in pairs or count[buyer.pk] >= 16 or count[seller.pk] >= 16:
            continue
        pairs.add(key)
        count[buyer.pk] += 1
        count[seller.pk] += 1
        chosen_pairs.append((buyer, seller, rng.choice([1, 2, 2, 3])))
    if args.via_services:
        people = {r.pk: users[i] for i, r in enumerate(registrations)}
        for buyer, seller, priority in chosen_pairs:
            request = services.request_send(sender=buyer, target=seller, by=people[buyer.pk], priority=priority)  # type: ignore[arg-type, attr-defined]
            services.request_accept(meeting_request=request, by=people[seller.pk])  # type: ignore[attr-defined]
        how = "request_send + request_accept services"
    else:
        rows = []
        for buyer, seller, priority in chosen_pairs:
            a, b = (buyer, seller) if buyer.pk < seller.pk else (seller, buyer)  # type: ignore[attr-defined]
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
                    **{side: priority},
                )
            )
        MeetingRequest.objects.bulk_create(rows, batch_size=1000)
        how = "bulk equivalent of request_send + request_accept"
    accepted = event.requests.accepted().count()
    print(f"requests                {time.perf_counter() - t:7.2f} s  ({accepted} accepted, {how})")

    print("--- timed phases (real services) ---")
    t0 = time.perf_counter()
    instance = optimise.event_instance(event)
    text = json.dumps(instance_to_dict(instance), ensure_ascii=False)
    t_instance = time.perf_counter() - t0
    print(f"instance export         {t_instance:7.2f} s  ({len(text) // 1024} KiB of JSON)")

    t1 = time.perf_counter()
    run = services.schedule_run_start(event=event, by=officer, time_limit=args.time_limit)
    run.refresh_from_db()
    t_run = time.perf_counter() - t1
    if run.status != RunStatus.DONE:
        raise SystemExit(f"run failed: {run.error}")
    stats = run.result["stats"]  # type: ignore[index]
    print(f"optimiser run           {t_run:7.2f} s  (time limit {args.time_limit} s, solver {stats['seconds']} s)")

    t2 = time.perf_counter()
    services.schedule_run_apply(run=run, by=officer)
    t_apply = time.perf_counter() - t2
    print(
        f"apply                   {t_apply:7.2f} s  ({Meeting.objects.count()} meetings, {Seat.objects.count()} seats)"
    )

    t3 = time.perf_counter()
    told = services.event_publish(event=event, by=officer)
    t_publish = time.perf_counter() - t3
    print(
        f"publish                 {t_publish:7.2f} s  ({told} organisations told, "
        f"{Notification.objects.count()} notifications, {len(mail.outbox)} e-mails)"
    )
    total = t_run + t_apply + t_publish
    print(f"END TO END (run+apply+publish) {total:6.2f} s   target < 60 s: {'OK' if total < 60 else 'MISSED'}")
    print(f"with the instance export       {total + t_instance:6.2f} s")
    weight, bound = float(stats["weight"]), float(stats["upper_bound"])
    print(
        f"value {stats['weight']} of upper bound {stats['upper_bound']} ({100 * weight / bound:.2f} % of the bound); "
        f"scheduled {stats['scheduled']} of {stats['requests']} requests; method {stats['method']}"
    )
    errors = check_schedule(optimise.event_instance(event), optimise.schedule_of(event))
    print(f"stored meetings checked: {'no double booking' if not errors else errors[:3]}")


if __name__ == "__main__":
    main()
