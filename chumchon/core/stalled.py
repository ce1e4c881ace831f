"""Background jobs whose worker stopped: marked failed, once, with a message in the job's language.

An import (of listings, of participants) does its work in a worker and beats a heartbeat
(`core.progress`) while it runs. A job still "checking" or "running" whose last sign of life is
older than `stalled_after()` lost its worker (killed, out of memory, machine stopped): it would say
"Importing" for ever. `fail_if_stalled` marks it failed with a conditional update (two sweeps never
both do), fails its task result too (for /staff/jobs/), and clears its progress record. The apps
call it when a job's page is read and every minute from run_periodic, and do what is theirs after
(the catalogue undoes what a stopped SQLite import wrote).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import OperationalError, models
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chumchon.core.progress import progress_clear, progress_read, stalled_after

logger = logging.getLogger(__name__)


class WorkerStopped(Exception):
    """The worker checking or running a job stopped before its end."""


@dataclass(frozen=True)
class StalledJobs:
    """How one kind of job is failed when its worker stops: its model and statuses, its progress
    key, its stored error row, the task paths that run it and the exception its result records."""

    model: type[models.Model]
    checking: str
    running: str
    failed: str
    progress_key: Callable[[Any], str]
    error_row: Callable[[str], dict[str, Any]]
    task_paths: Callable[[], tuple[str, ...]]
    exception: type[Exception] = WorkerStopped
    label: str = "job"


def fail_if_stalled(job: Any, kind: StalledJobs) -> bool:
    """Mark `job` failed when its worker has stopped beating; whether this call did (the job is
    read again whenever the threshold has passed, whoever failed it)."""
    if job.status not in (kind.checking, kind.running) or job.started_at is None:
        return False  # still waiting for a worker: /staff/jobs/ shows a queue that waits too long
    key = kind.progress_key(job)
    record = progress_read(key)
    last_sign_of_life = max(record.at if record else 0.0, job.started_at.timestamp())
    if time.time() - last_sign_of_life <= stalled_after():
        return False
    with translation.override(job.language):
        if job.status == kind.checking:
            message = _("The worker stopped before the file was checked; nothing was imported. Upload the file again.")
        else:
            message = _(
                "The worker stopped before the import finished; nothing was imported. Upload the file again to "
                "start it again."
            )
    try:
        stopped = kind.model._default_manager.filter(pk=job.pk, status=job.status, started_at=job.started_at).update(
            status=kind.failed, errors=[kind.error_row(message)], progress=100, finished_at=timezone.now()
        )
        if stopped:
            logger.warning("%s %s: its worker stopped beating; marked failed", kind.label, job.pk)
            fail_task_results(kind.task_paths(), job_id=job.pk, error=kind.exception(message))
    except OperationalError:  # SQLite: an import holds the write lock; the next reading tries again
        logger.info("%s %s: its worker stopped beating; the database is busy, marked failed later", kind.label, job.pk)
        return False
    if stopped:
        progress_clear(key)
    job.refresh_from_db()
    return bool(stopped)


def fail_task_results(paths: tuple[str, ...], *, job_id: int, error: Exception) -> None:
    """A worker's task result stays "running" after a crash: fail the job's results too."""
    from django_tasks_db.models import DBTaskResult

    for result in DBTaskResult.objects.running().filter(task_path__in=paths):
        if result.args_kwargs.get("args") == [job_id]:
            result.set_failed(error)
