"""The officers' import page: upload, preview, confirm, follow the progress (docs/importing.md)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from chumchon.catalog.imports import selectors, services
from chumchon.catalog.imports.columns import COLUMNS
from chumchon.catalog.imports.forms import CategoryChoiceForm, ImportConfirmForm, ImportUploadForm
from chumchon.catalog.models import ImportJob
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
    unknown_rows = {row for item in job.unknown_categories or [] for row in item.get("row_numbers", [])}
    context = {
        "job": job,
        "progress": progress,
        "form": ImportConfirmForm(),
        "columns": COLUMNS[job.kind],
        # Rows whose only fault may be their category label are answered by the form above the problems.
        "errors": [
            error
            for error in job.errors
            if not (error.get("column") == "category" and error.get("row") in unknown_rows)
        ],
        "category_form": _category_form(request, job) if job.unknown_categories else None,
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


def _category_form(request: AuthenticatedHttpRequest, job: ImportJob, data: Any = None) -> CategoryChoiceForm:
    return CategoryChoiceForm(data, unknown=job.unknown_categories, can_create=request.user.is_officer)


@officer_required
@require_POST
def job_categories(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The officer's choices for unknown category labels; the worker checks the file again with them."""
    job = selectors.import_job_for_officer(pk=pk)
    form = _category_form(request, job, request.POST)
    if form.is_valid():
        try:
            services.import_job_choose_categories(job=job, by=request.user, choices=form.choices())
        except (ValidationError, PermissionDenied) as exc:
            for message in exc.messages if isinstance(exc, ValidationError) else [str(exc)]:
                messages.error(request, message)
    else:
        messages.error(request, _("Choose an existing category, or to create one, for each label."))
    return redirect(job)
