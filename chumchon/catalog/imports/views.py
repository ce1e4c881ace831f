"""The officers' import page: upload, preview, confirm, follow the progress (docs/importing.md)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from chumchon.catalog.imports import selectors, services
from chumchon.catalog.imports.columns import COLUMNS
from chumchon.catalog.imports.forms import ImportConfirmForm, ImportUploadForm
from chumchon.core.decorators import officer_required
from chumchon.core.http import AuthenticatedHttpRequest


@officer_required
def upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = services.import_job_create(
            by=request.user,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            publish=form.cleaned_data["publish"],
        )
        return redirect(job)
    return render(request, "catalog/import/upload.html", {"form": form, "jobs": selectors.recent_import_jobs()})


@officer_required
def job_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = services.import_job_fail_if_stalled(job=selectors.import_job_for_officer(pk=pk))
    progress = services.import_job_progress(job)
    if request.htmx:  # type: ignore[attr-defined]
        if not job.is_running:
            return HttpResponseClientRefresh()  # checked or finished: show the whole preview or result
        return render(request, "catalog/import/job.html#progress", {"job": job, "progress": progress})
    context = {
        "job": job,
        "progress": progress,
        "form": ImportConfirmForm(),
        "columns": COLUMNS[job.kind],
    }
    return render(request, "catalog/import/job.html", context)


@officer_required
@require_POST
def job_run(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = selectors.import_job_for_officer(pk=pk)
    form = ImportConfirmForm(request.POST)
    form.is_valid()
    try:
        services.import_job_start(job=job, by=request.user, skip_invalid=form.cleaned_data.get("skip_invalid", False))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(job)
