"""Load the demo data of every app (each app's `demo.py`), or reload it with --reset."""

from __future__ import annotations

from importlib import import_module
from types import ModuleType
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from chumchon.core.db import refresh_planner_statistics
from chumchon.places.models import Community


def demo_modules() -> list[ModuleType]:
    """Each Chumchon app's demo module, in INSTALLED_APPS order (later apps build on earlier ones)."""
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("chumchon."):
            continue
        try:
            modules.append(import_module(f"{config.name}.demo"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
    return modules


class Command(BaseCommand):
    help = "Load the sample data (demo accounts, communities, creative cities)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database already has communities."
        )
        parser.add_argument("--reset", action="store_true", help="Remove the previous sample data first.")

    def handle(self, *args: Any, if_empty: bool = False, reset: bool = False, **options: Any) -> None:
        if if_empty and Community.objects.exists():
            self.stdout.write("The database already has data; demo data not loaded (use `make demo` to reload it).")
            return
        modules = demo_modules()
        with transaction.atomic():
            if reset:
                for module in reversed(modules):
                    module.unload()
            for module in modules:
                module.load()
        refresh_planner_statistics()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded: {Community.objects.filter(is_sample=True).count()} sample communities."
            )
        )
