"""Tasks that only the worker tests enqueue (the worker process imports them by path)."""

from __future__ import annotations

from django_tasks import task


@task()
def fail_with(message: str) -> None:
    raise ValueError(message)
