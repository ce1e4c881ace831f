"""The solver on hand-made instances with known optima, random small ones checked by brute force,
and generated events compared with first-come-first-served."""

from __future__ import annotations

import itertools
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from chumchon.scheduling import (
    Schedule,
    check_schedule,
    parse_instance,
    schedule_to_dict,
    solve,
    solve_fcfs,
)

from .checker import check, check_files
from .helpers import ROOT, generator, instance, people, write


def run(data: dict[str, Any], time_limit: float = 3.0) -> Schedule:
    result = solve(parse_instance(data), time_limit=time_limit)
    errors, value = check(data, schedule_to_dict(result))
    assert errors == []
    assert value == pytest.approx(float(result.stats["weight"] or 0))
    bound = result.stats["upper_bound"]
    assert isinstance(bound, int | float) and bound >= value - 1e-9
    return result


def reasons(result: Schedule) -> dict[str, str]:
    return {u.request: u.reason for u in result.unscheduled}


class TestKnownOptima:
    def test_it_fits_only_as_many_table_meetings_as_tables(self) -> None:
        data = instance(1, 1, people("a", "b", "c", "d"), [("a", "b", 1), ("c", "d", 2)])
        result = run(data)
        assert result.stats["weight"] == 2
        assert result.stats["upper_bound"] == 2
        assert reasons(result) == {"r1": "no table free in any common slot"}

    def test_it_uses_booths_which_need_no_table(self) -> None:
        data = instance(1, 1, people("a", "b", "c", "d", d={"booth": "B-1"}), [("a", "b"), ("c", "d")])
        result = run(data)
        assert result.stats["weight"] == 2
        locations = {m.request: m.location for m in result.meetings}
        assert locations == {"r1": "T1", "r2": "B-1"}

    def test_it_books_a_shared_booth_once_per_slot(self) -> None:
        data = instance(
            1,
            0,
            people("a", "b", "s1", "s2", s1={"booth": "X"}, s2={"booth": "X"}),
            [("a", "s1"), ("b", "s2", 2)],
        )
        result = run(data)
        assert result.stats["weight"] == 2
        assert result.stats["upper_bound"] == 2
        assert [m.request for m in result.meetings] == ["r2"]

    def test_it_meets_two_booth_holders_at_either_booth(self) -> None:
        data = instance(
            1,
            0,
            people("s1", "s2", "s3", s1={"booth": "X"}, s2={"booth": "X"}, s3={"booth": "Y"}),
            [("s1", "s3"), ("s2", "s3")],
        )
        result = run(data)
        assert result.stats["weight"] == 1  # s3 can only be in one meeting in the one slot
        data = instance(
            2,
            0,
            people("s1", "s2", "s3", "b", s1={"booth": "X"}, s2={"booth": "X"}, s3={"booth": "Y"}),
            [("s1", "s3"), ("s2", "b")],
        )
        result = run(data)
        assert result.stats["weight"] == 2

    def test_it_respects_max_meetings(self) -> None:
        data = instance(
            3, 3, people("a", "b", "c", "d", a={"max_meetings": 2}), [("a", "b"), ("a", "c", 2), ("a", "d", 3)]
        )
        result = run(data)
        assert result.stats["weight"] == 5
        assert reasons(result) == {"r1": "a reached max_meetings (2)"}

    def test_it_respects_availability(self) -> None:
        data = instance(
            2,
            2,
            people("a", "b", "c", a={"available": ["s1"]}, b={"available": ["s2"]}),
            [("a", "b"), ("a", "c"), ("b", "c")],
        )
        result = run(data)
        assert result.stats["weight"] == 2
        assert reasons(result) == {"r1": "a has no common free slot with b"}
        slots = {m.request: m.slot for m in result.meetings}
        assert slots == {"r2": "s1", "r3": "s2"}

    def test_it_beats_first_come_first_served_where_order_matters(self) -> None:
        # FCFS puts a-b in s1; c (only there in s1) then cannot meet b.
        data = instance(2, 2, people("a", "b", "c", c={"available": ["s1"]}), [("a", "b"), ("c", "b")])
        assert solve_fcfs(parse_instance(data)).stats["weight"] == 1
        result = run(data)
        assert result.stats["weight"] == 2
        assert result.unscheduled == []

    def test_it_prefers_heavier_meetings(self) -> None:
        data = instance(1, 2, people("a", "b", "c"), [("a", "b", 1), ("a", "c", 5)])
        result = run(data)
        assert [m.request for m in result.meetings] == ["r2"]
        assert "no common free slot left" in reasons(result)["r1"]

    def test_it_keeps_a_participants_meetings_together(self) -> None:
        data = instance(4, 4, people("a", "b", "c"), [("a", "b"), ("a", "c")])
        result = run(data)
        slots = sorted(int(m.slot[1:]) for m in result.meetings)
        assert slots[1] - slots[0] == 1
        assert result.stats["idle_gaps"] == 0

    def test_it_spreads_meetings_over_the_tables(self) -> None:
        pairs = [(f"a{i}", f"b{i}") for i in range(4)]
        data = instance(4, 4, people(*[p for pair in pairs for p in pair]), pairs)  # type: ignore[arg-type]
        result = run(data)
        assert len({m.location for m in result.meetings}) == 4

    def test_it_handles_an_empty_instance(self) -> None:
        data = instance(0, 0, [], [])
        result = run(data)
        assert result.stats == result.stats | {"requests": 0, "scheduled": 0, "weight": 0, "upper_bound": 0}

    def test_it_reports_progress(self) -> None:
        seen: list[tuple[float, str]] = []
        data = instance(2, 1, people("a", "b"), [("a", "b")])
        solve(parse_instance(data), time_limit=2, progress=lambda f, m: seen.append((f, m)))
        fractions = [f for f, _ in seen]
        assert fractions[0] == 0.0 and fractions[-1] == 1.0
        assert all(0.0 <= f <= 1.0 for f in fractions)
        assert fractions == sorted(fractions)


def brute_force(data: dict[str, Any]) -> float:
    """The optimum by trying every assignment (tiny instances only); uses the independent checker."""
    reqs = data["requests"]
    slot_ids = [s["id"] for s in data["slots"]]
    people_by_id = {p["id"]: p for p in data["participants"]}
    tables = [t["id"] for t in data["tables"]]
    best = 0.0
    for choice in itertools.product([None, *slot_ids], repeat=len(reqs)):
        meetings: list[dict[str, str]] = []
        used: dict[str, int] = {}
        for r, s in zip(reqs, choice, strict=True):
            if s is None:
                continue
            booths = [people_by_id[p].get("booth") for p in (r["a"], r["b"])]
            booths = [b for b in booths if b]
            if booths:
                # try the booth that is free (at most two candidates)
                loc = next(
                    (b for b in booths if not any(m["location"] == b and m["slot"] == s for m in meetings)), booths[0]
                )
            else:
                k = used.get(s, 0)
                used[s] = k + 1
                loc = tables[k] if k < len(tables) else "none"
            meetings.append({"request": r["id"], "slot": s, "location": loc})
        errors, value = check(data, {"format": "meeting-schedule/1", "meetings": meetings})
        if not errors and value > best:
            best = value
    return best


def random_tiny(seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    ids = [f"p{i}" for i in range(6)]
    slot_ids = ["s1", "s2", "s3"]
    parts = []
    for pid in ids:
        p: dict[str, Any] = {"id": pid}
        if rng.random() < 0.4:
            p["available"] = rng.sample(slot_ids, rng.randint(1, 2))
        if rng.random() < 0.3:
            p["max_meetings"] = rng.randint(1, 2)
        if rng.random() < 0.3:
            p["booth"] = rng.choice(["X", "Y"])
        parts.append(p)
    pairs = rng.sample(list(itertools.combinations(ids, 2)), 7)
    return instance(3, rng.randint(0, 2), parts, [(a, b, rng.choice([1, 1, 2, 3])) for a, b in pairs])


class TestAgainstBruteForce:
    @pytest.mark.parametrize("seed", range(12))
    def test_it_finds_and_proves_the_optimum(self, seed: int) -> None:
        data = random_tiny(seed)
        optimum = brute_force(data)
        result = run(data, time_limit=3)
        assert result.stats["weight"] == optimum
        assert result.stats["upper_bound"] == optimum


class TestGeneratedEvents:
    @pytest.mark.parametrize(("size", "seed"), [(120, 1), (300, 2)])
    def test_it_beats_the_baseline_and_stays_feasible(self, size: int, seed: int) -> None:
        data = generator().generate(size, seed=seed)
        inst = parse_instance(data)
        # 4 s was enough on a quiet machine; under load (CI shares two cores) the LP bound came late.
        result = solve(inst, time_limit=8)
        baseline = solve_fcfs(inst)
        assert check_schedule(inst, result) == []
        errors, value = check(data, schedule_to_dict(result))
        assert errors == []
        assert check(data, schedule_to_dict(baseline))[0] == []
        assert value >= float(baseline.stats["weight"] or 0)
        bound = float(result.stats["upper_bound"] or 0)
        assert value <= bound and value >= 0.99 * bound
        assert int(result.stats["idle_gaps"] or 0) <= int(baseline.stats["idle_gaps"] or 0)
        for u in result.unscheduled:
            assert u.reason

    def test_it_solves_a_generated_event_from_the_command_line(self, tmp_path: Path) -> None:
        data = generator().generate(200, seed=3)
        path = write(tmp_path, data)
        out = tmp_path / "schedule.json"
        proc = subprocess.run(
            [sys.executable, "-m", "chumchon.scheduling", "solve", str(path), "-o", str(out), "--time-limit", "3"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        errors, value = check_files(path, out)
        assert errors == []
        stats = json.loads(out.read_text(encoding="utf-8"))["stats"]
        assert stats["weight"] == value <= stats["upper_bound"]
        assert stats["seconds"] < 10


class TestPurity:
    def test_it_does_not_import_django(self) -> None:
        code = (
            "import sys, chumchon.scheduling, chumchon.scheduling.__main__, chumchon.scheduling.incremental;"
            "assert 'django' not in sys.modules, [m for m in sys.modules if 'django' in m]"
        )
        proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
