"""Remind owners of overdue programme action items and coordinators of overdue yearly reviews; run daily."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from chumchon.programmes.services import action_items_remind_overdue, mou_reviews_remind_overdue


class Command(BaseCommand):
    help = (
        "Remind each owner of overdue creative-city programme actions (at most once a day): "
        "and each MOU coordinator of an overdue yearly review: in their notifications, by e-mail and by LINE."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        reminded = action_items_remind_overdue()
        reviews = mou_reviews_remind_overdue()
        if options["verbosity"]:
            self.stdout.write(f"{reminded} owner(s) reminded; {reviews} overdue review(s) reminded")
