"""Writes of core's own records: periodic job slots and the pruning of finished task results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from chumchon.core.models import PeriodicRun
from chumchon.core.periodic import PERIODIC_JOBS, PeriodicJob

TASK_RESULTS_KEPT_FOR = dt.timedelta(days=30)


def periodic_slot_claim(*, name: str, slot: dt.datetime, now: dt.datetime | None = None) -> bool:
    """Claim `slot` of the periodic job `name`; False when that slot (or a later one) is already taken.

    The conditional UPDATE comes first: on PostgreSQL it waits for a concurrent claimer's row lock and
    then sees the slot already taken (SQLite runs one writer at a time anyway). The unique name
    settles a race on the very first claim.
    """
    now = now or timezone.now()
    if PeriodicRun.objects.filter(name=name, last_slot__lt=slot).update(last_slot=slot, enqueued_at=now):
        return True
    if PeriodicRun.objects.filter(name=name).exists():
        return False
    try:
        with transaction.atomic():
            PeriodicRun.objects.create(name=name, last_slot=slot, enqueued_at=now)
    except IntegrityError:
        return False
    return True


def periodic_jobs_enqueue_due(
    *, now: dt.datetime | None = None, jobs: Iterable[PeriodicJob] = PERIODIC_JOBS
) -> list[PeriodicJob]:
    """Enqueue every job whose latest slot is not claimed yet; returns the jobs enqueued.

    The claim and the enqueued task (a row, with the database backend) commit together: a crash in
    between loses neither, and another process never enqueues the same slot.
    """
    now = now or timezone.now()
    enqueued = []
    for job in jobs:
        with transaction.atomic():
            if periodic_slot_claim(name=job.name, slot=job.latest_slot(now), now=now):
                job.task.enqueue()
                enqueued.append(job)
    return enqueued


def task_results_prune(*, now: dt.datetime | None = None, older_than: dt.timedelta = TASK_RESULTS_KEPT_FOR) -> int:
    """Delete results of tasks that finished (succeeded or failed) longer than `older_than` ago."""
    cutoff = (now or timezone.now()) - older_than
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted
