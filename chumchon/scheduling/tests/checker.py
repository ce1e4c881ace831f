"""Independent feasibility checker: reads the two JSON files with ``json`` only.

It deliberately imports nothing from chumchon.scheduling, so a bug in the solver's own data
model cannot hide a bug in its schedules.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any


def check_files(instance_path: str | Path, schedule_path: str | Path) -> tuple[list[str], float]:
    """(violations, value) of the schedule file against the instance file."""
    instance: dict[str, Any] = json.loads(Path(instance_path).read_text(encoding="utf-8"))
    schedule: dict[str, Any] = json.loads(Path(schedule_path).read_text(encoding="utf-8"))
    return check(instance, schedule)


def check(instance: dict[str, Any], schedule: dict[str, Any]) -> tuple[list[str], float]:
    errors: list[str] = []
    if schedule.get("format") != "meeting-schedule/1":
        errors.append("wrong schedule format tag")
    slots = {s["id"] for s in instance["slots"]}
    tables = {t["id"] for t in instance.get("tables", [])}
    people = {p["id"]: p for p in instance["participants"]}
    requests = {r["id"]: r for r in instance["requests"]}
    seen: set[str] = set()
    busy: set[tuple[str, str]] = set()
    used: set[tuple[str, str]] = set()
    count: Counter[str] = Counter()
    value = 0.0
    for m in schedule["meetings"]:
        rid, slot, location = m["request"], m["slot"], m["location"]
        if rid not in requests:
            errors.append(f"unknown request {rid}")
            continue
        # rule 1: at most once
        if rid in seen:
            errors.append(f"{rid} appears twice")
        seen.add(rid)
        if slot not in slots:
            errors.append(f"{rid}: unknown slot {slot}")
            continue
        req = requests[rid]
        value += float(req.get("weight", 1))
        booths = set()
        for pid in (req["a"], req["b"]):
            person = people[pid]
            # rule 2: available
            available = person.get("available")
            if available is not None and slot not in available:
                errors.append(f"{rid}: {pid} not available in {slot}")
            # rule 3: one meeting per participant and slot
            if (pid, slot) in busy:
                errors.append(f"{pid} double-booked in {slot}")
            busy.add((pid, slot))
            count[pid] += 1
            if person.get("booth") is not None:
                booths.add(person["booth"])
        # rule 5: location
        if booths:
            if location not in booths:
                errors.append(f"{rid}: {location} is not a booth of {req['a']} or {req['b']}")
        elif location not in tables:
            errors.append(f"{rid}: {location} is not a table")
        if (location, slot) in used:
            errors.append(f"{location} holds two meetings in {slot}")
        used.add((location, slot))
    # rule 4: max_meetings
    for pid, n in count.items():
        limit = people[pid].get("max_meetings")
        if limit is not None and n > limit:
            errors.append(f"{pid}: {n} meetings > max_meetings {limit}")
    return errors, value
