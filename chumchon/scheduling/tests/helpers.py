"""Small hand-made instances and a loader for the benchmark generator."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[3]


def slots(n: int, sessions: int = 1) -> list[dict[str, Any]]:
    per = max(1, n // sessions)
    out = []
    for i in range(n):
        hour, minute = divmod(9 * 60 + 20 * i + (60 if i >= per else 0), 60)
        end_h, end_m = divmod(hour * 60 + minute + 20, 60)
        out.append(
            {
                "id": f"s{i + 1}",
                "session": f"ses{min(i // per, sessions - 1) + 1}",
                "start": f"2026-08-24T{hour:02d}:{minute:02d}:00+07:00",
                "end": f"2026-08-24T{end_h:02d}:{end_m:02d}:00+07:00",
            }
        )
    return out


def instance(
    n_slots: int,
    tables: int,
    participants: list[dict[str, Any]],
    pairs: list[tuple[str, str] | tuple[str, str, float]],
    sessions: int = 1,
) -> dict[str, Any]:
    requests = []
    for i, pair in enumerate(pairs):
        req: dict[str, Any] = {"id": f"r{i + 1}", "a": pair[0], "b": pair[1]}
        if len(pair) == 3:
            req["weight"] = pair[2]
        requests.append(req)
    return {
        "format": "meeting-schedule-instance/1",
        "name": "test",
        "slots": slots(n_slots, sessions),
        "tables": [{"id": f"T{i + 1}"} for i in range(tables)],
        "participants": participants,
        "requests": requests,
    }


def people(*ids: str, **extra: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"id": pid, **extra.get(pid, {})} for pid in ids]


def write(tmp_path: Path, data: dict[str, Any], name: str = "instance.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def generator() -> ModuleType:
    """benchmarks/scheduling/generate.py, loaded by path (benchmarks is not a package)."""
    name = "chumchon_bench_generate"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks/scheduling/generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
