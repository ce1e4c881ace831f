"""Hardening of the command line (issue 22): every bad input is one line on stderr and exit 2.

A real process is run each time (the venv's python, PYTHONPATH set), because what matters is what
a person or a script calling ``python -m chumchon.scheduling solve`` sees: the exit status, that no
traceback appears, and that standard output carries valid JSON or nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chumchon.scheduling.__main__ import main

from .helpers import ROOT, instance, people

BASE = instance(
    3,
    1,
    people("p1", "p2", "p3", p3={"booth": "B1", "available": ["s1", "s2"], "max_meetings": 2}),
    [("p1", "p2"), ("p1", "p3", 3)],
)
BASE_TEXT = json.dumps(BASE)


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str) -> Run:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "chumchon.scheduling", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=120,
    )
    # Decoded leniently: a crash printing undecodable bytes must fail the assertions, not the test.
    return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))


def assert_refused(run: Run, *named: str) -> None:
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert run.stdout == ""
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("error: ")
    for text in named:
        assert text in lines[0]


def assert_well_behaved(run: Run) -> None:
    assert run.returncode in {0, 2}, run.stderr
    assert "Traceback" not in run.stderr
    if run.stdout:
        assert json.loads(run.stdout)["format"] == "meeting-schedule/1"
    if run.returncode == 2:
        assert run.stdout == ""
        assert len(run.stderr.splitlines()) == 1, run.stderr


def with_text(tmp_path: Path, text: str | bytes, name: str = "instance.json") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def mutated(**changes: Any) -> dict[str, Any]:
    data = json.loads(BASE_TEXT)
    for dotted, value in changes.items():
        target: Any = data
        keys: list[str | int] = [int(k) if k.isdigit() else k for k in dotted.split("__")]
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value
    return data


# (name, file text, words the one error line must contain)
BAD_FILES: list[tuple[str, str | bytes, tuple[str, ...]]] = [
    ("not UTF-8", b'\xff\xfe{"format": 1}', ("instance.json", "UTF-8")),
    ("not JSON", '{"format": ', ("instance.json", "not JSON")),
    ("empty file", "", ("instance.json", "not JSON")),
    ("a list, not an object", "[]", ("instance.json", "must be an object")),
    ("a string, not an object", '"hello"', ("must be an object",)),
    ("deeply nested list", "[" * 100_000 + "]" * 100_000, ("instance.json", "nested too deeply")),
    (
        "deeply nested inside a key",
        BASE_TEXT.replace('"name": "test"', '"name": ' + "[" * 50_000 + "]" * 50_000),
        ("nested too deeply",),
    ),
    ("number of 5000 digits", '{"format": ' + "7" * 5000 + "}", ("instance.json", "too many digits")),
    (
        "weight of 400 digits",
        BASE_TEXT.replace('"weight": 3', '"weight": 1' + "0" * 400),
        ("requests[1] (r2)", "weight"),
    ),
    (
        "weights that overflow the sum",
        BASE_TEXT.replace('"weight": 3', '"weight": 1e308').replace('"b": "p2"', '"b": "p2", "weight": 1e308'),
        ("weight",),
    ),
    ("weight above the limit", json.dumps(mutated(requests__1__weight=1e40)), ("requests[1] (r2)", "weight")),
    ("weight NaN", BASE_TEXT.replace('"weight": 3', '"weight": NaN'), ("requests[1] (r2)", "weight")),
    ("request id with a lone surrogate", BASE_TEXT.replace('"id": "r1"', '"id": "\\ud800"'), ("requests[0]", "'id'")),
    (
        "participant id with a newline (the message stays one line)",
        json.dumps(mutated(participants__0__id="p\n1")),
        ("unknown participant",),
    ),
    ("missing slots", json.dumps({k: v for k, v in BASE.items() if k != "slots"}), ("slots", "missing")),
    ("missing participants", json.dumps({k: v for k, v in BASE.items() if k != "participants"}), ("participants",)),
    ("slots not a list", json.dumps(mutated(slots={"id": "s1"})), ("slots", "must be a list")),
    ("participant id a number", json.dumps(mutated(participants__1__id=2)), ("participants[1]", "'id'")),
    ("slot start a number", json.dumps(mutated(slots__0__start=9)), ("slots[0] (s1)", "'start'")),
    ("session not a string", json.dumps(mutated(slots__0__session=["am"])), ("slots[0] (s1)", "'session'")),
    ("booth a number", json.dumps(mutated(participants__2__booth=12)), ("participants[2] (p3)", "'booth'")),
    ("max_meetings a string", json.dumps(mutated(participants__2__max_meetings="2")), ("p3", "max_meetings")),
    ("unknown participant", json.dumps(mutated(requests__0__b="p99")), ("requests[0] (r1)", "p99")),
    ("unknown slot", json.dumps(mutated(participants__2__available=["s1", "s9"])), ("p3", "s9")),
    ("requests an object", json.dumps(mutated(requests={})), ("requests", "must be a list")),
]


class TestBadFiles:
    @pytest.mark.parametrize(("case", "text", "named"), BAD_FILES, ids=[c[0] for c in BAD_FILES])
    def test_it_refuses_with_one_line(
        self, tmp_path: Path, case: str, text: str | bytes, named: tuple[str, ...]
    ) -> None:
        path = with_text(tmp_path, text)
        out = tmp_path / "schedule.json"
        assert_refused(run_cli("solve", str(path), "-o", str(out), "--time-limit", "1"), *named)
        assert not out.exists()

    def test_it_refuses_a_missing_file(self, tmp_path: Path) -> None:
        assert_refused(run_cli("solve", str(tmp_path / "nope.json")), "nope.json", "cannot read")

    def test_it_refuses_a_directory(self, tmp_path: Path) -> None:
        assert_refused(run_cli("solve", str(tmp_path)), "cannot read")

    @pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads every file")
    def test_it_refuses_an_unreadable_file(self, tmp_path: Path) -> None:
        path = with_text(tmp_path, BASE_TEXT)
        path.chmod(0)
        assert_refused(run_cli("solve", str(path)), "instance.json", "cannot read")

    def test_it_prints_a_bad_error_to_standard_output_never(self, tmp_path: Path) -> None:
        # The schedule goes to standard output: a refused instance must leave it empty.
        path = with_text(tmp_path, json.dumps(mutated(requests__0__b="p1")))
        assert_refused(run_cli("solve", str(path)), "self-meeting")


class TestBadArguments:
    @pytest.mark.parametrize("limit", ["-1", "0", "abc", "nan", "inf", "1e300", "86401"])
    def test_it_refuses_a_negative_or_absurd_time_limit(self, tmp_path: Path, limit: str) -> None:
        path = with_text(tmp_path, BASE_TEXT)
        assert_refused(run_cli("solve", str(path), "--time-limit", limit), "--time-limit")

    def test_it_refuses_an_output_in_a_missing_directory(self, tmp_path: Path) -> None:
        path = with_text(tmp_path, BASE_TEXT)
        out = tmp_path / "missing" / "schedule.json"
        assert_refused(run_cli("solve", str(path), "-o", str(out), "--time-limit", "1"), str(out), "cannot write")

    def test_it_refuses_a_missing_instance_argument(self) -> None:
        assert_refused(run_cli("solve"), "instance")

    def test_it_refuses_an_unknown_command(self) -> None:
        assert_refused(run_cli("solv", "x.json"), "solv")


class TestStandardOutput:
    def test_it_keeps_what_native_code_prints_out_of_the_schedule(
        self, tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # HiGHS prints warnings straight to file descriptor 1 (e.g. for weights 1 and 1e40).
        import chumchon.scheduling.__main__ as cli

        real_solve = cli.solve

        def chatty_solve(*args: Any, **kwargs: Any) -> Any:
            os.write(1, b"WARNING: Objective vector has largest absolute value 1e+40\n")
            return real_solve(*args, **kwargs)

        monkeypatch.setattr(cli, "solve", chatty_solve)
        path = with_text(tmp_path, BASE_TEXT)
        assert main(["solve", str(path), "--time-limit", "1"]) == 0
        out = capfd.readouterr().out
        assert json.loads(out)["stats"]["scheduled"] == 2


# --- fuzzing: many mutations of a valid instance -------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([0, -1, 10**400, 2**63, 1e308, -1e-300, 0.5])
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=8)
    | st.sampled_from(["", "p1", "p2", "p3", "s1", "s2", "T1", "B1", "r1", "\ud800", "a\nb", "2026-08-24T09:00:00"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=6,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*prefix, i))
    return found


@st.composite
def mutated_instances(draw: st.DrawFn) -> str:
    data = json.loads(BASE_TEXT)
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent: Any = data
        for key in path[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "delete", "duplicate"]))
        if action == "replace":
            parent[path[-1]] = draw(json_values)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, list):
            parent.append(parent[path[-1]])
    text = json.dumps(data, allow_nan=True)
    return draw(st.sampled_from([text, text, text, text[: draw(st.integers(0, len(text)))]]))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mutated_instances())
def test_fuzzed_instances_exit_0_or_2_without_a_traceback(tmp_path: Path, text: str) -> None:
    path = with_text(tmp_path, text)
    assert_well_behaved(run_cli("solve", str(path), "--time-limit", "0.5"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mutated_instances())
def test_fuzzed_instances_in_process_raise_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    # The same contract, far more cases: in one process an escaping exception fails the test.
    path = with_text(tmp_path, text)
    code = main(["solve", str(path), "--time-limit", "0.3"])
    captured = capsys.readouterr()
    run = Run(code, captured.out, captured.err)
    assert_well_behaved(run)
