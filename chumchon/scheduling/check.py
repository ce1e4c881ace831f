"""Feasibility check of a schedule against its instance (the five rules of the format)."""

from __future__ import annotations

from collections import Counter

from .model import Instance, Schedule


def check_schedule(instance: Instance, schedule: Schedule) -> list[str]:
    """Every broken rule, one message each; an empty list means the schedule is feasible."""
    errors: list[str] = []
    requests = {r.id: r for r in instance.requests}
    people = {p.id: p for p in instance.participants}
    slots = {s.id for s in instance.slots}
    tables = set(instance.tables)
    seen: set[str] = set()
    at: set[tuple[str, str]] = set()
    where: set[tuple[str, str]] = set()
    count: Counter[str] = Counter()
    for m in schedule.meetings:
        r = requests.get(m.request)
        if r is None:
            errors.append(f"meeting for unknown request {m.request}")
            continue
        if m.request in seen:
            errors.append(f"request {m.request} is scheduled twice")
        seen.add(m.request)
        if m.slot not in slots:
            errors.append(f"request {m.request}: unknown slot {m.slot}")
            continue
        booths = {people[p].booth for p in (r.a, r.b)} - {None}
        for p in (r.a, r.b):
            av = people[p].available
            if av is not None and m.slot not in av:
                errors.append(f"request {m.request}: {p} is not available in {m.slot}")
            if (p, m.slot) in at:
                errors.append(f"{p} has two meetings in {m.slot}")
            at.add((p, m.slot))
            count[p] += 1
        if booths and m.location not in booths:
            errors.append(f"request {m.request}: location {m.location} is not the booth")
        if not booths and m.location not in tables:
            errors.append(f"request {m.request}: location {m.location} is not a table")
        if (m.location, m.slot) in where:
            errors.append(f"{m.location} holds two meetings in {m.slot}")
        where.add((m.location, m.slot))
    for p, n in count.items():
        mm = people[p].max_meetings
        if mm is not None and n > mm:
            errors.append(f"{p} has {n} meetings, more than max_meetings ({mm})")
    return errors
