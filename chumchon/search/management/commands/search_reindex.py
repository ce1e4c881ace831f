"""`python manage.py search_reindex`: rebuild the search index from the catalog, with a progress bar;
`--background` queues the rebuild for the task worker instead and prints the job's id."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_tasks import task

from chumchon.search import backend
from chumchon.search.indexing import reindex


@task()
def reindex_in_background(batch_size: int = 1000, workers: int | None = None) -> dict[str, int]:
    """The whole rebuild as a task (`search_reindex --background`); its result holds the counts."""
    return reindex(batch_size=batch_size, workers=workers)


class Command(BaseCommand):
    help = "Rebuild the search index (listings, communities and the vocabulary for typo tolerance)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="processes that segment the text (default: one per core, up to 4; 0: none)",
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help="queue the rebuild for the task worker (db_worker) and print the job's id; follow it on /staff/jobs/",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["workers"] is not None and options["workers"] < 0:
            raise CommandError("--workers must be 0 (no worker processes) or more.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be 1 or more.")
        if options["background"]:
            result = reindex_in_background.enqueue(batch_size=options["batch_size"], workers=options["workers"])
            self.stdout.write(str(result.id))  # alone on its line: scripts read it
            return
        started = time.monotonic()
        show = options["verbosity"] > 0
        tty = sys.stdout.isatty()

        def progress(done: int, total: int) -> None:
            if not show:
                return
            width = 30
            filled = width * done // max(total, 1)
            elapsed = time.monotonic() - started
            line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} documents, {elapsed:.1f} s"
            if tty:
                self.stdout.write("\r" + line, ending="")
                self.stdout.flush()
            elif done == total or done % (options["batch_size"] * 10) == 0:
                self.stdout.write(line)

        counts = reindex(batch_size=options["batch_size"], progress=progress, workers=options["workers"])
        if show:
            if tty:
                self.stdout.write("")
            size = backend.index_size_bytes()
            size_text = f", index {size / 1e6:.1f} MB" if size else ""
            self.stdout.write(
                self.style.SUCCESS(
                    f"Indexed {counts['listings']} listings and {counts['communities']} communities "
                    f"({counts['terms']} words) in {time.monotonic() - started:.1f} s{size_text}."
                )
            )
