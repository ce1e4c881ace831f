"""Home page budget: bytes sent (HTML + CSS + JS, raw and gzip), queries, and server time.

    .venv/bin/python benchmarks/home_page.py            # SQLite in a temporary file
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/home_page.py

Runs migrations and the demo data into a throw-away database, then requests `/` and `/en/`.
"""

from __future__ import annotations

import gzip
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chumchon.settings")
os.environ["DEBUG"] = "1"

import django  # noqa: E402

django.setup()

from django.contrib.staticfiles import finders  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("demo_load", verbosity=0)
    client = Client()
    print(
        f"{'page':8} {'html':>8} {'assets':>8} {'total':>8} {'gzip':>8} {'queries':>8} {'median ms':>10} {'p95 ms':>8}"
    )
    for url in ("/", "/en/"):
        html = client.get(url).content
        assets = b""
        for asset in re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html):
            assets += Path(finders.find(asset.decode())).read_bytes()  # type: ignore[arg-type]
        gz = len(gzip.compress(html)) + (len(gzip.compress(assets)) if assets else 0)
        reset_queries()  # migrations filled the bounded query log; a full log captures nothing
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        timings = []
        for _ in range(200):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        print(
            f"{url:8} {len(html):>8} {len(assets):>8} {len(html) + len(assets):>8} {gz:>8} {len(queries.captured_queries):>8}"
            f" {statistics.median(timings):>10.2f} {timings[int(len(timings) * 0.95)]:>8.2f}"
        )
    print("budget: total <= 102400 bytes as sent (uncompressed, the worst case), queries <= 10")


if __name__ == "__main__":
    main()
