"""`python manage.py export_listings FILE [--published-only]`: listings to .xlsx or .csv in the import's columns."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from chumchon.catalog import exporting


class Command(BaseCommand):
    help = (
        "Export listings to an .xlsx or .csv file with the columns of import_listings "
        "(importing the export changes nothing)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="the .xlsx or .csv file to write")
        parser.add_argument("--published-only", action="store_true", help="only published listings")
        parser.add_argument(
            "--language", default="th", choices=["th", "en"], help="language of the messages (default: th)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            path = Path(options["file"])
            file_format = exporting.format_of(path.name)
            if file_format is None:
                raise CommandError(_("%(name)s: the export writes .xlsx or .csv files.") % {"name": path.name})
            try:
                with path.open("wb") as stream:
                    count = exporting.export_listings(
                        stream, file_format=file_format, published_only=options["published_only"]
                    )
            except OSError as exc:
                raise CommandError(
                    _("Cannot write %(file)s: %(error)s") % {"file": path, "error": exc.strerror}
                ) from None
            self.stdout.write(_("exported %(count)d listing(s) to %(file)s") % {"count": count, "file": path})
