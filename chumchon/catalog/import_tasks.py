"""The officers' import, run in the background: a thin task that takes the job's id."""

from __future__ import annotations

from django_tasks import task

from chumchon.catalog import importing


@task()
def run_import_job(job_id: int) -> None:
    importing.import_job_run(job_id=job_id)
