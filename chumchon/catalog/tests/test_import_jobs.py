"""An import as a background job: checked and run by a worker, its progress, a worker that stops."""

from __future__ import annotations

import datetime as dt
import io
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from chumchon.catalog.imports import services
from chumchon.catalog.imports.tasks import fail_stalled_import_jobs, run_import_job
from chumchon.catalog.models import ImportJob, ImportStatus
from chumchon.core.progress import progress_write
from chumchon.places.models import Community

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
UPLOAD_URL = "/staff/import/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"  # where the heartbeats go without a shared cache
    settings.JOB_STALLED_AFTER_SECONDS = 5


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def running_job(officer, *, started_seconds_ago: float) -> ImportJob:
    job = ImportJob.objects.create(
        kind="communities",
        original_name="big.csv",
        file="imports/big.csv",
        created_by=officer,
        status=ImportStatus.RUNNING,
        started_at=timezone.now() - dt.timedelta(seconds=started_seconds_ago),
        progress=10,
    )
    return job


def test_it_answers_the_upload_at_once_and_has_a_worker_check_the_file(
    officer_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as enqueued:
        response = officer_client.post(
            UPLOAD_URL,
            {"kind": "communities", "file": SimpleUploadedFile("c.csv", (DATA / "communities.csv").read_bytes())},
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == ImportStatus.CHECKING and job.row_count == 0  # not read in the request

    html = officer_client.get(job.get_absolute_url()).content.decode()
    assert "กำลังตรวจไฟล์…" in html
    assert '<progress id="import-progress-bar" max="100" value="0">0%</progress>' in html

    for callback in enqueued:  # the worker's turn
        callback()
    job.refresh_from_db()
    assert (job.status, job.row_count, job.created_count) == (ImportStatus.PREVIEW, 2, 2)
    partial = officer_client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert partial.headers["HX-Refresh"] == "true"  # the polling page reloads into the preview
    assert "2 รายการจะสร้างใหม่" in officer_client.get(job.get_absolute_url()).content.decode()


def test_it_shows_the_workers_progress_while_the_import_transaction_is_open(officer_client, officer):
    job = running_job(officer, started_seconds_ago=30)
    progress_write(services._progress_key(job), 57)  # what the worker's heartbeat writes

    html = officer_client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert '<progress id="import-progress-bar" max="100" value="57">57%</progress>' in html
    assert "57%" in html
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING  # a fresh heartbeat: the worker is alive


def test_it_marks_failed_an_import_whose_worker_stopped(officer_client, officer):
    job = running_job(officer, started_seconds_ago=60)
    progress_write(services._progress_key(job), 40)
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [job.pk], "kwargs": {}},
        task_path="chumchon.catalog.imports.tasks.run_import_job",
        backend_name="default",
        status="RUNNING",
        started_at=timezone.now() - dt.timedelta(seconds=60),
    )
    time.sleep(5.2)  # no beat since

    html = officer_client.get(job.get_absolute_url()).content.decode()
    assert "ตัวประมวลผลเบื้องหลังหยุดทำงานก่อนนำเข้าเสร็จ" in html
    assert "ไม่มีข้อมูลใดถูกนำเข้า" in html
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    task.refresh_from_db()
    assert task.status == "FAILED"  # /staff/jobs/ says so too
    assert task.exception_class_path.endswith("ImportWorkerStopped")

    english = officer_client.get("/en/staff/jobs/?status=FAILED").content.decode()
    assert "ImportWorkerStopped" in english


def test_the_periodic_sweep_fails_stalled_imports_and_spares_live_ones(officer, settings):
    stalled = running_job(officer, started_seconds_ago=60)
    alive = running_job(officer, started_seconds_ago=60)
    progress_write(services._progress_key(alive), 30)
    waiting = ImportJob.objects.create(
        kind="listings", original_name="w.csv", file="imports/w.csv", created_by=officer, status=ImportStatus.QUEUED
    )

    assert fail_stalled_import_jobs.call() == 1
    statuses = dict(ImportJob.objects.values_list("pk", "status"))
    assert statuses == {stalled.pk: "failed", alive.pk: "running", waiting.pk: "queued"}


def test_a_running_import_is_not_run_a_second_time(officer, settings):
    """A worker restarted after a crash, or a task delivered twice, must not import the file again."""
    settings.MEDIA_ROOT.mkdir(parents=True)
    job = services.import_job_enqueue(kind="communities", name="c.csv", data=(DATA / "communities.csv").read_bytes())
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, started_at=timezone.now())

    run_import_job.call(job.pk)

    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING and job.created_count == 0
    assert not Community.objects.exists()


def test_a_finished_import_is_not_run_again(officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_enqueue(
            kind="communities", name="c.csv", data=(DATA / "communities.csv").read_bytes()
        )
    job.refresh_from_db()
    assert (job.status, job.created_count) == (ImportStatus.DONE, 2)
    finished_at = job.finished_at

    run_import_job.call(job.pk)

    job.refresh_from_db()
    assert job.finished_at == finished_at
    assert Community.objects.count() == 2


def test_the_command_queues_the_import_for_a_worker_with_background(db, django_capture_on_commit_callbacks):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=False) as enqueued:
        call_command("import_communities", str(DATA / "communities.csv"), "--background", "--language=en", stdout=out)
    job = ImportJob.objects.get()
    assert f"Import {job.pk} queued" in out.getvalue()
    assert reverse("catalog_import:job", args=[job.pk]) in out.getvalue()
    assert job.status == ImportStatus.QUEUED and not Community.objects.exists()

    for callback in enqueued:
        callback()
    job.refresh_from_db()
    assert (job.status, job.created_count) == (ImportStatus.DONE, 2)
    assert Community.objects.count() == 2


def test_a_background_import_of_a_file_with_problems_writes_nothing_and_says_why(
    db, tmp_path, django_capture_on_commit_callbacks
):
    bad = tmp_path / "c.csv"
    bad.write_text((DATA / "communities.csv").read_text().replace("Mueang Sukhothai", "Mueang Sukhotai"))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_communities", str(bad), "--background", stdout=io.StringIO())
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    assert any(error["column"] == "district" for error in job.errors)
    assert not Community.objects.exists()


def test_the_page_still_answers_when_sqlite_is_busy_with_another_import(officer_client, officer, monkeypatch):
    """Marking a stopped import failed is a write; on SQLite another import may hold the lock."""
    from django.db import OperationalError
    from django.db.models import QuerySet

    job = running_job(officer, started_seconds_ago=60)

    def locked(self, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(QuerySet, "update", locked)
    response = officer_client.get(job.get_absolute_url())
    monkeypatch.undo()

    assert response.status_code == 200 and "import-progress-bar" in response.content.decode()
    assert "ตัวประมวลผลเบื้องหลังหยุดทำงาน" in officer_client.get(job.get_absolute_url()).content.decode()
