"""Enqueue the periodic jobs that are due; run it each minute from cron or a systemd timer, or
with --every 60 as a long-running loop (what `make run` does)."""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections

from chumchon.core.services import periodic_jobs_enqueue_due

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Enqueue the periodic jobs that are due (meeting reminders each minute; overdue programme actions, "
        "the monthly income rollup and the pruning of old job results once a day). Safe to run from several "
        "machines at once: each slot is enqueued once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Keep running and check every SECONDS seconds (default: check once and exit).",
        )

    def handle(self, *args: Any, every: int, verbosity: int, **options: Any) -> None:
        if every < 0:
            self.stderr.write("--every must be 0 (once) or a number of seconds.")
            raise SystemExit(2)
        while True:
            try:
                for job in periodic_jobs_enqueue_due():
                    if verbosity:
                        self.stdout.write(f"enqueued {job.name}")
            except DatabaseError:
                if not every:
                    raise
                # A busy SQLite file or a PostgreSQL restart: the next round catches the slot up.
                logger.exception("run_periodic: the database did not answer; trying again in %s s", every)
            if not every:
                return
            time.sleep(every)
            # Like a request: drop a connection the database closed meanwhile, or one past CONN_MAX_AGE.
            close_old_connections()
