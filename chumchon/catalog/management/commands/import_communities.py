"""`python manage.py import_communities FILE`: communities from .xlsx, .csv or .json (docs/importing.md)."""

from __future__ import annotations

import sys
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from chumchon.catalog.imports.applying import Progress, import_apply
from chumchon.catalog.imports.columns import COMMUNITIES
from chumchon.catalog.imports.planning import ImportPlan, plan_file
from chumchon.catalog.imports.services import import_job_enqueue
from chumchon.core.links import site_url


class Command(BaseCommand):
    help = (
        "Import communities from an .xlsx, .csv (UTF-8) or .json file. Rows are matched by external_id; "
        "when any row is invalid nothing is written (unless --skip-invalid). With --background a worker runs it."
    )
    kind = COMMUNITIES

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="the .xlsx, .csv or .json file")
        parser.add_argument("--skip-invalid", action="store_true", help="import the valid rows and report the others")
        parser.add_argument(
            "--background",
            action="store_true",
            help="queue the import for a worker (manage.py db_worker) and print its job id, instead of waiting",
        )
        parser.add_argument(
            "--language", default="th", choices=["th", "en"], help="language of the messages (default: th)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            self._import(Path(options["file"]), options)

    def _import(self, path: Path, options: dict[str, Any]) -> None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": path, "error": exc.strerror}) from None
        if options["background"]:
            job = import_job_enqueue(
                kind=self.kind,
                name=path.name,
                data=data,
                publish=options.get("publish", False),
                skip_invalid=options["skip_invalid"],
                language=options["language"],
                **self._plan_options(options),
            )
            self.stdout.write(
                _("Import %(id)d queued for a worker; follow it on %(url)s")
                % {"id": job.pk, "url": site_url(job.get_absolute_url())}
            )
            return
        started = time.monotonic()
        plan = plan_file(
            kind=self.kind,
            name=path.name,
            data=data,
            publish=options.get("publish", False),
            **self._plan_options(options),
        )
        result = import_apply(plan, by=None, skip_invalid=options["skip_invalid"], progress=self._progress_printer())
        for error in result.errors:
            self.stderr.write(str(error))
        self._explain(plan)
        if not result.written:
            raise CommandError(
                _("Nothing was imported: %(count)d problem(s) in %(file)s.")
                % {"count": len(result.errors), "file": path.name}
            )
        summary = _("created %(created)d, updated %(updated)d, unchanged %(unchanged)d") % {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        }
        if result.skipped:
            summary += _(", skipped %(skipped)d invalid row(s)") % {"skipped": result.skipped}
        self.stdout.write(summary)
        if options["verbosity"] > 1:
            self.stdout.write(_("%(seconds).1f seconds") % {"seconds": time.monotonic() - started})

    def _plan_options(self, options: dict[str, Any]) -> dict[str, Any]:
        """Options of the plan that only some kinds of file have."""
        return {}

    def _explain(self, plan: ImportPlan) -> None:
        """After the problems: what the officer can do about them at once."""

    def _progress_printer(self) -> Progress | None:
        """A counter on a terminal for long files; nothing in logs and pipes."""
        if not sys.stderr.isatty():
            return None

        def progress(done: int, total: int) -> None:
            if total >= 500 and (done % 100 == 0 or done == total):
                end = "\n" if done == total else ""
                self.stderr.write(f"\r{done}/{total}", ending=end)
                self.stderr.flush()

        return progress
