"""Listing import budget: 5,000 rows (products, experiences, routes with stops) imported, then imported again.

    .venv/bin/python benchmarks/catalog_import.py [ROWS] [--without-search]    # SQLite in a temporary file
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/catalog_import.py

Runs the migrations into a throw-away database, imports 50 communities, then times
`import_listings` on a generated .csv (first import: every row created; second: every row unchanged)
and `export_listings`.

Measured 2026-11-21 on the shared 2-CPU development machine (load average 4.5-6.5 from other work,
so wall-clock times are 2-3x the CPU times; CPU seconds are what an idle machine would take):

    5000 rows, SQLite                      wall      CPU
    import_listings --publish, first     117.0 s   49.2 s   (created 5000)
      same without search indexing        38.7 s   24.1 s
    import_listings, again                 4.4 s    2.2 s   (unchanged 5000)
    export_listings .csv / .xlsx      2.3 / 6.3 s  1.1 / 3.1 s
    import of the export .csv / .xlsx 5.1 / 5.4 s  2.4 / 2.7 s   (unchanged 5000)

Half of a first import's time is the search index, which `listing_changed` updates once per
listing write (create, publish, stops); the rest is the catalog services' own checks and queries
(about seven per listing), which every import goes through by design.
"""

from __future__ import annotations

import csv
import io
import os
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
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

DISTRICTS = ["เมืองสุโขทัย", "ศรีสัชนาลัย", "สวรรคโลก", "คีรีมาศ", "กงไกรลาศ"]


def write_files(folder: Path, rows: int) -> tuple[Path, Path]:
    communities = folder / "communities.csv"
    with communities.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["external_id", "name_th", "name_en", "province", "district", "households"])
        for number in range(50):
            writer.writerow(
                [f"c-{number}", f"ชุมชน {number}", f"Community {number}", "สุโขทัย", DISTRICTS[number % 5], 40 + number]
            )
    listings = folder / "listings.csv"
    with listings.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(
            ["external_id", "community", "kind", "title_th", "title_en", "category", "tags", "price", "price_unit",
             "wholesale_price", "min_order_qty", "duration_minutes", "capacity", "stops"]
        )  # fmt: skip
        for number in range(rows):
            community = f"c-{number % 50}"
            if number % 10 == 9:
                stops = f"l-{number - 1}; l-{number - 2}; c-{(number + 1) % 50}"
                writer.writerow([f"l-{number}", community, "route", f"เส้นทาง {number}", f"Route {number}",
                                 "day-trip", "", "1500", "person", "", "", "480", "20", stops])  # fmt: skip
            elif number % 3 == 0:
                writer.writerow([f"l-{number}", community, "experience", f"เวิร์กช็อป {number}", f"Workshop {number}",
                                 "workshop", "workshop, ดินเผา", "450", "person", "", "", "180", "12", ""])  # fmt: skip
            else:
                writer.writerow([f"l-{number}", community, "product", f"ผ้าทอ {number}", f"Woven cloth {number}",
                                 "textiles", "ผ้าทอ, handmade", f"{number % 900 + 100}.50", "piece", "90", "5", "",
                                 "", ""])  # fmt: skip
    return communities, listings


def timed(*args: str) -> tuple[str, str]:
    """Wall-clock and CPU seconds (CPU is what an idle machine would take; this one is often shared)."""
    out = io.StringIO()
    start, cpu = time.perf_counter(), time.process_time()
    call_command(*args, "--language", "en", stdout=out, stderr=io.StringIO())
    seconds = f"{time.perf_counter() - start:6.2f} s ({time.process_time() - cpu:5.1f} s CPU)"
    return seconds, out.getvalue().strip()


def main() -> None:
    arguments = [argument for argument in sys.argv[1:] if not argument.startswith("--")]
    rows = int(arguments[0]) if arguments else 5000
    call_command("migrate", verbosity=0)
    if "--without-search" in sys.argv:
        # To see what the search index costs: the import itself does not depend on it.
        from chumchon.catalog.signals import listing_saved

        listing_saved.disconnect(dispatch_uid="search.listing_saved")
        print("(search indexing of listings switched off)")
    folder = Path(tempfile.mkdtemp())
    communities, listings = write_files(folder, rows)
    engine = django.db.connection.vendor
    print(f"{rows} listing rows on {engine}, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    seconds, summary = timed("import_communities", str(communities))
    print(f"  import_communities (50 rows): {seconds}  {summary}")
    seconds, summary = timed("import_listings", str(listings), "--publish")
    print(f"  import_listings, first time:  {seconds}  {summary}")
    seconds, summary = timed("import_listings", str(listings), "--publish")
    print(f"  import_listings, again:       {seconds}  {summary}")
    for suffix in (".csv", ".xlsx"):
        export = folder / f"export{suffix}"
        seconds, summary = timed("export_listings", str(export))
        print(f"  export_listings {suffix:5}:        {seconds}  {summary.split(' to ')[0]}")
        seconds, summary = timed("import_listings", str(export))
        print(f"  import of the export {suffix:5}:   {seconds}  {summary}")


if __name__ == "__main__":
    main()
