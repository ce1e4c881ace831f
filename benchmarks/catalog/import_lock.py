"""How long a listing import holds SQLite's write lock: the longest any other writer had to wait.

    .venv/bin/python benchmarks/catalog/import_lock.py [ROWS]          # default 20,000, SQLite in a temporary file

Migrates a throw-away SQLite file, imports 50 communities, plans a generated .csv of ROWS listings
(published), then applies it the way the worker does (`import_apply`) while a second connection
takes the write lock every 20 ms (`BEGIN IMMEDIATE; COMMIT`, as a login or a message does) and
records how long it waited. The site's connections wait 5 s for the lock (`busy_timeout`), then
answer "database is locked": a wait above 5 s is a failed request.

Measured 2026-12-05 on the shared 2-CPU development machine (other agents' work on it), 20,000 rows
created and published:

    before (one transaction, load 2.0)   applied in 192 s   longest wait 192.0 s   waits over 5 s: 1 (all of it)
    short transactions, no pause         applied in 341 s   longest wait  63.5 s   waits over 5 s: 19
    after (short transactions + pause,   applied in 227 s   longest wait   1.66 s  waits over 1 s: 2 of 2050,
           load 3.5)                                                               over 5 s: 0

The import's own longest transaction was 1.5-1.6 s in both short-transaction runs: without the pause
between them a waiting writer (SQLite's busy handler polls every 100 ms) rarely found the lock free.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
DATABASE = Path(tempfile.mkdtemp()) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chumchon.settings")
os.environ["DEBUG"] = "1"
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

DISTRICTS = ["เมืองสุโขทัย", "ศรีสัชนาลัย", "สวรรคโลก", "คีรีมาศ", "กงไกรลาศ"]


def communities_csv() -> bytes:
    lines = ["external_id,name_th,name_en,province,district,households"]
    lines += [f"c-{n},ชุมชน {n},Community {n},สุโขทัย,{DISTRICTS[n % 5]},{40 + n}" for n in range(50)]
    return ("\n".join(lines) + "\n").encode()


def listings_csv(rows: int) -> bytes:
    lines = ["external_id,community,kind,title_th,title_en,category,tags,price,price_unit"]
    lines += [
        f'l-{n},c-{n % 50},product,ผ้าทอ {n},Woven cloth {n},textiles,"ผ้าทอ, handmade",{n % 900 + 100},piece'
        for n in range(rows)
    ]
    return ("\n".join(lines) + "\n").encode()


class LockProbe(threading.Thread):
    """Takes the write lock every 20 ms on its own connection and keeps the longest wait."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.waits: list[float] = []
        self.stop = threading.Event()

    def run(self) -> None:
        connection = sqlite3.connect(DATABASE, timeout=3600, isolation_level=None)
        while not self.stop.is_set():
            started = time.monotonic()
            connection.execute("BEGIN IMMEDIATE")
            self.waits.append(time.monotonic() - started)
            connection.execute("COMMIT")
            time.sleep(0.02)
        connection.close()


def main() -> None:
    from chumchon.catalog.imports.applying import import_apply
    from chumchon.catalog.imports.planning import plan_file

    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    call_command("migrate", verbosity=0)
    communities = import_apply(plan_file(kind="communities", name="c.csv", data=communities_csv()), by=None)
    assert communities.written, communities.errors
    started = time.perf_counter()
    plan = plan_file(kind="listings", name="l.csv", data=listings_csv(rows), publish=True)
    assert not plan.errors, plan.errors[:3]
    print(f"{rows} listing rows on SQLite, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"  planned in {time.perf_counter() - started:.1f} s")
    probe = LockProbe()
    probe.start()
    started = time.perf_counter()
    result = import_apply(plan, by=None)
    seconds = time.perf_counter() - started
    time.sleep(0.1)
    probe.stop.set()
    probe.join()
    assert result.written and result.created == rows, result
    waits = probe.waits
    print(f"  applied in {seconds:.1f} s (created {result.created})")
    print(
        f"  other writer: {len(waits)} takes of the lock, longest wait {max(waits):.2f} s, "
        f"over 1 s: {sum(wait > 1 for wait in waits)}, over 5 s: {sum(wait > 5 for wait in waits)}"
    )
    longest = getattr(result, "longest_transaction", None)
    if longest is not None:
        print(f"  the import's longest transaction: {longest:.2f} s")


if __name__ == "__main__":
    main()
