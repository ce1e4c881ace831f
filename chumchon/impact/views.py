"""Impact pages: the officers' dashboard and exports, each community's own dashboard (where its
members record income), and the survey import."""

from __future__ import annotations

import io
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chumchon.core.decorators import officer_required
from chumchon.core.http import AuthenticatedHttpRequest
from chumchon.core.pdf import PdfUnavailable
from chumchon.core.resume import form_data
from chumchon.impact import exporting, monitoring, monitoring_files, presentation, selectors, services
from chumchon.impact.forms import (
    ImpactFilterForm,
    IncomeEntryForm,
    MonitoringReportForm,
    MonitoringReportStartForm,
    SurveyUploadForm,
)
from chumchon.impact.models import ReportLanguage


def _filter_form(params: QueryDict, **fixed: str) -> ImpactFilterForm:
    data = params.copy()
    for name, value in fixed.items():
        data[name] = value
    return ImpactFilterForm(data)


@officer_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = _filter_form(request.GET)
    valid = form.is_valid()
    form.set_choices()
    context: dict[str, object] = {"form": form}
    if valid:
        figures = selectors.dashboard(form.filters())
        context.update(presentation.context(figures, officer=True))
        context["query"] = urlencode(figures.filters.query())
    return render(request, "impact/dashboard.html", context, status=200 if valid else 400)


@officer_required
def export(request: AuthenticatedHttpRequest, file_format: str) -> HttpResponse:
    form = _filter_form(request.GET)
    if not form.is_valid():
        return HttpResponse("\n".join(f"{k}: {' '.join(str(e) for e in v)}" for k, v in form.errors.items()), status=400,
                            content_type="text/plain; charset=utf-8")  # fmt: skip
    filters = form.filters()
    all_years = request.GET.get("years") == "all"
    stream = io.BytesIO()
    if file_format == "xlsx":
        exporting.write_xlsx(filters, stream, all_years=all_years)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        exporting.write_csv(filters, stream, all_years=all_years)
        content_type = "text/csv; charset=utf-8"
    name = f"chumchon-impact-{'all' if all_years else filters.fiscal_year}.{file_format}"
    response = HttpResponse(stream.getvalue(), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Where a member finds their communities' dashboards (one community: straight to it)."""
    communities = list(selectors.communities_of(request.user))
    if len(communities) == 1:
        return redirect("impact:community", slug=communities[0].slug)
    return render(request, "impact/mine.html", {"communities": communities})


@login_required
def community(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    place = selectors.community_for_viewer(request.user, slug)
    form = _filter_form(request.GET, community=place.slug, province="", district="", area="")
    valid = form.is_valid()
    entry_form = IncomeEntryForm()
    if request.method == "POST":
        entry_form = IncomeEntryForm(request.POST)
        if entry_form.is_valid():
            try:
                services.income_entry_record(community=place, by=request.user, **entry_form.cleaned_data)
            except ValidationError as error:
                entry_form.add_error(None, error)
            else:
                messages.success(request, _("Income recorded. Thank you!"))
                return redirect(request.get_full_path())
    form.set_choices()
    context: dict[str, object] = {"form": form, "community": place, "entry_form": entry_form}
    if valid:
        figures = selectors.dashboard(form.filters(), with_districts=False)
        context.update(presentation.context(figures, officer=False))
    context["entries"] = selectors.recent_entries(place)
    status = 200 if valid and not entry_form.errors else 400
    return render(request, "impact/community.html", context, status=status)


@login_required
@require_POST
def entry_delete(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    place = selectors.community_for_viewer(request.user, slug)
    entry = selectors.entry_for_editor(request.user, place, pk)
    services.income_entry_delete(entry=entry, by=request.user)
    messages.success(request, _("The entry was removed."))
    return redirect("impact:community", slug=place.slug)


@officer_required
def survey_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SurveyUploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            count = services.survey_import(
                upload=upload,
                name=upload.name,
                by=request.user,
                source=form.cleaned_data["source"],
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("%(count)s household figures imported.") % {"count": count})
            return redirect("impact:survey_import")
    status = 400 if request.method == "POST" and (errors or form.errors) else 200
    return render(request, "impact/survey_import.html", {"form": form, "errors": errors}, status=status)


# --- UNESCO monitoring reports ------------------------------------------------------------------


@officer_required
def monitoring_reports(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The reports written so far, and a form to start one (pre-filled from the platform's figures)."""
    form = MonitoringReportStartForm(request.POST or None, initial=request.GET.dict() or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.monitoring_report_start(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The report is started from the platform's figures. Edit each section."))
            return redirect("impact:monitoring_report", pk=report.pk)
    reports = selectors.monitoring_reports_visible_to(request.user)
    status = 400 if request.method == "POST" else 200
    return render(request, "impact/monitoring_reports.html", {"form": form, "reports": reports}, status=status)


@officer_required
def monitoring_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Edit a report's sections beside the platform's figures; save the draft; export it."""
    report = selectors.monitoring_report_for(request.user, pk)
    initial = {name: text for name, _heading, text in report.sections()} | {"status": report.status}
    form = MonitoringReportForm(form_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.monitoring_report_update(report=report, by=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("impact:monitoring_report", pk=report.pk)
    with translation.override(report.language):
        data_rows = monitoring_files.figure_rows(report, monitoring.report_figures(report))
        period = monitoring.period_label(report.first_fiscal_year, report.last_fiscal_year)
    other_language = "th" if report.language == "en" else "en"
    copy = (
        selectors.monitoring_reports_visible_to(request.user)
        .filter(
            city=report.city,
            first_fiscal_year=report.first_fiscal_year,
            last_fiscal_year=report.last_fiscal_year,
            language=other_language,
        )
        .first()
    )
    context = {
        "report": report,
        "form": form,
        "rows": data_rows,
        "period": period,
        "copy": copy,
        "other_language": other_language,
        "other_language_label": ReportLanguage(other_language).label,
    }
    return render(request, "impact/monitoring_report.html", context, status=400 if request.method == "POST" else 200)


@officer_required
def monitoring_export(request: AuthenticatedHttpRequest, pk: int, file_format: str) -> HttpResponse:
    """The report as .docx or PDF, written while the officer waits (a city's report takes < 1 s)."""
    report = selectors.monitoring_report_for(request.user, pk)
    data = monitoring.report_figures(report)
    if file_format == "docx":
        content = monitoring_files.write_docx(report, data)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        try:
            content = monitoring_files.write_pdf(report, data)
        except PdfUnavailable:
            return HttpResponse(_("PDF files cannot be made on this server."), status=503, content_type="text/plain")
        content_type = "application/pdf"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{monitoring_files.file_name(report, file_format)}"'
    response["Cache-Control"] = "private, no-store"
    return response
