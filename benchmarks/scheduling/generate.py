"""Seeded generator of realistic business-matching instances (meeting-schedule-instance/1).

Buyers and community sellers; a few very popular sellers; partial attendance (half-day
participants, blocked slots); sellers at booths (some booths shared by two members of one
community); fewer tables than the table meetings would like; weights 1 (one side asked),
2 (organiser priority) or 3 (both sides asked). Requests are listed in arrival order.

    python benchmarks/scheduling/generate.py 1000 -o /tmp/i1000.json [--seed 1]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from datetime import datetime, timedelta, timezone

BANGKOK = timezone(timedelta(hours=7))
JsonObject = dict[str, object]


def requests_for(participants: int) -> int:
    """The request counts of the issue: ~4 per participant up to 1,000, then ~3.6."""
    return round(participants * (4.0 if participants <= 1000 else 3.6))


def generate(
    participants: int,
    *,
    seed: int = 1,
    requests: int | None = None,
    slots_per_session: int = 8,
    sessions: int = 2,
    table_ratio: float = 0.8,
) -> JsonObject:
    rng = random.Random(seed)
    n_req = requests_for(participants) if requests is None else requests

    slots: list[JsonObject] = []
    session_slots: list[list[str]] = []
    day = datetime(2026, 8, 24, tzinfo=BANGKOK)
    for k in range(sessions):
        start = day + timedelta(days=k // 2, hours=9 if k % 2 == 0 else 13)
        ids: list[str] = []
        for i in range(slots_per_session):
            sid = f"d{k // 2 + 1}-{'am' if k % 2 == 0 else 'pm'}-{i + 1:02d}"
            t = start + timedelta(minutes=20 * i)
            slots.append(
                {
                    "id": sid,
                    "session": sid[:-3],
                    "start": t.isoformat(),
                    "end": (t + timedelta(minutes=20)).isoformat(),
                }
            )
            ids.append(sid)
        session_slots.append(ids)
    all_slots = [s for ids in session_slots for s in ids]

    n_buyers = max(1, round(participants * 0.35))
    people: list[JsonObject] = []
    buyers: list[str] = []
    sellers: list[str] = []
    booth_count = 0
    for i in range(participants):
        pid = f"p{i + 1:05d}"
        role = "buyer" if i < n_buyers else "seller"
        p: JsonObject = {"id": pid, "role": role}
        u = rng.random()
        if u < 0.25:  # half-day attendance
            p["available"] = list(rng.choice(session_slots))
        elif u < 0.40:  # a few blocked slots (lunch with a partner, a talk to give)
            blocked = set(rng.sample(all_slots, rng.randint(1, 3)))
            p["available"] = [s for s in all_slots if s not in blocked]
        if role == "buyer":
            p["max_meetings"] = rng.randint(6, 12)
            buyers.append(pid)
        else:
            sellers.append(pid)
            if rng.random() < 0.4:
                if booth_count and rng.random() < 0.1:  # two members of one community
                    p["booth"] = f"B-{booth_count:04d}"
                else:
                    booth_count += 1
                    p["booth"] = f"B-{booth_count:04d}"
            if rng.random() < 0.3:
                p["max_meetings"] = rng.randint(8, 14)
        people.append(p)
    by_id = {str(p["id"]): p for p in people}

    # Seller popularity: Zipf-like, plus a handful of stars everybody wants to meet.
    pop = [1.0 / (rank + 1) ** 0.6 for rank in range(len(sellers))]
    for star in rng.sample(range(len(sellers)), min(len(sellers), max(2, participants // 400))):
        pop[star] *= 8
    activity = list(itertools.accumulate(rng.uniform(0.5, 1.5) for _ in buyers))
    order = list(range(len(sellers)))
    rng.shuffle(order)
    sellers_shuffled = [sellers[i] for i in order]
    pop_cum = list(itertools.accumulate(pop))

    pairs: set[tuple[str, str]] = set()
    reqs: list[JsonObject] = []
    attempts = 0
    while len(reqs) < n_req and attempts < n_req * 50:
        attempts += 1
        if rng.random() < 0.06 and len(sellers) > 1:  # community-to-community trade
            a, b = rng.sample(sellers, 2)
        else:
            a = rng.choices(buyers, cum_weights=activity)[0]
            b = rng.choices(sellers_shuffled, cum_weights=pop_cum)[0]
        key = (a, b) if a < b else (b, a)
        if a == b or key in pairs:
            continue
        pairs.add(key)
        u = rng.random()
        weight = 3 if u < 0.2 else 2 if u < 0.3 else 1
        reqs.append({"id": f"r{len(reqs) + 1:06d}", "a": a, "b": b, "weight": weight})

    # Tables: fewer than the table meetings would need in a perfectly spread day.
    table_requests = sum(1 for r in reqs if "booth" not in by_id[str(r["a"])] and "booth" not in by_id[str(r["b"])])
    n_tables = max(1, round(table_ratio * table_requests / len(all_slots)))
    return {
        "format": "meeting-schedule-instance/1",
        "name": f"generated-{participants}-seed{seed}",
        "slots": slots,
        "tables": [{"id": f"T{i + 1:03d}"} for i in range(n_tables)],
        "participants": people,
        "requests": reqs,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("participants", type=int)
    parser.add_argument("-o", "--output", help="file to write (standard output by default)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=None)
    args = parser.parse_args(argv)
    text = json.dumps(generate(args.participants, seed=args.seed, requests=args.requests))
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
