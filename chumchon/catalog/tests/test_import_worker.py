"""Imports on a real worker process (`db_worker`): one that finishes, and one killed half-way."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from chumchon.catalog.imports import services
from chumchon.catalog.imports.applying import import_apply
from chumchon.catalog.imports.planning import plan_file
from chumchon.catalog.models import ImportJob, ImportStatus, ImportUndo, Listing
from chumchon.core.progress import progress_read
from chumchon.core.tasks import prune_task_results

pytestmark = pytest.mark.worker

DATA = Path(__file__).parent / "data"
UPLOAD_URL = "/staff/import/"


def listings_csv(rows: int) -> bytes:
    lines = ["external_id,community,kind,title_th,category,tags,price,price_unit"]
    lines += [f"w-{i:05d},skt-0{1 + i % 2},product,ผ้าทอลาย {i},textiles,ผ้าทอ,{100 + i},piece" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def setting_up(settings, tmp_path):
    """Media and heartbeats in the test's folder (the worker gets the same), and a worker taken
    for dead after 3 s without a beat."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"
    settings.JOB_STALLED_AFTER_SECONDS = 3


@pytest.fixture
def officer_client(setting_up, places_data, db_worker, client, officer):
    import_apply(plan_file(kind="communities", name="c.csv", data=(DATA / "communities.csv").read_bytes()), by=None)
    client.force_login(officer)
    return client


def wait_until(condition, *, timeout: float, worker, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if worker.process.poll() is not None:
            pytest.fail(f"db_worker exited while waiting for {what}:\n{worker.output()}", pytrace=False)
        time.sleep(0.05)
    pytest.fail(f"no {what} after {timeout} s:\n{worker.output()}", pytrace=False)


def upload_and_confirm(client, worker, rows: int) -> ImportJob:
    client.get(UPLOAD_URL)  # a first request loads the site's code: not what is measured here
    started = time.monotonic()
    response = client.post(
        UPLOAD_URL, {"kind": "listings", "file": SimpleUploadedFile("big.csv", listings_csv(rows)), "publish": "on"}
    )
    assert response.status_code == 302
    assert time.monotonic() - started < 2  # the worker checks the file, not the request
    job = ImportJob.objects.get()
    wait_until(
        lambda: ImportJob.objects.get(pk=job.pk).status == ImportStatus.PREVIEW,
        timeout=120,
        worker=worker,
        what="preview",
    )
    started = time.monotonic()
    response = client.post(reverse("catalog_import:run", args=[job.pk]), follow=True)
    assert time.monotonic() - started < 2
    assert ImportJob.objects.get(pk=job.pk).status != ImportStatus.PREVIEW, response.content.decode()
    return job


def test_a_worker_runs_an_officers_import_to_the_end(officer_client, db_worker):
    job = upload_and_confirm(officer_client, db_worker, rows=200)

    wait_until(
        lambda: ImportJob.objects.get(pk=job.pk).status == ImportStatus.DONE, timeout=120, worker=db_worker, what="end"
    )
    html = officer_client.get(job.get_absolute_url()).content.decode()
    assert "นำเข้าเสร็จแล้ว" in html and "สร้างใหม่ 200 รายการ" in html
    assert Listing.objects.published().count() == 200
    assert "ผ้าทอลาย 17" in officer_client.get("/listings/?q=ผ้าทอลาย").content.decode()


def test_a_worker_killed_mid_import_leaves_nothing_and_the_job_failed_and_not_run_again(officer_client, db_worker):
    job = upload_and_confirm(officer_client, db_worker, rows=2000)

    def applying() -> bool:
        job.refresh_from_db()
        if job.status != ImportStatus.RUNNING:
            return False
        record = progress_read(services._progress_key(job))
        return record is not None and record.percent > 10  # rows are being written, in the transaction

    wait_until(applying, timeout=120, worker=db_worker, what="import under way")
    # the page follows the worker's progress meanwhile
    assert "import-progress-bar" in officer_client.get(job.get_absolute_url()).content.decode()
    db_worker.kill()

    # On PostgreSQL the import's transaction died with the worker; on SQLite it wrote in short
    # transactions, which a worker undoes once the job is known to have stopped.
    if connection.vendor == "postgresql":
        assert not Listing.objects.exists()
    time.sleep(3.5)  # no heartbeat for longer than JOB_STALLED_AFTER_SECONDS
    html = officer_client.get(job.get_absolute_url()).content.decode()
    assert "ตัวประมวลผลเบื้องหลังหยุดทำงานก่อนนำเข้าเสร็จ ไม่มีข้อมูลใดถูกนำเข้า" in html
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    import_task = DBTaskResult.objects.get(task_path="chumchon.catalog.imports.tasks.run_import_job")
    assert import_task.status == "FAILED"

    db_worker.restart()
    marker = prune_task_results.enqueue()
    assert db_worker.wait_for(marker.id, timeout=120).status == "SUCCESSFUL"  # the new worker went through the queue
    import_task.refresh_from_db()
    assert len(import_task.worker_ids) == 1  # taken by the first worker only
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert not Listing.objects.exists()
    assert not ImportUndo.objects.exists()
