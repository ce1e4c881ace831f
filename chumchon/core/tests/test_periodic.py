"""run_periodic enqueues each due slot of each periodic job once, however many processes run it."""

import datetime as dt
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from chumchon.core import services
from chumchon.core.models import PeriodicRun
from chumchon.core.periodic import PERIODIC_JOBS, PeriodicJob

pytestmark = pytest.mark.django_db

BANGKOK = ZoneInfo("Asia/Bangkok")
NIGHTLY = PeriodicJob(
    name="test.nightly", task_path="chumchon.core.tasks.prune_task_results", label="x", daily_at=dt.time(2, 0)
)
MINUTELY = PeriodicJob(name="test.minutely", task_path="chumchon.core.tasks.prune_task_results", label="x")


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, second, tzinfo=BANGKOK)


def test_a_daily_job_is_due_once_its_time_of_day_has_passed():
    assert NIGHTLY.latest_slot(at(5, 1, 59)) == at(4, 2)
    assert NIGHTLY.latest_slot(at(5, 2, 0)) == at(5, 2)
    assert NIGHTLY.latest_slot(at(5, 23, 0)) == at(5, 2)
    assert MINUTELY.latest_slot(at(5, 9, 30, 45)) == at(5, 9, 30)


def test_it_enqueues_a_slot_once_however_often_it_runs(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # enqueued, not run
    assert services.periodic_jobs_enqueue_due(now=at(5, 2, 5), jobs=[NIGHTLY]) == [NIGHTLY]
    assert services.periodic_jobs_enqueue_due(now=at(5, 2, 6), jobs=[NIGHTLY]) == []
    assert services.periodic_jobs_enqueue_due(now=at(5, 23, 0), jobs=[NIGHTLY]) == []
    assert DBTaskResult.objects.count() == 1
    # The next night, and a machine that was off at 02:00 catches up once, not once per missed night.
    assert services.periodic_jobs_enqueue_due(now=at(9, 8, 0), jobs=[NIGHTLY]) == [NIGHTLY]
    assert DBTaskResult.objects.count() == 2
    assert PeriodicRun.objects.get(name="test.nightly").last_slot == at(9, 2)


def test_a_second_claim_of_the_same_slot_is_refused_and_an_older_slot_never_comes_back():
    assert services.periodic_slot_claim(name="test.minutely", slot=at(5, 9, 30)) is True
    assert services.periodic_slot_claim(name="test.minutely", slot=at(5, 9, 30)) is False
    assert services.periodic_slot_claim(name="test.minutely", slot=at(5, 9, 29)) is False
    assert services.periodic_slot_claim(name="test.minutely", slot=at(5, 9, 31)) is True


def test_run_periodic_enqueues_every_job_on_its_first_run_and_nothing_more_in_the_same_minute(settings, capsys):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("run_periodic")
    assert sorted(DBTaskResult.objects.values_list("task_path", flat=True)) == sorted(
        job.task_path for job in PERIODIC_JOBS
    )
    assert "enqueued matching.meeting_reminders" in capsys.readouterr().out

    with mock.patch(
        "chumchon.core.services.timezone.now",
        return_value=PeriodicRun.objects.get(name="matching.meeting_reminders").last_slot + dt.timedelta(seconds=30),
    ):
        call_command("run_periodic")
    assert DBTaskResult.objects.count() == len(PERIODIC_JOBS)


def test_prune_keeps_unfinished_and_recent_results():
    from django.utils import timezone

    now = timezone.now()

    def result(status: str, finished_days_ago: int | None) -> DBTaskResult:
        finished_at = now - dt.timedelta(days=finished_days_ago) if finished_days_ago is not None else None
        return DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}},
            task_path="x.y",
            backend_name="default",
            status=status,
            finished_at=finished_at,
        )

    old_ok, old_failed = result("SUCCESSFUL", 31), result("FAILED", 45)
    recent, waiting = result("FAILED", 29), result("READY", None)
    assert services.task_results_prune(now=now) == 2
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert old_ok and old_failed
