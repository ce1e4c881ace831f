"""A participant import whose worker died is marked failed, by its page and by the periodic sweep,
as the catalogue's imports are; a live or waiting import is left alone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from chumchon.core.periodic import PERIODIC_JOBS
from chumchon.core.progress import progress_write
from chumchon.matching import imports
from chumchon.matching.models import ParticipantImport, ParticipantImportStatus
from chumchon.matching.tasks import fail_stalled_participant_imports

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _var(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"  # where the heartbeats go without a shared cache
    settings.JOB_STALLED_AFTER_SECONDS = 5


def _job(event, officer, status=ParticipantImportStatus.RUNNING, started_seconds_ago: float | None = 60):
    started = timezone.now() - dt.timedelta(seconds=started_seconds_ago) if started_seconds_ago is not None else None
    return ParticipantImport.objects.create(
        event=event,
        original_name="people.xlsx",
        file="matching-imports/x.xlsx",
        created_by=officer,
        status=status,
        started_at=started,
    )


def test_the_periodic_sweep_fails_imports_whose_worker_stopped_and_spares_live_ones(event, officer):
    stalled = _job(event, officer)
    checking = _job(event, officer, status=ParticipantImportStatus.CHECKING)
    alive = _job(event, officer)
    progress_write(imports._progress_key(alive), 30)  # beat just now
    young = _job(event, officer, started_seconds_ago=1)
    waiting = _job(event, officer, status=ParticipantImportStatus.QUEUED, started_seconds_ago=None)
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [stalled.pk], "kwargs": {}},
        task_path="chumchon.matching.tasks.run_participant_import",
        backend_name="default",
        status="RUNNING",
        started_at=timezone.now() - dt.timedelta(seconds=60),
    )

    assert fail_stalled_participant_imports.call() == 2
    statuses = dict(ParticipantImport.objects.values_list("pk", "status"))
    assert statuses == {
        stalled.pk: "failed",
        checking.pk: "failed",
        alive.pk: "running",
        young.pk: "running",
        waiting.pk: "queued",
    }
    stalled.refresh_from_db()
    assert (
        "nothing was imported" in stalled.errors[0]["message"] or "ไม่มีข้อมูลใดถูกนำเข้า" in (stalled.errors[0]["message"])
    )
    task.refresh_from_db()
    assert task.status == "FAILED"  # /staff/jobs/ says so too
    assert task.exception_class_path.endswith("ParticipantImportWorkerStopped")
    assert fail_stalled_participant_imports.call() == 0  # once


def test_the_sweep_is_a_periodic_job():
    paths = {job.task_path for job in PERIODIC_JOBS}
    assert "chumchon.matching.tasks.fail_stalled_participant_imports" in paths


def test_the_import_page_shows_an_import_whose_worker_stopped_as_failed(client, officer, event):
    job = _job(event, officer)
    client.force_login(officer)

    html = client.get(job.get_absolute_url()).content.decode()

    assert "ตัวประมวลผลเบื้องหลังหยุดทำงานก่อนนำเข้าเสร็จ" in html
    job.refresh_from_db()
    assert job.status == ParticipantImportStatus.FAILED
