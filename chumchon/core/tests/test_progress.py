"""A job's progress and heartbeat, seen by other processes: the shared cache, or files."""

import time

import pytest
from django.core.cache import caches

from chumchon.core.progress import Heartbeat, progress_clear, progress_read, progress_write


@pytest.fixture(params=["files", "shared cache"])
def store(request, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    if request.param == "files":  # a cache in each process's memory (the laptop): records go to files
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    else:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(tmp_path / "c"),
            }
        }
    yield request.param
    caches["default"].clear()


def test_it_keeps_the_latest_record_and_forgets_it_when_cleared(store, settings):
    assert progress_read("job-1") is None
    progress_write("job-1", 40)
    record = progress_read("job-1")
    assert record is not None and record.percent == 40 and time.time() - record.at < 5
    assert (settings.VAR_DIR / "progress" / "job-1.json").exists() == (store == "files")
    progress_clear("job-1")
    assert progress_read("job-1") is None


def test_a_heartbeat_keeps_the_record_fresh_while_the_job_works(store):
    with Heartbeat("job-2", percent=5, every=0.05) as beat:
        first = progress_read("job-2")
        beat.percent = 70
        time.sleep(0.3)  # the job is busy; the thread beats on
        later = progress_read("job-2")
    assert first is not None and later is not None
    assert (first.percent, later.percent) == (5, 70)
    assert later.at > first.at
    after = progress_read("job-2")
    assert after is not None and after.percent == 70  # left for the job to clear once its outcome is saved
