"""Background work of the platform itself."""

from __future__ import annotations

from django_tasks import task

from chumchon.core import services


@task()
def prune_task_results() -> int:
    """Delete the results of tasks that finished more than 30 days ago (run nightly)."""
    return services.task_results_prune()
