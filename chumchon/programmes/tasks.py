"""Background work of the creative-city programme."""

from __future__ import annotations

from django_tasks import task

from chumchon.programmes import services


@task()
def remind_overdue_action_items() -> int:
    """E-mail each owner of overdue action items (run each morning by `run_periodic`)."""
    return services.action_items_remind_overdue()
