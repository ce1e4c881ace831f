"""Officers' background jobs page: what failed or is stuck stands out."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db


def job(*, task_path="chumchon.catalog.tasks.make_photo_renditions", minutes_ago=0.0, **fields) -> DBTaskResult:
    result = DBTaskResult.objects.create(
        args_kwargs={"args": [1], "kwargs": {}}, task_path=task_path, backend_name="default", **fields
    )
    DBTaskResult.objects.filter(pk=result.pk).update(enqueued_at=timezone.now() - dt.timedelta(minutes=minutes_ago))
    return result


def cards(html: str) -> list[str]:
    return html.split('<li class="job')[1:]


def test_it_is_for_officers_only(client, bob):
    assert client.get("/staff/jobs/").status_code == 302  # sign in first
    client.force_login(bob)
    assert client.get("/staff/jobs/").status_code == 404


def test_it_marks_jobs_queued_too_long_running_too_long_and_failed(client, officer):
    now = timezone.now()
    job(minutes_ago=1)  # queued a minute ago: fine
    job(minutes_ago=7)  # queued 7 minutes ago: no worker took it
    job(minutes_ago=40, status="RUNNING", started_at=now - dt.timedelta(minutes=35))
    job(minutes_ago=2, status="RUNNING", started_at=now - dt.timedelta(minutes=1))
    job(minutes_ago=3, status="FAILED", started_at=now, finished_at=now, exception_class_path="builtins.OSError",
        traceback="Traceback (most recent call last):\n  ...\nOSError: disk full\n")  # fmt: skip
    job(minutes_ago=4, status="SUCCESSFUL", started_at=now, finished_at=now)
    client.force_login(officer)
    html = client.get("/en/staff/jobs/").content.decode()
    marked = [card for card in cards(html) if card.startswith(" job-attention")]
    assert len(cards(html)) == 6
    assert len(marked) == 3
    assert "Waiting too long" in html and "Running too long" in html
    assert "OSError: disk full" in html
    assert "Photo sizes" in html  # a name an officer understands, not the import path
    assert "2 jobs wait for a worker." in html


def test_it_filters_by_status_and_pages(client, officer):
    for _ in range(55):
        job(status="SUCCESSFUL", finished_at=timezone.now())
    job(status="FAILED", finished_at=timezone.now(), traceback="ValueError: bad row")
    client.force_login(officer)
    failed = client.get("/en/staff/jobs/?status=FAILED").content.decode()
    assert len(cards(failed)) == 1
    first = client.get("/en/staff/jobs/").content.decode()
    assert len(cards(first)) == 50
    assert "Page 1 of 2" in first
    assert len(cards(client.get("/en/staff/jobs/?page=2").content.decode())) == 6


def test_it_reads_in_thai_with_a_few_queries(client, officer, django_assert_max_num_queries):
    job(minutes_ago=7)
    client.force_login(officer)
    client.get("/staff/jobs/")  # a session's first page also records what later pages read from it
    with django_assert_max_num_queries(8):
        html = client.get("/staff/jobs/").content.decode()
    assert "งานเบื้องหลัง" in html


def test_every_named_job_is_a_real_task_and_every_task_has_a_name():
    """A task that moves keeps its plain name on the staff page (officers never read import paths)."""
    import importlib
    import pkgutil

    from django.utils.module_loading import import_string
    from django_tasks.base import Task

    import chumchon
    from chumchon.core.selectors import TASK_LABELS

    assert all(isinstance(import_string(path), Task) for path in TASK_LABELS)
    tasks = set()
    for module in pkgutil.walk_packages(chumchon.__path__, "chumchon."):
        if module.name.endswith(".tasks") and ".tests" not in module.name:
            for name, value in vars(importlib.import_module(module.name)).items():
                if isinstance(value, Task) and value.func.__module__ == module.name:
                    tasks.add(f"{module.name}.{name}")
    assert sorted(tasks - TASK_LABELS.keys()) == []
