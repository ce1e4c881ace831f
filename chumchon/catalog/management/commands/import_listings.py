"""`python manage.py import_listings FILE [--publish] [--map-category LABEL=slug]... [--create-categories]`:
products, experiences and routes (docs/importing.md)."""

from __future__ import annotations

from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.utils.translation import gettext as _

from chumchon.catalog.imports.columns import LISTINGS
from chumchon.catalog.imports.planning import ImportPlan
from chumchon.catalog.management.commands import import_communities


class Command(import_communities.Command):
    help = (
        "Import listings (products, experiences, routes) from an .xlsx, .csv (UTF-8) or .json file. Rows are "
        "matched by external_id; new listings are drafts unless --publish; when any row is invalid nothing is "
        "written (unless --skip-invalid). With --background a worker runs it."
    )
    kind = LISTINGS

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--publish", action="store_true", help="publish the imported listings at once, without review"
        )
        parser.add_argument(
            "--map-category",
            action="append",
            default=[],
            metavar="LABEL=SLUG",
            type=_mapping,
            help="import the rows whose category is LABEL into the category SLUG (repeatable)",
        )
        parser.add_argument(
            "--create-categories",
            action="store_true",
            help="create a category for each category label that names none (and is not mapped)",
        )

    def _plan_options(self, options: dict[str, Any]) -> dict[str, Any]:
        return {
            "category_choices": dict(options.get("map_category") or []),
            "create_categories": options.get("create_categories", False),
        }

    def _explain(self, plan: ImportPlan) -> None:
        for unknown in plan.unknown_categories:
            self.stderr.write(
                _(
                    'Category "%(label)s" (%(rows)d row(s)) names no category: add --map-category "%(label)s=SLUG" '
                    "or --create-categories."
                )
                % {"label": unknown["label"], "rows": unknown["rows"]}
            )


def _mapping(value: str) -> tuple[str, str]:
    label, sep, slug = value.rpartition("=")
    if not sep or not label.strip() or not slug.strip():
        raise ArgumentTypeError(f"{value!r} is not LABEL=slug")
    return label.strip(), slug.strip()
