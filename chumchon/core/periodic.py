"""The periodic jobs and when each is due. `manage.py run_periodic` enqueues the due ones.

Each job has slots: every minute, or once a day at a local time (Asia/Bangkok). A job is due when
its latest slot at or before now has not been claimed yet (see `services.periodic_slot_claim`); a
machine that was off at 02:00 catches up with that night's slot when it comes back, but never with
a backlog of missed slots.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task_path: str  # import path of a django-tasks task taking no arguments
    label: str | Promise
    daily_at: dt.time | None = None  # None: every minute

    def latest_slot(self, now: dt.datetime) -> dt.datetime:
        """The latest slot at or before `now` (aware, in the current time zone)."""
        local = timezone.localtime(now)
        if self.daily_at is None:
            return local.replace(second=0, microsecond=0)
        slot = dt.datetime.combine(local.date(), self.daily_at, tzinfo=local.tzinfo)
        if slot > local:
            slot = dt.datetime.combine(local.date() - dt.timedelta(days=1), self.daily_at, tzinfo=local.tzinfo)
        return slot

    @property
    def task(self) -> Any:
        return import_string(self.task_path)


PERIODIC_JOBS: tuple[PeriodicJob, ...] = (
    PeriodicJob(
        name="matching.meeting_reminders",
        task_path="chumchon.matching.tasks.send_meeting_reminders",
        label=_("Meeting reminders"),
    ),
    PeriodicJob(
        name="matching.nudge_idle_participants",
        task_path="chumchon.matching.tasks.nudge_idle_participants",
        label=_("Nudging participants with no meeting yet"),
        daily_at=dt.time(9, 0),
    ),
    PeriodicJob(
        name="matching.expire_lost_schedule_runs",
        task_path="chumchon.matching.tasks.expire_lost_schedule_runs",
        label=_("Failing optimiser runs whose worker stopped"),
    ),
    PeriodicJob(
        name="bookings.expire_unanswered",
        task_path="chumchon.bookings.tasks.expire_unanswered_bookings",
        label=_("Expiring unanswered booking requests"),
    ),
    PeriodicJob(
        name="bookings.reminders",
        task_path="chumchon.bookings.tasks.send_booking_reminders",
        label=_("Booking reminders the day before"),
        daily_at=dt.time(8, 0),
    ),
    PeriodicJob(
        name="catalog.stalled_imports",
        task_path="chumchon.catalog.imports.tasks.fail_stalled_import_jobs",
        label=_("Imports whose worker stopped"),
    ),
    PeriodicJob(
        name="matching.stalled_participant_imports",
        task_path="chumchon.matching.tasks.fail_stalled_participant_imports",
        label=_("Participant imports whose worker stopped"),
    ),
    PeriodicJob(
        name="programmes.overdue_reminders",
        task_path="chumchon.programmes.tasks.remind_overdue_action_items",
        label=_("Overdue programme actions"),
        daily_at=dt.time(8, 0),
    ),
    PeriodicJob(
        name="impact.monthly_rollup",
        task_path="chumchon.impact.tasks.monthly_income_rebuild",
        label=_("Monthly income rollup"),
        daily_at=dt.time(2, 0),
    ),
    PeriodicJob(
        name="core.prune_task_results",
        task_path="chumchon.core.tasks.prune_task_results",
        label=_("Pruning old job results"),
        daily_at=dt.time(3, 0),
    ),
)
