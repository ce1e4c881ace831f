"""Rebuild the monthly income rollup from the income entries (after a bulk load or a restore)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from chumchon.impact.services import monthly_income_rebuild


class Command(BaseCommand):
    help = "Rebuild the monthly income rollup that the impact dashboards read from the income entries."

    def handle(self, *args: Any, **options: Any) -> None:
        rows = monthly_income_rebuild()
        self.stdout.write(f"Monthly income rebuilt: {rows} rows.")
