"""Reads of the background work queue, for /healthz and the officers' jobs page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from chumchon.core.periodic import PERIODIC_JOBS

QUEUED_TOO_LONG = dt.timedelta(minutes=5)
RUNNING_TOO_LONG = dt.timedelta(minutes=30)

STATUS_LABELS: dict[str, str | Promise] = {
    TaskResultStatus.READY: _("Queued"),
    TaskResultStatus.RUNNING: _("Running"),
    TaskResultStatus.SUCCESSFUL: _("Done"),
    TaskResultStatus.FAILED: _("Failed"),
}

# Officers read what a job does, not its import path; a task missing here shows its path.
TASK_LABELS: dict[str, str | Promise] = {
    "chumchon.catalog.tasks.make_photo_renditions": _("Photo sizes"),
    "chumchon.catalog.imports.tasks.check_import_job": _("Checking an import file"),
    "chumchon.catalog.imports.tasks.run_import_job": _("Listing import"),
    "chumchon.catalog.imports.tasks.undo_import_job": _("Undoing a stopped import"),
    "chumchon.matching.tasks.run_schedule": _("Meeting schedule optimisation"),
    "chumchon.notifications.tasks.deliver_notification": _("Notification delivery"),
    "chumchon.notifications.tasks.line_reply": _("Reply in LINE"),
    "chumchon.core.tasks.send_email": _("Sending an e-mail"),
    "chumchon.matching.tasks.check_participant_import": _("Checking a participant import file"),
    "chumchon.matching.tasks.run_participant_import": _("Participant import"),
    "chumchon.places.tasks.send_community_invitation": _("Community invitation e-mail"),
    **{job.task_path: job.label for job in PERIODIC_JOBS},
}


@dataclass(frozen=True)
class QueueSummary:
    queued: int
    oldest_queued_seconds: float | None


def task_queue_summary(*, now: dt.datetime | None = None) -> QueueSummary:
    """How many tasks wait for a worker, and for how long the oldest has waited (one query).

    A deferred task waits from its `run_after`, every other one from when it was enqueued.
    """
    now = now or timezone.now()
    never = get_date_max()
    figures = DBTaskResult.objects.ready().aggregate(
        queued=Count("id"),
        oldest_enqueued=Min("enqueued_at", filter=Q(run_after=never)),
        oldest_run_after=Min("run_after", filter=~Q(run_after=never)),
    )
    waiting_since = [moment for moment in (figures["oldest_enqueued"], figures["oldest_run_after"]) if moment]
    if not waiting_since:
        return QueueSummary(queued=figures["queued"], oldest_queued_seconds=None)
    return QueueSummary(
        queued=figures["queued"], oldest_queued_seconds=round((now - min(waiting_since)).total_seconds(), 1)
    )


def task_results_recent(*, status: str = "") -> QuerySet[DBTaskResult]:
    """Task results, newest first; `status` one of TaskResultStatus's values, or "" for all."""
    results = DBTaskResult.objects.order_by("-enqueued_at", "-pk").defer("args_kwargs", "return_value")
    if status:
        results = results.filter(status=status)
    return results


@dataclass(frozen=True)
class JobRow:
    """One task result as the officers' page shows it."""

    result: DBTaskResult
    now: dt.datetime

    @property
    def label(self) -> str | Promise:
        return TASK_LABELS.get(self.result.task_path, self.result.task_path)

    @property
    def status_label(self) -> str | Promise:
        return STATUS_LABELS.get(self.result.status, self.result.status)

    @property
    def waiting_since(self) -> dt.datetime:
        run_after = self.result.run_after
        return self.result.enqueued_at if run_after == get_date_max() else max(run_after, self.result.enqueued_at)

    @property
    def queued_too_long(self) -> bool:
        return self.result.status == TaskResultStatus.READY and self.now - self.waiting_since > QUEUED_TOO_LONG

    @property
    def running_too_long(self) -> bool:
        started = self.result.started_at
        return (
            self.result.status == TaskResultStatus.RUNNING
            and started is not None
            and self.now - started > RUNNING_TOO_LONG
        )

    @property
    def failed(self) -> bool:
        return self.result.status == TaskResultStatus.FAILED

    @property
    def needs_attention(self) -> bool:
        return self.failed or self.queued_too_long or self.running_too_long

    @property
    def error(self) -> str:
        """The exception's last line ("ValueError: ..."), the part an officer can report."""
        lines = self.result.traceback.strip().splitlines()
        return lines[-1] if lines else ""
