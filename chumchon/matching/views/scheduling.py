"""Scheduling by the organiser: runs of the optimiser, importing and applying a schedule, moving
meetings (officers)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from chumchon.core.decorators import officer_required
from chumchon.core.http import AuthenticatedHttpRequest
from chumchon.matching import optimise, selectors, services
from chumchon.matching.forms import MeetingPlaceForm, ScheduleImportForm, ScheduleRunForm
from chumchon.matching.models import Event, Meeting, RunStatus, ScheduleRun
from chumchon.scheduling import instance_to_dict

from ._common import _error

RUNNING = (RunStatus.QUEUED, RunStatus.RUNNING)
UNPLACED_SHOWN = 100


def _schedule_url(event: Event, *, slot: int | None = None) -> str:
    from django.urls import reverse

    url = reverse("matching:schedule", kwargs={"slug": event.slug})
    return f"{url}?slot={slot}#meetings" if slot else url


@officer_required
def schedule(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    services.schedule_runs_expire(event=event)  # a run whose worker died shows as failed
    slot_pk = request.GET.get("slot", "")
    slot = event.slots.filter(pk=slot_pk).first() if slot_pk.isdigit() else None
    slot = slot or event.slots.order_by("starts_at").first()
    run = selectors.latest_run(event)
    context: dict[str, Any] = {
        "event": event,
        "run": run,
        "running": run is not None and run.status in RUNNING,
        "step": optimise.step_label(run.message) if run else "",
        "run_error": optimise.error_label(run.error) if run else "",
        "result": selectors.schedule_result(run, slot=slot) if run and run.status != RunStatus.FAILED else None,
        "slot": slot,
        "slots": event.slots.order_by("starts_at"),
        "meetings": selectors.meetings_in_slot(event, slot),
        "unplaced": selectors.unplaced_requests(event)[:UNPLACED_SHOWN],
        "unplaced_count": selectors.unplaced_requests(event).count(),
        "run_form": ScheduleRunForm(),
        "import_form": ScheduleImportForm(),
        "has_meetings": event.meetings.active().exists(),
    }
    return render(request, "matching/officer/schedule.html", context)


@officer_required
def schedule_progress(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    run = get_object_or_404(ScheduleRun, event__slug=slug, pk=pk)
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect("matching:schedule", slug=slug)
    services.schedule_runs_expire(event=run.event)
    run.refresh_from_db()
    if run.status not in RUNNING:
        return HttpResponseClientRefresh()  # finished or failed: the whole page shows the outcome
    context = {"run": run, "event": run.event, "step": optimise.step_label(run.message)}
    return render(request, "matching/officer/schedule.html#progress", context)


@officer_required
def schedule_instance(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    data = instance_to_dict(optimise.event_instance(event))
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-instance.json"'
    return response


@officer_required
@require_POST
def schedule_start(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    form = ScheduleRunForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect("matching:schedule", slug=slug)
    try:
        services.schedule_run_start(
            event=event,
            by=request.user,
            time_limit=form.cleaned_data["time_limit"],
            incremental=form.cleaned_data["incremental"],
        )
    except ValidationError as error:
        _error(request, error)
    return redirect("matching:schedule", slug=slug)


@officer_required
@require_POST
def schedule_import(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    form = ScheduleImportForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect("matching:schedule", slug=slug)
    try:
        services.schedule_run_import(event=event, by=request.user, data=form.cleaned_data["file"])
        messages.success(request, _("The schedule fits the event. Look at it below, then apply it."))
    except ValidationError as error:
        _error(request, error)
    return redirect("matching:schedule", slug=slug)


@officer_required
@require_POST
def schedule_apply(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    run = get_object_or_404(ScheduleRun, event__slug=slug, pk=pk)
    try:
        count = services.schedule_run_apply(run=run, by=request.user)
        messages.success(
            request, _("The schedule was applied: %(count)s meetings. Publish it when ready.") % {"count": count}
        )
    except ValidationError as error:
        _error(request, error)
    return redirect("matching:schedule", slug=slug)


@officer_required
def meeting_move(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.select_related(
            "event", "slot", "table", "request__a__organisation", "request__b__organisation"
        ),
        event__slug=slug,
        pk=pk,
    )
    form = MeetingPlaceForm(
        request.POST or None, event=meeting.event, initial={"slot": meeting.slot, "table": meeting.table}
    )
    if request.method == "POST" and form.is_valid():
        slot = form.cleaned_data["slot"]
        try:
            services.meeting_move(meeting=meeting, slot=slot, table=form.cleaned_data.get("table"), by=request.user)
            messages.success(request, _("The meeting was moved."))
            return redirect(_schedule_url(meeting.event, slot=slot.pk))
        except ValidationError as error:
            form.add_error(None, error)
    context = {"event": meeting.event, "form": form, "meeting": meeting, "meeting_request": meeting.request}
    return render(request, "matching/officer/schedule_place.html", context)
