"""Database housekeeping shared by the apps."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection


def refresh_planner_statistics(tables: Iterable[str] = ()) -> None:
    """Give the query planner fresh table statistics after migrations and bulk loads.

    Without them SQLite cannot tell that a province holds a few hundred of 100,000 listings and
    picks plans hundreds of times slower (measured by benchmarks/catalog/pages.py). PostgreSQL's
    autovacuum does it only after a delay (after a large import, pages ran 5-20 times slower until
    it did), so bulk loads call this when they finish. `tables`: only these (default: all).
    """
    names = [connection.ops.quote_name(table) for table in tables]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Full statistics (under 0.1 s for 100,000 listings): sampled ones misjudge the status and
            # province columns and lead the planner back to scanning every listing.
            cursor.execute("PRAGMA analysis_limit=0")
            for name in names or [""]:
                cursor.execute(f"ANALYZE {name}".strip())
        elif connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {', '.join(names)}".strip())


def analyze_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    if using == "default" and sender.name == "chumchon.core":
        refresh_planner_statistics()
