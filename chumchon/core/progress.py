"""Progress and heartbeats of background jobs, readable by every process while a job runs.

A job that does its work in one database transaction (an import) cannot show its progress through
the database: its own writes stay invisible until the end, a second connection cannot write on
SQLite while the transaction holds the write lock, and a crash would leave no trace of when it
stopped. So a job's worker writes a small record, percent done and the time, to the shared cache
(Redis, when REDIS_URL is set: every machine sees it) or, when the cache lives in each process's
memory (the venue laptop, the tests), to a file under VAR_DIR. A `Heartbeat` rewrites it every
second from a thread while the job runs, so a record older than `stalled_after()` seconds means
the worker died (killed, out of memory, machine stopped).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache

logger = logging.getLogger(__name__)

KEEP_SECONDS = 6 * 3600
DEFAULT_STALLED_AFTER = 60.0


def stalled_after() -> float:
    """Seconds without a heartbeat after which a running job's worker is taken for dead
    (setting JOB_STALLED_AFTER_SECONDS; far more than the one-second beat, for a busy machine)."""
    return float(getattr(settings, "JOB_STALLED_AFTER_SECONDS", DEFAULT_STALLED_AFTER))


@dataclass(frozen=True)
class ProgressRecord:
    percent: int
    at: float  # time.time() of the last beat


def _shared_cache() -> bool:
    return not isinstance(caches["default"], LocMemCache | DummyCache)


def _path(key: str) -> Path:
    return Path(settings.VAR_DIR) / "progress" / f"{key}.json"


def progress_write(key: str, percent: int) -> None:
    record = {"percent": percent, "at": time.time()}
    if _shared_cache():
        cache.set(key, record, KEEP_SECONDS)
        return
    path = _path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written whole, then renamed: a reader never sees half a record.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    with os.fdopen(handle, "w") as stream:
        json.dump(record, stream)
    os.replace(temporary, path)


def progress_read(key: str) -> ProgressRecord | None:
    if _shared_cache():
        record = cache.get(key)
    else:
        try:
            record = json.loads(_path(key).read_text())
        except (OSError, ValueError):
            return None
    if not isinstance(record, dict):
        return None
    return ProgressRecord(percent=int(record.get("percent", 0)), at=float(record.get("at", 0)))


def progress_clear(key: str) -> None:
    if _shared_cache():
        cache.delete(key)
    else:
        _path(key).unlink(missing_ok=True)


class Heartbeat:
    """`with Heartbeat(key) as beat: ... beat.percent = 40`: the record is rewritten every
    `every` seconds by a thread, whatever the job's own code is doing. The record stays after the
    block, fresh: clear it (`progress_clear`) once the job's outcome is saved, or a reader could
    take the moment between the two for a dead worker."""

    def __init__(self, key: str, *, percent: int = 0, every: float = 1.0) -> None:
        self.key = key
        self.percent = percent
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat {key}", daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                progress_write(self.key, self.percent)
            except Exception:  # a full disk or a Redis hiccup must not stop the job itself
                logger.warning("heartbeat %s could not be written", self.key, exc_info=True)

    def __enter__(self) -> Heartbeat:
        progress_write(self.key, self.percent)
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join()
        progress_write(self.key, self.percent)
