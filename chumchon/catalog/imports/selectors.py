"""Reads of the import page."""

from __future__ import annotations

from django.db import models
from django.http import Http404

from chumchon.catalog.models import ImportJob


def recent_import_jobs(limit: int = 20) -> models.QuerySet[ImportJob]:
    return ImportJob.objects.select_related("created_by").order_by("-created_at", "-id")[:limit]


def import_job_for_officer(*, pk: int) -> ImportJob:
    """Any import, for an officer (imports are the agency's shared work); 404 when there is none."""
    job = ImportJob.objects.select_related("created_by").filter(pk=pk).first()
    if job is None:
        raise Http404
    return job
