"""The officers' import, run in the background: a thin task that takes the job's id."""

from __future__ import annotations

from django_tasks import task

from chumchon.catalog.imports import services


@task()
def run_import_job(job_id: int) -> None:
    services.import_job_run(job_id=job_id)
