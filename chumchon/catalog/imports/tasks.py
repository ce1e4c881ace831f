"""The officers' import, run in the background: thin tasks that take the job's id."""

from __future__ import annotations

from django_tasks import task

from chumchon.catalog.imports import services


@task()
def check_import_job(job_id: int) -> None:
    services.import_job_check(job_id=job_id)


@task()
def run_import_job(job_id: int) -> None:
    services.import_job_run(job_id=job_id)


@task()
def fail_stalled_import_jobs() -> int:
    """Imports whose worker stopped, marked failed (run each minute by run_periodic)."""
    return services.import_jobs_fail_stalled()


@task()
def undo_import_job(job_id: int) -> int:
    """What a failed import wrote before its worker stopped, undone (SQLite)."""
    return services.import_job_undo(job_id=job_id)
