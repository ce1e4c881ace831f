import datetime as dt
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db


def queued(*, minutes_ago: float, **fields) -> DBTaskResult:
    result = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="chumchon.core.tasks.prune_task_results",
        backend_name="default",
        **fields,
    )
    DBTaskResult.objects.filter(pk=result.pk).update(enqueued_at=timezone.now() - dt.timedelta(minutes=minutes_ago))
    return result


def test_it_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "tasks": {"queued": 0, "oldest_queued_seconds": None},
    }


def test_it_tells_how_many_tasks_wait_and_for_how_long_the_oldest_has(client):
    queued(minutes_ago=10)
    queued(minutes_ago=1)
    queued(minutes_ago=30, status="RUNNING")  # taken by a worker: not waiting
    queued(minutes_ago=60, run_after=timezone.now() + dt.timedelta(hours=1))  # deferred: not due yet
    response = client.get("/healthz")
    assert response.status_code == 200  # a queue that waits is a warning, not an outage
    tasks = response.json()["tasks"]
    assert tasks["queued"] == 2
    assert 599 <= tasks["oldest_queued_seconds"] <= 610


def test_a_deferred_task_waits_from_its_run_after(client):
    queued(minutes_ago=60, run_after=timezone.now() - dt.timedelta(minutes=2))
    tasks = client.get("/healthz").json()["tasks"]
    assert tasks["queued"] == 1
    assert 119 <= tasks["oldest_queued_seconds"] <= 130


def test_it_answers_503_when_the_database_does_not(client):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("gone")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
