"""The command line: validation (exit 2, nothing written) and solving to a file."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from chumchon.scheduling.__main__ import main

from .checker import check_files
from .helpers import ROOT, instance, people, write


def base() -> dict[str, Any]:
    return instance(
        3,
        1,
        people("p1", "p2", "p3", p3={"booth": "B1", "available": ["s1", "s2"], "max_meetings": 2}),
        [("p1", "p2"), ("p1", "p3", 3)],
    )


Mutation = Callable[[dict[str, Any]], None]


def _set(path: list[str | int], value: Any) -> Mutation:
    def mutate(d: dict[str, Any]) -> None:
        target: Any = d
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def _append(key: str, item: dict[str, Any]) -> Mutation:
    return lambda d: d[key].append(item)


INVALID: list[tuple[str, Mutation, str]] = [
    ("wrong format tag", _set(["format"], "meeting-schedule/1"), "format"),
    ("unknown participant", _set(["requests", 0, "b"], "p99"), "p99"),
    ("unknown slot in available", _set(["participants", 0, "available"], ["s1", "s9"]), "s9"),
    ("self-meeting", _set(["requests", 0, "b"], "p1"), "r1"),
    ("duplicate pair", _append("requests", {"id": "r3", "a": "p2", "b": "p1"}), "r3"),
    ("zero weight", _set(["requests", 0, "weight"], 0), "r1"),
    ("negative weight", _set(["requests", 1, "weight"], -2), "r2"),
    ("weight not a number", _set(["requests", 0, "weight"], "3"), "r1"),
    ("weight boolean", _set(["requests", 0, "weight"], True), "r1"),
    ("duplicate request id", _set(["requests", 1, "id"], "r1"), "r1"),
    ("duplicate participant", _append("participants", {"id": "p2"}), "p2"),
    ("duplicate slot", _set(["slots", 1, "id"], "s1"), "s1"),
    ("duplicate table", _append("tables", {"id": "T1"}), "T1"),
    ("end before start", _set(["slots", 0, "end"], "2026-08-24T08:00:00+07:00"), "s1"),
    ("slots out of order", _set(["slots", 2, "start"], "2026-08-24T09:00:00+07:00"), "s3"),
    ("bad date", _set(["slots", 1, "start"], "tomorrow"), "s2"),
    ("negative max_meetings", _set(["participants", 1, "max_meetings"], -1), "p2"),
    ("fractional max_meetings", _set(["participants", 1, "max_meetings"], 2.5), "p2"),
    ("booth is a table id", _set(["participants", 2, "booth"], "T1"), "p3"),
    ("missing requests", lambda d: d.pop("requests"), "requests"),
    ("request without b", lambda d: d["requests"][0].pop("b"), "r1"),
    ("participant not an object", _set(["participants", 1], "p2"), "participants[1]"),
    ("session split", lambda d: d["slots"].append(_late_slot()), "s4"),
]


def _late_slot() -> dict[str, Any]:
    # ses1, then "x", then ses1 again: a session must be a run of consecutive slots
    return {
        "id": "s4",
        "session": "ses1",
        "start": "2026-08-24T12:00:00+07:00",
        "end": "2026-08-24T12:20:00+07:00",
    }


class TestValidation:
    @pytest.mark.parametrize(("case", "mutate", "named"), INVALID, ids=[c[0] for c in INVALID])
    def test_it_refuses_invalid_instances(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        case: str,
        mutate: Mutation,
        named: str,
    ) -> None:
        data = copy.deepcopy(base())
        if case == "session split":
            data["slots"][2]["session"] = "x"
        mutate(data)
        path = write(tmp_path, data)
        out = tmp_path / "out.json"
        assert main(["solve", str(path), "-o", str(out)]) == 2
        err = capsys.readouterr().err
        assert named in err
        assert len(err.strip().splitlines()) == 1
        assert not out.exists()

    def test_it_refuses_text_that_is_not_json(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = tmp_path / "broken.json"
        path.write_text('{"format": ', encoding="utf-8")
        out = tmp_path / "out.json"
        assert main(["solve", str(path), "-o", str(out)]) == 2
        assert "not JSON" in capsys.readouterr().err
        assert not out.exists()

    def test_it_refuses_a_missing_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["solve", str(tmp_path / "nope.json")]) == 2
        assert "nope.json" in capsys.readouterr().err

    @pytest.mark.parametrize("limit", ["-1", "0", "abc", "nan"])
    def test_it_refuses_a_bad_time_limit(self, tmp_path: Path, limit: str) -> None:
        path = write(tmp_path, base())
        out = tmp_path / "out.json"
        with pytest.raises(SystemExit) as exc:
            main(["solve", str(path), "-o", str(out), "--time-limit", limit])
        assert exc.value.code == 2
        assert not out.exists()

    def test_it_refuses_a_negative_max_moves(self, tmp_path: Path) -> None:
        path = write(tmp_path, base())
        with pytest.raises(SystemExit) as exc:
            main(["resolve", str(path), "--previous", str(path), "--max-moves", "-3"])
        assert exc.value.code == 2

    def test_it_accepts_the_base_instance(self, tmp_path: Path) -> None:
        path = write(tmp_path, base())
        out = tmp_path / "out.json"
        assert main(["solve", str(path), "-o", str(out), "--time-limit", "2"]) == 0
        errors, value = check_files(path, out)
        assert errors == []
        assert value == 4


class TestCommandLine:
    def test_it_runs_as_a_module_and_writes_a_checked_schedule(self, tmp_path: Path) -> None:
        path = write(tmp_path, base())
        out = tmp_path / "schedule.json"
        proc = subprocess.run(
            [sys.executable, "-m", "chumchon.scheduling", "solve", str(path), "-o", str(out), "--time-limit", "2"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
        schedule = json.loads(out.read_text(encoding="utf-8"))
        assert schedule["format"] == "meeting-schedule/1"
        assert schedule["stats"]["weight"] == 4
        assert schedule["stats"]["upper_bound"] == 4
        assert check_files(path, out)[0] == []

    def test_it_exits_2_from_a_real_process_on_a_bad_instance(self, tmp_path: Path) -> None:
        data = base()
        data["requests"][0]["b"] = "p1"
        path = write(tmp_path, data)
        out = tmp_path / "schedule.json"
        proc = subprocess.run(
            [sys.executable, "-m", "chumchon.scheduling", "solve", str(path), "-o", str(out)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 2
        assert "r1" in proc.stderr and "self-meeting" in proc.stderr
        assert proc.stdout == ""
        assert not out.exists()

    def test_it_writes_to_standard_output_by_default(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = write(tmp_path, base())
        assert main(["solve", str(path), "--time-limit", "2"]) == 0
        assert json.loads(capsys.readouterr().out)["stats"]["scheduled"] == 2

    def test_it_checks_a_schedule(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = write(tmp_path, base())
        bad = tmp_path / "bad.json"
        bad.write_text(
            json.dumps(
                {
                    "format": "meeting-schedule/1",
                    "meetings": [
                        {"request": "r1", "slot": "s1", "location": "T1"},
                        {"request": "r2", "slot": "s1", "location": "B1"},
                    ],
                }
            ),
            encoding="utf-8",
        )
        assert main(["check", str(path), str(bad)]) == 1
        assert "p1" in capsys.readouterr().out
