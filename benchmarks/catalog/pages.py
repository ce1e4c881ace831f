"""Catalog pages at scale on SQLite or PostgreSQL: server time per page through Django's test client.

    .venv/bin/python benchmarks/catalog/pages.py                        # 100,000 listings, SQLite
    .venv/bin/python benchmarks/catalog/pages.py --database-url postgres://postgres@127.0.0.1:5432/chumchon_bench
    .venv/bin/python benchmarks/catalog/pages.py --listings 1000 --runs 3      # what CI runs

Builds its own database (see benchmarks/common.py: created and dropped, `--keep`, `--reuse`),
fills it with the generated listings (the same as benchmarks/search/bench.py), then times the
listing browse pages (the first and a deep page, each browse filter alone), a listing's page, a
community's page, the search API and the results page, with `/healthz` as the baseline of the
same run. The last line is machine-readable:

    bench: api_p50=… api_p95=… page_p50=… page_p95=… browse_p95=… (ms)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import common


def main() -> None:
    parser = common.arguments(__doc__ or "")
    parser.add_argument("--runs", type=int, default=30, help="requests per browse page")
    args = parser.parse_args()
    drop = common.configure(args)
    try:
        common.header()
        common.prepare(args)
        from django.test import Client

        from chumchon.catalog.models import Listing

        client = Client()
        listing = Listing.objects.published().order_by("-pk").first()
        assert listing is not None
        baseline = common.statistics.median(common.time_get(client, "/healthz", 50))
        table = common.Table(baseline)
        table.row("listing page /l/<id>/", common.time_get(client, f"/l/{listing.pk}/", args.runs))
        table.row("community page /c/<slug>/", common.time_get(client, f"/c/{listing.community.slug}/", args.runs))
        table.row(
            "api /api/v1/listings/?kind=product", common.time_get(client, "/api/v1/listings/?kind=product", args.runs)
        )
        figures = common.measure(runs=max(1, args.runs // 10), queries=common.QUERIES, browse_runs=args.runs)
        common.last_line(figures)
    finally:
        drop()


if __name__ == "__main__":
    main()
