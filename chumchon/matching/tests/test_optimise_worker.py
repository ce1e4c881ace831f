"""The optimiser in a real `db_worker` process (SQLite file or PostgreSQL): the organiser's request
answers at once, the progress moves where another connection sees it, and a worker killed
mid-solve leaves the current schedule as it was and the run failed with its reason, not run again."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from chumchon.core.tests.worker import ROOT, database_url
from chumchon.matching import services
from chumchon.matching.models import Meeting, RunStatus, ScheduleRun
from chumchon.matching.tasks import run_schedule
from chumchon.matching.tests.large_event import large_event

pytestmark = pytest.mark.worker

RUN_TASK = "chumchon.matching.tasks.run_schedule"


def url(name: str, event: Any, *args: Any, language: str = "en") -> str:
    with translation.override(language):
        return reverse(f"matching:{name}", args=[event.slug, *args])


def start(client: Any, event: Any, time_limit: int) -> tuple[ScheduleRun, float]:
    assert client.get(url("schedule", event)).status_code == 200  # the organiser is on the page
    began = time.perf_counter()
    response = client.post(url("schedule_start", event), {"time_limit": str(time_limit)})
    took = time.perf_counter() - began
    assert response.status_code == 302
    return ScheduleRun.objects.get(event=event), took


def wait_until(condition: Any, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    pytest.fail(f"{what} did not happen in {timeout} s", pytrace=False)


def test_the_optimiser_runs_in_the_worker_and_its_progress_is_seen_meanwhile(db_worker, client, officer):
    event = large_event(officer=officer, buyers=300, sellers=700, requests=4000, tables=120)
    client.force_login(officer)

    run, took = start(client, event, time_limit=8)
    assert took < 0.5  # the request only queues the run
    # Queued for the worker, which may already have taken it (it polls every 0.1 s).
    assert run.status in (RunStatus.QUEUED, RunStatus.RUNNING)
    assert DBTaskResult.objects.get(task_path=RUN_TASK).status in ("READY", "RUNNING")

    seen: set[float] = set()

    def finished() -> bool:
        run.refresh_from_db()  # the test's own connection: what the organiser's page reads
        if run.status == RunStatus.RUNNING:
            seen.add(run.progress)
        return run.status in (RunStatus.DONE, RunStatus.FAILED)

    wait_until(finished, timeout=90, what="the run")
    assert run.status == RunStatus.DONE, run.error
    assert any(0 < p < 1 for p in seen), seen  # the bar moved while the solver worked
    page = client.get(url("schedule", event)).content.decode()
    assert "Apply this schedule" in page
    assert f"of {event.requests.accepted().count()} accepted requests" in page
    assert DBTaskResult.objects.get(task_path=RUN_TASK).status == "SUCCESSFUL"


def start_another_worker(settings: Any, tmp_path: Any) -> subprocess.Popen[bytes]:
    from django.db import connection

    environment = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])),
    }
    with (tmp_path / "second_worker.log").open("wb") as output:
        return subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval=0.1",
             "--queue-name=*", "--worker-id=pytest-second", "--verbosity=2"],
            cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip


def test_a_worker_killed_mid_solve_keeps_the_schedule_and_the_run_fails_once(
    db_worker, client, officer, settings, tmp_path
):
    settings.MATCHING_RUN_STALE_SECONDS = 1  # a lost run is recognised 1 s past its time limit
    event = large_event(officer=officer, buyers=300, sellers=700, requests=4000, tables=120)
    slots = list(event.slots.order_by("starts_at"))
    tables = list(event.tables.order_by("pk"))
    for request, slot, table in zip(event.requests.accepted().order_by("pk")[:3], slots, tables, strict=False):
        services.meeting_assign(meeting_request=request, slot=slot, table=table, by=officer)
    before = sorted(Meeting.objects.values_list("pk", "request_id", "slot_id", "table_id"))
    assert len(before) == 3
    client.force_login(officer)

    run, _took = start(client, event, time_limit=5)
    wait_until(lambda: ScheduleRun.objects.get(pk=run.pk).status == RunStatus.RUNNING, timeout=60, what="start")
    db_worker.process.kill()  # SIGKILL mid-solve: no chance to clean up
    db_worker.process.wait()
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING and run.result is None

    # No heartbeat any more: the organiser's page soon shows the run failed, with the reason.
    wait_until(
        lambda: "The optimiser stopped before it finished" in client.get(url("schedule", event)).content.decode(),
        timeout=30,
        what="the failure on the page",
    )
    thai = client.get(url("schedule", event, language="th")).content.decode()
    assert "ระบบจัดตารางหยุดก่อนทำเสร็จ" in thai
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.result is None
    assert sorted(Meeting.objects.values_list("pk", "request_id", "slot_id", "table_id")) == before

    # A new worker does not take the killed task again; even run again by hand it solves nothing.
    second = start_another_worker(settings, tmp_path)
    try:
        again = run_schedule.enqueue(run.pk)
        wait_until(
            lambda: DBTaskResult.objects.get(pk=again.id).finished_at is not None, timeout=60, what="the second task"
        )
        assert DBTaskResult.objects.get(pk=again.id).status == "SUCCESSFUL"
        first = DBTaskResult.objects.exclude(pk=again.id).get(task_path=RUN_TASK)
        assert first.status == "RUNNING" and first.worker_ids == [f"pytest-{os.getpid()}"]  # never retaken
    finally:
        second.terminate()
        second.wait(timeout=15)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.result is None
    assert sorted(Meeting.objects.values_list("pk", "request_id", "slot_id", "table_id")) == before
    # The organiser can start a new run at once.
    assert client.post(url("schedule_start", event), {"time_limit": "5"}).status_code == 302
    assert ScheduleRun.objects.filter(event=event, status=RunStatus.QUEUED).count() == 1
