"""Background work of the platform itself."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from chumchon.core import services


@task()
def prune_task_results() -> int:
    """Delete the results of tasks that finished more than 30 days ago (run nightly)."""
    return services.task_results_prune()


@task()
def send_email(parts: dict[str, Any]) -> int:
    """Send one message queued by `core.mail.WorkerEmailBackend` through the real backend (EMAIL_TIMEOUT
    bounds a server that does not answer; the task fails and /staff/jobs/ shows it)."""
    from chumchon.core.mail import delivery_connection, message_from_parts

    message = message_from_parts(parts)
    message.connection = delivery_connection()
    return message.send()
