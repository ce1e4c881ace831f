"""Database housekeeping shared by the apps."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from django.db import connection
from django.db.models import Field


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


def read_rows(sql: str, params: Sequence[Any], fields: Sequence[Field[Any, Any]]) -> list[list[Any]]:
    """The rows of a plain SELECT whose columns are, in order, those of `fields`, each value
    converted as the ORM converts it when it reads that field from this database (SQLite gives dates
    as text and decimals as floats; JSON comes as text).

    For a read that runs on every request and whose queries cost more to build with the ORM than
    to run (the listings API's page: see catalog.selectors.listing_page)."""
    converters = _converters(connection.vendor, tuple(fields))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = [list(row) for row in cursor.fetchall()]
    for position, (column, functions) in enumerate(converters):
        if functions:
            for row in rows:
                value = row[position]
                for function in functions:
                    value = function(value, column, connection)
                row[position] = value
    return rows


@cache
def _converters(vendor: str, fields: tuple[Field[Any, Any], ...]) -> list[tuple[Any, tuple[Any, ...]]]:
    """(column expression, converters) of each field, as the ORM's compiler finds them."""
    out = []
    for field in fields:
        column = field.get_col(field.model._meta.db_table)
        out.append((column, (*connection.ops.get_db_converters(column), *field.get_db_converters(connection))))
    return out
