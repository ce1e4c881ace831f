"""Incremental re-solving: cancelled requests drop, new ones are placed, few meetings move."""

from __future__ import annotations

import copy
import json
import random
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from chumchon.scheduling import Meeting, Schedule, parse_instance, resolve_incremental, schedule_to_dict, solve

from .checker import check, check_files
from .helpers import ROOT, generator, instance, people, write


def changed_event(seed: int = 5) -> tuple[dict[str, Any], dict[str, Any], Schedule]:
    """A solved event, then the same event with 10% of requests cancelled and 80 new ones."""
    data = generator().generate(250, seed=seed)
    first = solve(parse_instance(data), time_limit=3)
    rng = random.Random(seed)
    updated = copy.deepcopy(data)
    updated["requests"] = [r for r in updated["requests"] if rng.random() > 0.1]
    pairs = {frozenset((r["a"], r["b"])) for r in data["requests"]}
    ids = [p["id"] for p in data["participants"]]
    n = 0
    while n < 80:
        a, b = rng.sample(ids, 2)
        if frozenset((a, b)) in pairs:
            continue
        pairs.add(frozenset((a, b)))
        n += 1
        updated["requests"].append({"id": f"new{n}", "a": a, "b": b, "weight": rng.choice([1, 3])})
    # lock a third of the published meetings
    meetings = [replace(m, locked=(i % 3 == 0)) for i, m in enumerate(first.meetings)]
    return data, updated, Schedule(meetings, first.unscheduled, first.stats)


def positions(schedule: Schedule) -> dict[str, tuple[str, str]]:
    return {m.request: (m.slot, m.location) for m in schedule.meetings}


class TestIncremental:
    def test_it_moves_nothing_when_no_moves_are_allowed(self) -> None:
        _, updated, previous = changed_event()
        result = resolve_incremental(parse_instance(updated), previous, max_moves=0, time_limit=3)
        assert check(updated, schedule_to_dict(result))[0] == []
        before, after = positions(previous), positions(result)
        live = {r["id"] for r in updated["requests"]}
        for rid, place in before.items():
            if rid in live:
                assert after[rid] == place
            else:
                assert rid not in after
        assert result.stats["moved"] == 0
        assert result.stats["dropped_cancelled"] == len([r for r in before if r not in live])
        assert int(result.stats["new_scheduled"] or 0) > 0

    def test_it_moves_at_most_max_moves_and_never_locked_ones(self) -> None:
        _, updated, previous = changed_event()
        none = resolve_incremental(parse_instance(updated), previous, max_moves=0, time_limit=3)
        result = resolve_incremental(parse_instance(updated), previous, max_moves=5, time_limit=3)
        assert check(updated, schedule_to_dict(result))[0] == []
        before, after = positions(previous), positions(result)
        moved = [rid for rid, place in before.items() if rid in after and after[rid][0] != place[0]]
        assert len(moved) <= 5
        assert result.stats["moved"] == len(moved)
        for m in previous.meetings:
            if m.locked and m.request in after:
                assert after[m.request] == (m.slot, m.location)
        assert {m.request for m in result.meetings if m.locked} <= {m.request for m in previous.meetings if m.locked}
        assert float(result.stats["weight"] or 0) >= float(none.stats["weight"] or 0)
        assert float(result.stats["weight"] or 0) <= float(result.stats["upper_bound"] or 0)

    def test_it_moves_a_meeting_to_make_room(self) -> None:
        # a-b sits in s1; c can only meet b in s1; moving a-b to s2 makes room.
        data = instance(2, 2, people("a", "b", "c"), [("a", "b")])
        first = solve(parse_instance(data), time_limit=2)
        first = Schedule([replace(m, slot="s1") for m in first.meetings])
        data2 = copy.deepcopy(data)
        data2["participants"][2]["available"] = ["s1"]
        data2["requests"].append({"id": "r2", "a": "c", "b": "b"})
        frozen = resolve_incremental(parse_instance(data2), first, max_moves=0, time_limit=2)
        assert frozen.stats["scheduled"] == 1
        assert frozen.unscheduled[0].request == "r2"
        moved = resolve_incremental(parse_instance(data2), first, max_moves=1, time_limit=2)
        assert moved.stats["scheduled"] == 2
        assert moved.stats["moved"] == 1
        locked = Schedule([replace(m, locked=True) for m in first.meetings])
        kept = resolve_incremental(parse_instance(data2), locked, time_limit=2)
        assert kept.stats["scheduled"] == 1
        assert kept.meetings[0].locked

    def test_it_runs_from_the_command_line(self, tmp_path: Path) -> None:
        _, updated, previous = changed_event(seed=6)
        inst = write(tmp_path, updated)
        prev = tmp_path / "previous.json"
        prev.write_text(json.dumps(schedule_to_dict(previous)), encoding="utf-8")
        out = tmp_path / "schedule.json"
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "chumchon.scheduling",
                "resolve",
                str(inst),
                "--previous",
                str(prev),
                "--max-moves",
                "3",
                "-o",
                str(out),
                "--time-limit",
                "3",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        assert check_files(inst, out)[0] == []
        result = json.loads(out.read_text(encoding="utf-8"))
        assert result["stats"]["moved"] <= 3
        locked_before = {m.request: (m.slot, m.location) for m in previous.meetings if m.locked}
        after = {m["request"]: (m["slot"], m["location"]) for m in result["meetings"]}
        for rid, place in locked_before.items():
            if rid in after:
                assert after[rid] == place


class TestChangedInstance:
    def test_it_re_places_a_meeting_whose_slot_became_impossible(self) -> None:
        data = instance(3, 1, people("a", "b", "c", "d"), [("a", "b"), ("c", "d")])
        previous = Schedule(
            [
                Meeting("r1", "s1", "T1", locked=True),
                Meeting("r2", "s2", "T1"),
                Meeting("gone", "s3", "T1"),
            ]
        )
        data["participants"][0]["available"] = ["s2", "s3"]  # a can no longer make s1
        result = resolve_incremental(parse_instance(data), previous, time_limit=2)
        assert check(data, schedule_to_dict(result))[0] == []
        places = positions(result)
        assert places["r2"] == ("s2", "T1")
        assert places["r1"][0] == "s3"
        assert result.stats["displaced"] == 1
        assert result.stats["moved"] == 1
        assert result.stats["dropped_cancelled"] == 1
        assert result.stats["kept"] == 1
