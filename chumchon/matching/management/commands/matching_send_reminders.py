"""Remind both sides of business-matching meetings that start soon; safe to run every minute."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from chumchon.matching.services import meetings_send_reminders


class Command(BaseCommand):
    help = (
        "Notify both participants of every meeting starting within its event's reminder time "
        "(once per meeting). Run it every minute from cron."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = meetings_send_reminders()
        if options["verbosity"]:
            self.stdout.write(f"{sent} meeting reminder(s) sent")
