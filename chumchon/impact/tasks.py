"""Background work of the impact app: rebuilding the monthly rollup after a bulk load."""

from __future__ import annotations

from django_tasks import task

from chumchon.impact import services


@task()
def monthly_income_rebuild() -> int:
    return services.monthly_income_rebuild()
