"""A large import ends by refreshing the query planner's statistics of the tables it wrote."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from chumchon.catalog.imports import applying
from chumchon.core.db import refresh_planner_statistics

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


def listings_known_to_the_planner() -> int:
    """How many listings the planner's statistics say there are (0: none gathered since empty)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'catalog_listing'")
            return max(int(cursor.fetchone()[0]), 0)
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:  # never analysed
            return 0
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'catalog_listing' LIMIT 1")
        row = cursor.fetchone()
        return int(row[0].split()[0]) if row else 0


def run_import(monkeypatch: pytest.MonkeyPatch, large: int, django_capture_on_commit_callbacks: Any) -> None:
    # Statistics of the empty table first: PostgreSQL writes them in place, past the rollback of
    # an earlier test.
    refresh_planner_statistics(["catalog_listing"])
    assert listings_known_to_the_planner() == 0
    monkeypatch.setattr(applying, "LARGE_IMPORT_ROWS", large)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_communities", str(DATA / "communities.csv"), stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_listings", str(DATA / "listings.csv"), stdout=io.StringIO())


def test_a_large_import_refreshes_the_planner_statistics(monkeypatch, django_capture_on_commit_callbacks):
    run_import(monkeypatch, 2, django_capture_on_commit_callbacks)  # "large": two rows or more
    assert listings_known_to_the_planner() == 3


def test_a_small_import_leaves_the_statistics_to_the_database(monkeypatch, django_capture_on_commit_callbacks):
    run_import(monkeypatch, 1_000, django_capture_on_commit_callbacks)
    assert listings_known_to_the_planner() == 0
