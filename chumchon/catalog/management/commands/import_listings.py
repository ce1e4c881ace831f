"""`python manage.py import_listings FILE [--publish]`: products, experiences and routes (docs/importing.md)."""

from __future__ import annotations

from argparse import ArgumentParser

from chumchon.catalog.imports.columns import LISTINGS
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
