"""Slow maintenance work goes through a real `db_worker` process: the impact rollup's rebuild and
the search index's (`search_reindex --background` prints the job's id and returns at once)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from chumchon.impact.tasks import monthly_income_rebuild

pytestmark = pytest.mark.worker


def test_the_worker_rebuilds_the_monthly_rollup(db_worker):
    result = monthly_income_rebuild.enqueue()
    row = db_worker.wait_for(result.id)
    assert row.status == "SUCCESSFUL", row.traceback
    assert row.return_value == 0  # no income entries: no rollup rows


def test_search_reindex_in_the_background_prints_the_job_and_the_worker_runs_it(db_worker):
    out = io.StringIO()
    call_command("search_reindex", "--background", "--workers=0", stdout=out)
    job = out.getvalue().strip().splitlines()[-1]
    assert DBTaskResult.objects.get(pk=job).task_path.endswith("search_reindex.reindex_in_background")
    row = db_worker.wait_for(job, timeout=60)
    assert row.status == "SUCCESSFUL", row.traceback
    assert set(row.return_value) >= {"listings", "communities", "terms"}
