"""Spreadsheet imports on real workers: throughput with one and with two workers, and the listing
page's p95 while a big import runs versus idle (goal: at most 2x).

    .venv/bin/python benchmarks/tasks/imports.py [--rows 50000] [--database-url postgres://...] [--page-runs 60]

Builds a throw-away database (a fresh SQLite file unless --database-url names an empty PostgreSQL
database), loads two communities and 1,000 published listings, then:
1. one `db_worker` runs two import jobs of rows/2 listings each (one after the other);
2. two `db_worker`s run two more such jobs (at once, if the database lets them);
3. the listing page (`/listings/`, through Django's test client in this process: server time, no
   network) is timed idle, then while one worker imports `rows` listings.
Each import is one transaction (all or nothing): on SQLite it holds the single write lock for its
whole length, so a second import waits for it (or fails after SQLite's 5 s busy timeout) and two
workers cannot import faster than one; PostgreSQL runs them side by side. Prints the figures, then
a last line of JSON.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
COMMUNITIES = ROOT / "chumchon" / "catalog" / "tests" / "data" / "communities.csv"


def listings_csv(prefix: str, rows: int) -> bytes:
    lines = ["external_id,community,kind,title_th,category,tags,price,price_unit"]
    lines += [
        f"{prefix}-{i:06d},skt-0{1 + i % 2},product,ผ้าทอ {prefix} {i},textiles,ผ้าทอ,{100 + i},piece"
        for i in range(rows)
    ]
    return ("\n".join(lines) + "\n").encode()


def p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--page-runs", type=int, default=60)
    args = parser.parse_args()
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(line_buffering=True)  # each figure as soon as it is known, also into a file

    scratch = Path(tempfile.mkdtemp(prefix="chumchon-tasks-bench-"))
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{scratch}/bench.sqlite3"
    os.environ["CHUMCHON_VAR_DIR"] = str(scratch / "var")
    os.environ["MEDIA_ROOT"] = str(scratch / "media")
    os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chumchon.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ["STATIC_ROOT"] = str(scratch / "static")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")]))
    import django

    django.setup()
    from django.conf import settings

    settings.JOB_STALLED_AFTER_SECONDS = 15  # read by this process's sweep only
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from chumchon.catalog.imports.applying import import_apply
    from chumchon.catalog.imports.planning import plan_file
    from chumchon.catalog.imports.services import import_job_enqueue, import_jobs_fail_stalled
    from chumchon.catalog.models import ImportJob, ImportStatus, Listing

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    import_apply(plan_file(kind="communities", name="c.csv", data=COMMUNITIES.read_bytes()), by=None)
    import_apply(plan_file(kind="listings", name="s.csv", data=listings_csv("seed", 1000), publish=True), by=None)
    print(f"database: {connection.vendor}; rows per run: {args.rows}; load average: {os.getloadavg()}")

    workers: list[subprocess.Popen[bytes]] = []

    def start_workers(count: int) -> None:
        for n in range(count):
            command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
                       "--interval=0.2", "--queue-name=*", f"--worker-id=bench-{n}", "--verbosity=0"]  # fmt: skip
            log = (scratch / f"worker-{len(workers)}.log").open("ab")
            workers.append(subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT))

    def stop_workers() -> None:
        for process in workers:
            process.terminate()
        for process in workers:
            process.wait()
        workers.clear()

    def run_jobs(prefix: str, jobs: int, rows_each: int) -> tuple[float, list[str]]:
        ids = [
            import_job_enqueue(
                kind="listings", name=f"{prefix}-{n}.csv", data=listings_csv(f"{prefix}{n}", rows_each), publish=True
            ).pk
            for n in range(jobs)
        ]
        started = time.perf_counter()
        while ImportJob.objects.filter(pk__in=ids, status__in=(ImportStatus.QUEUED, ImportStatus.RUNNING)).exists():
            time.sleep(0.5)
            import_jobs_fail_stalled()  # as run_periodic does each minute: a worker may die on SQLite
        crashed = [process.args[-2] for process in workers if process.poll() is not None]
        if crashed:
            print(f"workers that stopped: {crashed} (their logs are in {scratch})")
        elapsed = time.perf_counter() - started
        return elapsed, list(ImportJob.objects.filter(pk__in=ids).values_list("status", flat=True))

    half = args.rows // 2
    try:
        start_workers(1)
        one_seconds, one_statuses = run_jobs("one", 2, half)
        print(f"1 worker : 2 jobs x {half} rows in {one_seconds:.1f} s ({one_statuses})")
        stop_workers()
        start_workers(2)
        two_seconds, two_statuses = run_jobs("two", 2, half)
        stop_workers()
        one_rate = 2 * half / one_seconds
        two_rate = sum(half for status in two_statuses if status == ImportStatus.DONE) / two_seconds
        print(f"1 worker : 2 jobs x {half} rows in {one_seconds:.1f} s = {one_rate:.0f} rows/s ({one_statuses})")
        print(f"2 workers: 2 jobs x {half} rows in {two_seconds:.1f} s = {two_rate:.0f} rows/s ({two_statuses})")
        print(f"throughput ratio (2 workers / 1): {two_rate / one_rate:.2f}")

        client = Client()
        urls = ["/listings/", "/listings/?page=2", "/listings/?kind=product", "/listings/?q=ผ้าทอ"]

        def page_timings(runs: int, *, while_job: int | None = None) -> list[float]:
            timings = []
            for i in range(runs):
                if while_job is not None and ImportJob.objects.get(pk=while_job).status != ImportStatus.RUNNING:
                    break
                cache.clear()
                opened = time.perf_counter()
                assert client.get(urls[i % len(urls)]).status_code == 200
                timings.append((time.perf_counter() - opened) * 1000)
            return timings

        page_timings(8)  # warm up
        idle = page_timings(args.page_runs)
        start_workers(1)
        big = import_job_enqueue(kind="listings", name="big.csv", data=listings_csv("big", args.rows), publish=True).pk
        while ImportJob.objects.get(pk=big).status == ImportStatus.QUEUED:
            time.sleep(0.05)
        time.sleep(1)  # past the planning, into the transaction
        busy = page_timings(args.page_runs * 10, while_job=big)
        while ImportJob.objects.get(pk=big).status == ImportStatus.RUNNING:
            time.sleep(0.2)
        stop_workers()
    finally:
        stop_workers()
    ratio = p95(busy) / p95(idle) if busy else float("nan")
    print(f"/listings/ idle  : median {statistics.median(idle):.1f} ms, p95 {p95(idle):.1f} ms ({len(idle)} requests)")
    if busy:
        print(
            f"/listings/ import: median {statistics.median(busy):.1f} ms, p95 {p95(busy):.1f} ms "
            f"({len(busy)} requests), ratio {ratio:.2f} (goal <= 2)"
        )
    print(f"listings now: {Listing.objects.count()}; load average: {os.getloadavg()}")
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "rows": args.rows,
                "one_worker_rows_per_s": round(one_rate, 1),
                "two_workers_rows_per_s": round(two_rate, 1),
                "throughput_ratio": round(two_rate / one_rate, 2),
                "two_worker_statuses": two_statuses,
                "listing_p95_idle_ms": round(p95(idle), 1),
                "listing_p95_import_ms": round(p95(busy), 1) if busy else None,
                "listing_p95_ratio": round(ratio, 2) if busy else None,
                "load_average": [round(load, 2) for load in os.getloadavg()],
            }
        )
    )


if __name__ == "__main__":
    main()
