"""A real db_worker process runs what the site enqueues (SQLite file or PostgreSQL)."""

import datetime as dt
import os

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from chumchon.core.tasks import prune_task_results
from chumchon.core.tests.worker_tasks import fail_with

pytestmark = pytest.mark.worker


def finished_result(*, days_ago: int) -> DBTaskResult:
    return DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="chumchon.core.tasks.prune_task_results",
        backend_name="default",
        status="SUCCESSFUL",
        finished_at=timezone.now() - dt.timedelta(days=days_ago),
    )


def test_it_runs_an_enqueued_task_in_the_worker_process(db_worker):
    old, recent = finished_result(days_ago=40), finished_result(days_ago=2)

    result = prune_task_results.enqueue()
    assert DBTaskResult.objects.get(pk=result.id).status == "READY"  # not run inside the test

    row = db_worker.wait_for(result.id)
    assert row.status == "SUCCESSFUL", row.traceback
    assert row.return_value == 1
    assert row.worker_ids == [f"pytest-{os.getpid()}"]
    assert not DBTaskResult.objects.filter(pk=old.pk).exists()
    assert DBTaskResult.objects.filter(pk=recent.pk).exists()


def test_a_failing_task_ends_failed_with_its_error_on_the_officers_page(db_worker, client, officer):
    result = fail_with.enqueue("the kiln is cold")

    row = db_worker.wait_for(result.id)
    assert row.status == "FAILED"
    assert row.exception_class_path == "builtins.ValueError"

    client.force_login(officer)
    page = client.get("/en/staff/jobs/?status=FAILED").content.decode()
    assert "ValueError: the kiln is cold" in page
    assert "job-attention" in page
