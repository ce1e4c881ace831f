"""Search at scale on SQLite or PostgreSQL: 100,000 listings across 2,000 communities.

    .venv/bin/python benchmarks/search/bench.py                          # SQLite, temporary file
    .venv/bin/python benchmarks/search/bench.py --database-url postgres://postgres@127.0.0.1:5432/chumchon_bench
    .venv/bin/python benchmarks/search/bench.py --listings 1000 --repeats 1     # what CI runs
    .venv/bin/python benchmarks/search/bench.py --database-url … --keep        # then --reuse

Builds its own database (see benchmarks/common.py: created and dropped unless `--keep`; `--reuse`
takes it as it is), generates the listings (the same as benchmarks/catalog/pages.py), times
`search_reindex`, reports the index size (and, with `--rebuilds N`, its size after N more
rebuilds), then times through Django's test client, over the query list (broad Thai words
included), the search API `/api/v1/listings/?q=…`, the results page `/search/?q=…` with its
facets, and the listing browse pages (each filter alone), with `/healthz` as the baseline of the
same run. The last line is machine-readable:

    bench: api_p50=… api_p95=… page_p50=… page_p95=… browse_p95=… (ms)

Wall-clock times are what a buyer waits (server side). This machine is shared: the load average is
printed at the start and the end, and every row has its ratio to `/healthz`.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import common


def main() -> None:
    parser = common.arguments(__doc__ or "")
    parser.add_argument("--repeats", type=int, default=5, help="requests per query and page")
    parser.add_argument("--rebuilds", type=int, default=0, help="rebuild the index N more times, report its size")
    args = parser.parse_args()
    drop = common.configure(args)
    try:
        common.header()
        common.prepare(args)
        from django.db import connection

        from chumchon.catalog.models import Listing
        from chumchon.search import backend
        from chumchon.search.indexing import reindex

        print(f"{Listing.objects.count()} listings")
        size = backend.index_size_bytes()
        if size:
            print(f"index size: {size / 1e6:.1f} MB")
        for n in range(args.rebuilds):
            start = time.perf_counter()
            reindex(batch_size=2000)
            size = backend.index_size_bytes()
            print(f"rebuild {n + 2}: {time.perf_counter() - start:.1f} s, index size {(size or 0) / 1e6:.1f} MB")
        if connection.vendor == "sqlite":
            connection.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        figures = common.measure(runs=args.repeats, queries=common.QUERIES, browse_runs=max(3, args.repeats * 2))
        common.last_line(figures)
    finally:
        drop()


if __name__ == "__main__":
    main()
