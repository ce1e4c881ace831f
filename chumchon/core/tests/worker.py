"""A real `manage.py db_worker` process against the test database, for tests of background work.

Use the `db_worker` fixture in a test marked `@pytest.mark.worker`: the test's own enqueues go to
the database backend, and `db_worker.wait_for(result.id)` returns the finished row.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parents[3]
DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"


def database_url(settings_dict: dict[str, Any]) -> str:
    """DATABASE_URL of the test database the current connection uses."""
    name = str(settings_dict["NAME"])
    if settings_dict["ENGINE"].endswith("sqlite3"):
        if name == ":memory:" or "mode=memory" in name:
            pytest.fail(
                "The worker tests need a file-based SQLite test database: run them with pytest, whose "
                "conftest.py gives one to a session that has worker tests.",
                pytrace=False,
            )
        return f"sqlite:///{Path(name).resolve()}"
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "localhost"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{quote(name, safe='')}"


def _start(command: list[str], environment: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as output:
        return subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT)


@dataclass
class WorkerProcess:
    process: subprocess.Popen[bytes]
    log: Path
    command: list[str]
    environment: dict[str, str]

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        """Stop the worker at once, mid-task (SIGKILL: a crash, the OOM killer, a pulled plug)."""
        self.process.kill()
        self.process.wait()

    def restart(self) -> None:
        """Start a new worker process in place of a stopped one (same id, same log)."""
        if self.process.poll() is None:
            pytest.fail("restart() needs the worker stopped first (kill())", pytrace=False)
        self.process = _start(self.command, self.environment, self.log)

    def wait_for(self, result_id: str, timeout: float = 30) -> Any:
        """The task result row once the worker has finished it (successfully or not)."""
        from django_tasks_db.models import DBTaskResult

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = DBTaskResult.objects.get(pk=result_id)
            if result.finished_at is not None:
                return result
            if self.process.poll() is not None:
                pytest.fail(f"db_worker exited with {self.process.returncode}:\n{self.output()}", pytrace=False)
            time.sleep(0.1)
        pytest.fail(f"db_worker did not finish task {result_id} in {timeout} s:\n{self.output()}", pytrace=False)


def shared_cache_directory() -> dict[str, str]:
    """Without Redis the cache is a directory of files: the worker must use the test's directory
    (where progress and rate limits are read), whatever VAR_DIR the test set for itself."""
    from django.core.cache import caches
    from django.core.cache.backends.filebased import FileBasedCache

    cache = caches["default"]
    if not isinstance(cache, FileBasedCache):
        return {}
    return {"CHUMCHON_CACHE_DIR": str(cache._dir)}  # type: ignore[attr-defined]


@pytest.fixture
def db_worker(transactional_db: None, settings: Any, tmp_path: Path) -> Iterator[WorkerProcess]:
    """One `db_worker` process on the test database (SQLite file or PostgreSQL), stopped after the test.

    The worker commits in its own connection, so the test needs transactional_db (the fixture asks for
    it) rather than a transaction rolled back at the end.
    """
    from django.db import connection

    settings.TASKS = {"default": {"BACKEND": DATABASE_BACKEND}}
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict),
        "TASKS_BACKEND": DATABASE_BACKEND,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CHUMCHON_VAR_DIR": str(settings.VAR_DIR),  # job heartbeats (chumchon.core.progress) without Redis
        **shared_cache_directory(),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])),
    }
    log = tmp_path / "db_worker.log"
    command = [
        sys.executable,
        "manage.py",
        "db_worker",
        "--no-reload",
        "--no-startup-delay",
        "--interval=0.1",
        "--queue-name=*",
        f"--worker-id=pytest-{os.getpid()}",
        "--verbosity=2",
    ]
    worker = WorkerProcess(process=_start(command, environment, log), log=log, command=command, environment=environment)
    try:
        yield worker
    finally:
        process = worker.process
        process.terminate()  # db_worker finishes its current task and exits on SIGTERM
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
