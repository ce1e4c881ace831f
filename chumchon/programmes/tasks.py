"""Background work of the creative-city programme."""

from __future__ import annotations

from django_tasks import task

from chumchon.programmes import services


@task()
def remind_overdue_action_items() -> int:
    """Remind each owner of overdue action items, and each coordinator of an MOU whose yearly review
    is overdue (run each morning by `run_periodic`). Returns the number of people reminded."""
    return services.action_items_remind_overdue() + services.mou_reviews_remind_overdue()
