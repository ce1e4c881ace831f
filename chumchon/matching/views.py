"""Pages of business matching: events, registration, requests, agendas and the organiser's desk.

Participant pages are the participant's only (someone else's registration or request is a 404);
organiser pages are for officers (`officer_required`, a 404 for everyone else).
"""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chumchon.accounts.models import User
from chumchon.core.decorators import officer_required
from chumchon.matching import recommend, selectors, services
from chumchon.matching.forms import (
    DirectoryFilterForm,
    EventForm,
    FollowUpForm,
    MeetingDealForm,
    OutcomeForm,
    PreferenceForm,
    RegistrationForm,
    RejectForm,
    RequestForm,
    SessionForm,
    TablesForm,
)
from chumchon.matching.models import (
    Event,
    EventSession,
    FollowUp,
    Meeting,
    MeetingRequest,
    PreferenceLevel,
    Registration,
    RegistrationStatus,
    RequestMode,
    Role,
)
from chumchon.matching.report import event_report, report_workbook

PER_PAGE = 30


def _error(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- everyone ---------------------------------------------------------------------------------


def event_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.events_for(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "matching/event_list.html", {"page": page})


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    registration = selectors.registration_of(request.user, event)
    return render(
        request,
        "matching/event_detail.html",
        {
            "event": event,
            "registration": registration,
            "sessions": event.sessions.prefetch_related("slots"),
            "can_register": event.registration_is_open() and registration is None,
        },
    )


# --- participants -----------------------------------------------------------------------------


@login_required
def register(request: HttpRequest, slug: str) -> HttpResponse:
    """Register an organisation, or change what an existing registration offers and seeks."""
    event = selectors.event_for(request.user, slug)
    registration = selectors.registration_of(request.user, event)
    organisations = selectors.registrable_organisations(request.user, event)
    if registration is None and not event.registration_is_open():
        messages.error(request, _("Registration for this event is closed."))
        return redirect(event)
    if registration is None and not organisations.exists():
        return render(request, "matching/register_no_organisation.html", {"event": event}, status=200)
    form = RegistrationForm(
        request.POST or None,
        event=event,
        organisations=organisations,
        registration=registration,
        initial=_registration_initial(request, event, registration, organisations),
    )
    if request.method == "POST" and form.is_valid():
        try:
            if registration is None:
                services.registration_create(
                    event=event,
                    organisation=form.cleaned_data["organisation"],
                    role=form.cleaned_data["role"],
                    by=request.user,  # type: ignore[arg-type]
                    **form.service_fields(),
                )
                messages.success(request, _("Thank you: the organiser will approve your registration."))
            else:
                services.registration_update(registration=registration, by=request.user, **form.service_fields())  # type: ignore[arg-type]
                messages.success(request, _("Your registration was saved."))
            return redirect(event)
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "matching/register.html", {"event": event, "form": form, "registration": registration})


def _registration_initial(
    request: HttpRequest, event: Event, registration: Registration | None, organisations: Any
) -> dict[str, Any]:
    if registration is not None:
        return {
            "community": registration.community,
            "offers": registration.offers.all(),
            "offers_text": registration.offers_text,
            "seeks_categories": registration.seeks_categories.all(),
            "seeks_themes": registration.seeks_themes.all(),
            "seeks_provinces": registration.seeks_provinces.all(),
            "seeks_areas": registration.seeks_areas.all(),
            "seeks_text": registration.seeks_text,
            "languages": registration.language_list,
            "sessions": registration.sessions.all(),
            "unavailable_slots": registration.unavailable_slots.all(),
            "booth": registration.booth,
            "standby": registration.standby,
        }
    # Prefilled from the profile: the first organisation, its community and published listings.
    organisation = organisations.first()
    role = Role.SELLER if getattr(request.user, "role", "") == "seller" else Role.BUYER
    community = organisation.communities.first() if organisation else None
    return {
        "organisation": organisation,
        "role": role if event.admits(role) else None,
        "community": community,
        "offers_text": organisation.description if organisation else "",
        "sessions": event.sessions.all(),
        "languages": ["th"],
    }


@login_required
@require_POST
def registration_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    registration = selectors.registration_of(request.user, event)
    if registration is None:
        raise Http404
    services.registration_cancel(registration=registration, by=request.user)  # type: ignore[arg-type]
    messages.success(request, _("Your registration was cancelled."))
    return redirect(event)


@login_required
def participants(request: HttpRequest, slug: str) -> HttpResponse:
    """The participant directory: the other side's participants, with a request button."""
    event = selectors.event_for(request.user, slug)
    viewer = selectors.registration_of(request.user, event)
    if viewer is not None and viewer.status != RegistrationStatus.APPROVED:
        viewer = None
    if viewer is None and not request.user.is_staff:
        raise Http404
    return _directory_page(request, event, viewer)


@login_required
def requests(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    registration = selectors.approved_registration_of(request.user, event)
    rows = list(selectors.requests_of(registration))
    for row in rows:
        row.partner = row.other(registration)  # type: ignore[attr-defined]
    incoming = [r for r in rows if r.status == "pending" and r.answering_side() == registration]
    outgoing = [r for r in rows if r.status == "pending" and r.answering_side() != registration]
    others = [r for r in rows if r.status != "pending"]
    return render(
        request,
        "matching/requests.html",
        {
            "event": event,
            "registration": registration,
            "incoming": incoming,
            "outgoing": outgoing,
            "others": others,
            "accepted": services.accepted_count(registration),
            "answer_actions": [("accept", _("Accept")), ("decline", _("Decline"))],
            "withdraw_actions": [("cancel", _("Withdraw"))],
            "no_actions": [],
        },
    )


@login_required
@require_POST
def request_send(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    sender = selectors.approved_registration_of(request.user, event)
    target = get_object_or_404(event.registrations.approved(), pk=pk)
    form = RequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how much the meeting matters."))
        return redirect("matching:participants", slug=slug)
    try:
        meeting_request = services.request_send(
            sender=sender,
            target=target,
            by=request.user,  # type: ignore[arg-type]
            priority=form.cleaned_data["priority"],
            message=form.cleaned_data["message"],
        )
    except ValidationError as error:
        _error(request, error)
        return redirect("matching:participants", slug=slug)
    if meeting_request.status == "accepted":
        messages.success(request, _("You will meet %(name)s.") % {"name": target.organisation})
    else:
        messages.success(request, _("Your request was sent to %(name)s.") % {"name": target.organisation})
    return redirect("matching:requests", slug=slug)


def _request_for(request: HttpRequest, slug: str, pk: int) -> MeetingRequest:
    event = selectors.event_for(request.user, slug)
    registration = selectors.approved_registration_of(request.user, event)
    return get_object_or_404(selectors.requests_of(registration), pk=pk)


@login_required
@require_POST
def request_answer(request: HttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    """Accept, decline or withdraw one of one's own requests."""
    meeting_request = _request_for(request, slug, pk)
    actions = {
        "accept": services.request_accept,
        "decline": services.request_decline,
        "cancel": services.request_cancel,
    }
    if action not in actions:
        raise Http404
    try:
        actions[action](meeting_request=meeting_request, by=cast(User, request.user))
    except ValidationError as error:
        _error(request, error)
    else:
        done = {
            "accept": _("Request accepted."),
            "decline": _("Request declined."),
            "cancel": _("Request withdrawn."),
        }
        messages.success(request, done[action])
    return redirect("matching:requests", slug=slug)


@login_required
def agenda(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    registration = selectors.approved_registration_of(request.user, event)
    return render(request, "matching/agenda.html", _agenda_context(request, event, registration))


# --- organisers -------------------------------------------------------------------------------


@officer_required
def event_create(request: HttpRequest) -> HttpResponse:
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        tables = data.pop("tables", 0) or 0
        try:
            event = services.event_create(by=request.user, tables=tables, **data)  # type: ignore[arg-type]
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The event was created. Add its sessions next."))
            return redirect("matching:manage", slug=event.slug)
    return render(request, "matching/officer/event_form.html", {"form": form})


@officer_required
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    form = EventForm(request.POST or None, instance=Event.objects.get(pk=event.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(event=event, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The event was saved."))
            return redirect("matching:manage", slug=event.slug)
    return render(request, "matching/officer/event_form.html", {"form": form, "event": event})


@officer_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    """The organiser's desk: sessions, tables, opening, registrations to approve."""
    event = get_object_or_404(Event, slug=slug)
    status = request.GET.get("status", "")
    status = status if status in RegistrationStatus.values else ""
    role = request.GET.get("role", "")
    role = role if role in Role.values else ""
    registrations = Paginator(selectors.registrations_for_officer(event, status=status, role=role), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "matching/officer/manage.html",
        {
            "event": event,
            "sessions": event.sessions.prefetch_related("slots"),
            "tables": event.tables.all(),
            "session_form": SessionForm(),
            "tables_form": TablesForm(initial={"names": "\n".join(t.name for t in event.tables.all())}),
            "reject_form": RejectForm(),
            "registrations": registrations,
            "counts": selectors.officer_counts(event),
            "meeting_counts": services.meeting_counts(event),
            "status": status,
            "role": role,
            "statuses": RegistrationStatus.choices,
            "roles": Role.choices,
            "preferences_mode": event.request_mode == RequestMode.PREFERENCES,
        },
    )


@officer_required
@require_POST
def session_add(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            services.event_add_session(event=event, **form.cleaned_data)
            messages.success(request, _("The session was added."))
        except ValidationError as error:
            _error(request, error)
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
    return redirect("matching:manage", slug=slug)


@officer_required
@require_POST
def session_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = get_object_or_404(EventSession, event__slug=slug, pk=pk)
    try:
        services.event_remove_session(session=session)
        messages.success(request, _("The session was removed."))
    except ValidationError as error:
        _error(request, error)
    return redirect("matching:manage", slug=slug)


@officer_required
@require_POST
def tables_set(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    form = TablesForm(request.POST)
    if form.is_valid():
        try:
            services.event_set_tables(event=event, names=form.cleaned_data["names"])
            messages.success(request, _("The tables were saved."))
        except ValidationError as error:
            _error(request, error)
    else:
        for message in form.errors.get("names", []):
            messages.error(request, str(message))
    return redirect("matching:manage", slug=slug)


@officer_required
@require_POST
def event_status(request: HttpRequest, slug: str, action: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    try:
        if action == "open":
            services.event_open(event=event, by=request.user)  # type: ignore[arg-type]
            messages.success(request, _("Registration is open."))
        elif action == "close":
            services.event_close(event=event, by=request.user)  # type: ignore[arg-type]
            messages.success(request, _("The event is closed."))
        elif action == "expire":
            count = services.requests_expire(event=event)
            messages.success(request, _("%(count)s unanswered requests expired.") % {"count": count})
        elif action == "preferences":
            count = services.event_requests_from_preferences(event=event, by=request.user)  # type: ignore[arg-type]
            messages.success(request, _("%(count)s meetings follow from the preferences.") % {"count": count})
        else:
            raise Http404
    except ValidationError as error:
        _error(request, error)
    return redirect("matching:manage", slug=slug)


@officer_required
@require_POST
def registration_decide(request: HttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    registration = get_object_or_404(Registration, event__slug=slug, pk=pk)
    try:
        if action == "approve":
            services.registration_approve(registration=registration, by=request.user)  # type: ignore[arg-type]
            messages.success(request, _("%(name)s was approved.") % {"name": registration.organisation})
        elif action == "reject":
            form = RejectForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.registration_reject(registration=registration, by=request.user, reason=reason)  # type: ignore[arg-type]
            messages.success(request, _("%(name)s was rejected.") % {"name": registration.organisation})
        else:
            raise Http404
    except ValidationError as error:
        _error(request, error)
    return redirect("matching:manage", slug=slug)


# --- Scheduling by the organiser ------------------------------------------------------------

import json  # noqa: E402

from django_htmx.http import HttpResponseClientRefresh  # noqa: E402

from chumchon.matching import optimise  # noqa: E402
from chumchon.matching.forms import MeetingPlaceForm, ScheduleImportForm, ScheduleRunForm  # noqa: E402
from chumchon.matching.models import RunStatus, ScheduleRun  # noqa: E402
from chumchon.scheduling import instance_to_dict  # noqa: E402

RUNNING = (RunStatus.QUEUED, RunStatus.RUNNING)
UNPLACED_SHOWN = 100


def _schedule_url(event: Event, *, slot: int | None = None) -> str:
    from django.urls import reverse

    url = reverse("matching:schedule", kwargs={"slug": event.slug})
    return f"{url}?slot={slot}#meetings" if slot else url


@officer_required
def schedule(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    slot_pk = request.GET.get("slot", "")
    slot = event.slots.filter(pk=slot_pk).first() if slot_pk.isdigit() else None
    slot = slot or event.slots.order_by("starts_at").first()
    run = selectors.latest_run(event)
    context: dict[str, Any] = {
        "event": event,
        "run": run,
        "running": run is not None and run.status in RUNNING,
        "step": optimise.step_label(run.message) if run else "",
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
def schedule_progress(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    run = get_object_or_404(ScheduleRun, event__slug=slug, pk=pk)
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect("matching:schedule", slug=slug)
    if run.status not in RUNNING:
        return HttpResponseClientRefresh()  # finished: the whole page shows the result
    context = {"run": run, "event": run.event, "step": optimise.step_label(run.message)}
    return render(request, "matching/officer/schedule_progress.html", context)


@officer_required
def schedule_instance(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    data = instance_to_dict(optimise.event_instance(event))
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-instance.json"'
    return response


@officer_required
@require_POST
def schedule_start(request: HttpRequest, slug: str) -> HttpResponse:
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
            by=cast(User, request.user),
            time_limit=form.cleaned_data["time_limit"],
            incremental=form.cleaned_data["incremental"],
        )
    except ValidationError as error:
        _error(request, error)
    return redirect("matching:schedule", slug=slug)


@officer_required
@require_POST
def schedule_import(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    form = ScheduleImportForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect("matching:schedule", slug=slug)
    try:
        services.schedule_run_import(event=event, by=cast(User, request.user), data=form.cleaned_data["file"])
        messages.success(request, _("The schedule fits the event. Look at it below, then apply it."))
    except ValidationError as error:
        _error(request, error)
    return redirect("matching:schedule", slug=slug)


@officer_required
@require_POST
def schedule_apply(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    run = get_object_or_404(ScheduleRun, event__slug=slug, pk=pk)
    try:
        count = services.schedule_run_apply(run=run, by=cast(User, request.user))
        messages.success(
            request, _("The schedule was applied: %(count)s meetings. Publish it when ready.") % {"count": count}
        )
    except ValidationError as error:
        _error(request, error)
    return redirect("matching:schedule", slug=slug)


@officer_required
def meeting_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
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
            services.meeting_move(
                meeting=meeting, slot=slot, table=form.cleaned_data.get("table"), by=cast(User, request.user)
            )
            messages.success(request, _("The meeting was moved."))
            return redirect(_schedule_url(meeting.event, slot=slot.pk))
        except ValidationError as error:
            form.add_error(None, error)
    context = {"event": meeting.event, "form": form, "meeting": meeting, "meeting_request": meeting.request}
    return render(request, "matching/officer/schedule_place.html", context)


# --- agendas and the day itself ---

import datetime as dt  # noqa: E402
from pathlib import Path  # noqa: E402

from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from chumchon.matching.forms import WalkInForm  # noqa: E402
from chumchon.matching.models import Slot  # noqa: E402

SW_SOURCE = Path(__file__).resolve().parent / "static" / "matching" / "sw.js"


def _agenda_context(request: HttpRequest, event: Event, registration: Registration) -> dict[str, Any]:
    from chumchon.matching import agendas

    return {
        "event": event,
        "registration": registration,
        "entries": agendas.agenda_entries(registration),
        "qr_svg": agendas.checkin_qr_svg(registration, request),
        "feed_url": agendas.calendar_feed_url(registration, request),
        "rendered_at": timezone.now(),
        "now": timezone.now(),
    }


@login_required
def agenda_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    from chumchon.matching import agendas

    event = selectors.event_for(request.user, slug)
    registration = selectors.approved_registration_of(request.user, event)
    if not agendas.pdf_available():
        messages.error(request, _("PDF agendas cannot be made on this server now; print this page instead."))
        return redirect("matching:agenda", slug=slug)
    pdf = agendas.render_agenda_pdf(registration, agendas.agenda_entries(registration), request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="agenda-{event.slug}-{registration.code}.pdf"'
    return response


def _ics_response(request: HttpRequest, registration: Registration, *, download: bool) -> HttpResponse:
    from chumchon.matching import agendas

    body = agendas.agenda_ics(registration, agendas.agenda_entries(registration), request=request)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    name = f"agenda-{registration.event.slug}-{registration.code}.ics"
    response["Content-Disposition"] = f'{"attachment" if download else "inline"}; filename="{name}"'
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
def agenda_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    registration = selectors.approved_registration_of(request.user, event)
    return _ics_response(request, registration, download=True)


def calendar_feed(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    """The agenda for calendar apps, which cannot sign in: the unguessable token is the key."""
    registration = selectors.registration_by_calendar_token(token)
    response = _ics_response(request, registration, download=False)
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_POST
def calendar_token_new(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    registration = selectors.approved_registration_of(request.user, event)
    services.registration_new_calendar_token(registration=registration, by=cast(User, request.user))
    messages.success(request, _("Your calendar feed has a new address; the old one no longer works."))
    return redirect("matching:agenda", slug=slug)


@login_required
@require_POST
def agenda_meeting_mark(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A participant records that one of their meetings was held, or that the partner did not come."""
    event = selectors.event_for(request.user, slug)
    registration = selectors.approved_registration_of(request.user, event)
    meeting = get_object_or_404(Meeting.objects.of_registration(registration), pk=pk)
    try:
        services.meeting_mark(meeting=meeting, status=request.POST.get("status", ""), by=cast(User, request.user))
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Saved."))
    return redirect("matching:agenda", slug=slug)


def service_worker(request: HttpRequest) -> HttpResponse:
    """The agenda's service worker, served under /matching/ (and /en/matching/) so that its scope
    covers the agenda pages of that language."""
    response = HttpResponse(SW_SOURCE.read_text(encoding="utf-8"), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("matching:events")
    response["Cache-Control"] = "no-cache"
    return response


def _slot_now(event: Event, requested: str | None) -> Slot | None:
    """The slot the desk shows: the one asked for, else the one under way or the next, else the last."""
    slots = event.slots.order_by("starts_at")
    if requested and requested.isdigit():
        chosen = slots.filter(pk=int(requested)).first()
        if chosen is not None:
            return chosen
    return slots.filter(ends_at__gt=timezone.now()).first() or slots.last()


@officer_required
def day(request: HttpRequest, slug: str) -> HttpResponse:
    """The desk on the day: check-in, the meetings of a slot, standby participants, walk-ins."""
    event = selectors.event_for(request.user, slug)
    slot = _slot_now(event, request.GET.get("slot"))
    query = request.GET.get("q", "")[:100]
    people = Paginator(selectors.checkin_list(event, query=query), PER_PAGE).get_page(request.GET.get("page"))
    future = event.slots.filter(ends_at__gt=timezone.now()).order_by("starts_at")
    form = WalkInForm(event=event, slots=future, initial={"slot": slot.pk if slot else None})
    late = timezone.now() - dt.timedelta(minutes=services.NO_SHOW_GRACE_MINUTES)
    meetings = list(selectors.day_meetings(event, slot)) if slot else []
    return render(
        request,
        "matching/officer/day.html",
        {
            "event": event,
            "slot": slot,
            "slots": event.slots.order_by("starts_at"),
            "meetings": meetings,
            "late": slot is not None and slot.starts_at <= late,
            "people": people,
            "query": query,
            "standby": selectors.free_in_slot(event, slot, standby_only=True) if slot else [],
            "free": selectors.free_in_slot(event, slot) if slot else [],
            "form": form,
            "checked_in": event.registrations.approved().filter(checked_in_at__isnull=False).count(),
            "approved": event.registrations.approved().count(),
        },
    )


@officer_required
def checkin(request: HttpRequest, slug: str, token: uuid.UUID) -> HttpResponse:
    """What an officer's phone opens from a participant's QR code: a confirm page, then POST."""
    event = selectors.event_for(request.user, slug)
    registration = get_object_or_404(
        event.registrations.select_related("organisation", "community"), checkin_token=token
    )
    if request.method == "POST":
        try:
            registration, done = services.registration_check_in(registration=registration, by=cast(User, request.user))
        except ValidationError as error:
            _error(request, error)
        else:
            if done:
                messages.success(request, _("%(name)s is checked in.") % {"name": registration.organisation})
            if request.POST.get("next") == "day":
                return redirect(reverse("matching:day", kwargs={"slug": slug}) + "#checkin")
        return redirect("matching:checkin", slug=slug, token=token)
    entries = selectors.agenda_of(registration)
    return render(
        request, "matching/officer/checkin.html", {"event": event, "registration": registration, "meetings": entries}
    )


@officer_required
@require_POST
def meeting_lock(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, event__slug=slug, pk=pk)
    locked = request.POST.get("locked") == "1"
    services.meeting_lock(meeting=meeting, locked=locked, by=cast(User, request.user))
    messages.success(request, _("The meeting is locked.") if locked else _("The meeting is unlocked."))
    return redirect(_schedule_url(meeting.event, slot=meeting.slot_id))


@officer_required
def meeting_assign(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting_request = get_object_or_404(
        MeetingRequest.objects.select_related("event", "a__organisation", "b__organisation"), event__slug=slug, pk=pk
    )
    form = MeetingPlaceForm(request.POST or None, event=meeting_request.event)
    if request.method == "POST" and form.is_valid():
        slot = form.cleaned_data["slot"]
        try:
            services.meeting_assign(
                meeting_request=meeting_request,
                slot=slot,
                table=form.cleaned_data.get("table"),
                by=cast(User, request.user),
            )
            messages.success(request, _("The meeting was placed."))
            return redirect(_schedule_url(meeting_request.event, slot=slot.pk))
        except ValidationError as error:
            form.add_error(None, error)
    context = {"event": meeting_request.event, "form": form, "meeting": None, "meeting_request": meeting_request}
    return render(request, "matching/officer/schedule_place.html", context)


@officer_required
@require_POST
def event_publish(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    try:
        told = services.event_publish(event=event, by=cast(User, request.user))
        messages.success(
            request, _("The agendas are published; %(count)s participants were notified.") % {"count": told}
        )
    except ValidationError as error:
        _error(request, error)
    return redirect("matching:schedule", slug=slug)


def day_meeting_mark(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    meeting = get_object_or_404(event.meetings, pk=pk)
    try:
        services.meeting_mark(meeting=meeting, status=request.POST.get("status", ""), by=cast(User, request.user))
    except ValidationError as error:
        _error(request, error)
    return redirect(reverse("matching:day", kwargs={"slug": slug}) + f"?slot={meeting.slot_id}#meetings")


@officer_required
@require_POST
def day_release(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    registration = get_object_or_404(event.registrations, pk=pk)
    try:
        released = services.registration_release_meetings(registration=registration, by=cast(User, request.user))
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(
            request,
            _("%(count)s meetings of %(name)s were released; the partners were told.")
            % {"count": len(released), "name": registration.organisation},
        )
    return redirect(reverse("matching:day", kwargs={"slug": slug}) + "#meetings")


@officer_required
@require_POST
def day_walk_in(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    future = event.slots.filter(ends_at__gt=timezone.now()).order_by("starts_at")
    form = WalkInForm(request.POST, event=event, slots=future)
    if form.is_valid():
        try:
            meeting = services.meeting_walk_in(
                event=event,
                first=form.cleaned_data["first"],
                second=form.cleaned_data["second"],
                slot=form.cleaned_data["slot"],
                table=form.cleaned_data["table"],
                by=cast(User, request.user),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The walk-in meeting is on both agendas; both were told."))
            return redirect(reverse("matching:day", kwargs={"slug": slug}) + f"?slot={meeting.slot_id}#meetings")
    for problem in form.non_field_errors():
        messages.error(request, str(problem))
    for name, problems in form.errors.items():
        if name != "__all__":
            for problem in problems:
                messages.error(request, f"{form.fields[name].label}: {problem}")
    return redirect(reverse("matching:day", kwargs={"slug": slug}) + "#walk-in")


@officer_required
def table_sheets(request: HttpRequest, slug: str) -> HttpResponse:
    from chumchon.matching import agendas

    event = selectors.event_for(request.user, slug)
    return render(
        request, "matching/officer/table_sheets.html", {"event": event, "sheets": agendas.table_sheets(event)}
    )


@officer_required
def table_sheets_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    from chumchon.matching import agendas

    event = selectors.event_for(request.user, slug)
    if not agendas.pdf_available():
        messages.error(request, _("PDFs cannot be made on this server now; print this page instead."))
        return redirect("matching:table_sheets", slug=slug)
    response = HttpResponse(agendas.render_table_sheets_pdf(event, request=request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="tables-{event.slug}.pdf"'
    return response


# --- recommendations, directory, outcomes, follow-ups and the event report ----------------------


def _directory_page(request: HttpRequest, event: Event, viewer: Registration | None) -> HttpResponse:
    """The directory with its filters and text search, and "Recommended for you" at the top of a
    participant's first unfiltered page. Every approved registration is tokenised once."""
    form = DirectoryFilterForm(request.GET or None, event=event, officer=viewer is None)
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    query = (filters.get("q") or "").strip()
    filtered = bool(
        query or any(filters.get(name) for name in ("role", "category", "province", "district", "language"))
    )
    first_page = request.GET.get("page") in (None, "", "1")
    wants_recommendations = viewer is not None and not filtered and first_page
    profiles = recommend.profiles_of(event) if (wants_recommendations or query) else None
    registrations = selectors.directory_filtered(
        event,
        viewer=viewer,
        role=filters.get("role") or "",
        category=filters.get("category"),
        province=filters.get("province"),
        district=filters.get("district"),
        language=filters.get("language") or "",
        only=recommend.search_matches(profiles, query) if (query and profiles is not None) else None,
    )
    page = Paginator(registrations, PER_PAGE).get_page(request.GET.get("page"))
    recommendations: list[recommend.Recommendation] = []
    if viewer is not None and profiles is not None and wants_recommendations:
        recommendations = recommend.recommend(viewer, profiles=profiles)
    preferences_mode = event.request_mode == RequestMode.PREFERENCES
    levels = selectors.preferences_of(viewer) if (viewer and preferences_mode) else {}
    for participant in [*page.object_list, *(r.registration for r in recommendations)]:
        participant.preference_level = levels.get(participant.pk)  # type: ignore[attr-defined]
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "matching/participants.html",
        {
            "event": event,
            "viewer": viewer,
            "page": page,
            "form": form,
            "filtered": filtered,
            "query_string": params.urlencode(),
            "recommendations": recommendations,
            "requested": selectors.requested_partner_ids(viewer) if viewer else set(),
            "request_form": RequestForm(),
            "preferences_mode": preferences_mode,
            "level_choices": PreferenceLevel.choices,
        },
    )


@login_required
@require_POST
def preference_set(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Preference mode: must meet / would like to meet / no thanks for one participant."""
    event = selectors.event_for(request.user, slug)
    registration = selectors.approved_registration_of(request.user, event)
    target = get_object_or_404(event.registrations.approved(), pk=pk)
    form = PreferenceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a preference."))
    else:
        try:
            services.preference_set(
                registration=registration, target=target, level=form.cleaned_data["level"], by=cast(User, request.user)
            )
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, _("Your preference for %(name)s was saved.") % {"name": target.organisation})
    return redirect("matching:participants", slug=slug)


def _outcomes_page(
    request: HttpRequest, event: Event, registration: Registration, bound: dict[int, Any] | None = None
) -> HttpResponse:
    bound = bound or {}
    rows = []
    for meeting in selectors.outcome_meetings_of(registration):
        mine = meeting.my_outcomes[0] if meeting.my_outcomes else None  # type: ignore[attr-defined]
        auto_id = f"id_m{meeting.pk}_%s"
        rows.append(
            {
                "meeting": meeting,
                "partner": meeting.request.other(registration),
                "started": services.meeting_has_started(meeting),
                "outcome": mine,
                "form": bound.get(meeting.pk) or OutcomeForm(instance=mine, auto_id=auto_id),
                "deal_form": bound.get(-meeting.pk) or MeetingDealForm(auto_id=f"id_d{meeting.pk}_%s"),
            }
        )
    status = 400 if bound else 200
    return render(
        request,
        "matching/outcomes.html",
        {"event": event, "registration": registration, "rows": rows},
        status=status,
    )


def _outcome_meeting(request: HttpRequest, slug: str, pk: int) -> tuple[Event, Registration, Meeting]:
    """One of the person's own meetings, or a 404."""
    event = selectors.event_for(request.user, slug)
    registration = selectors.approved_registration_of(request.user, event)
    meeting = get_object_or_404(selectors.outcome_meetings_of(registration), pk=pk)
    return event, registration, meeting


@login_required
def outcomes(request: HttpRequest, slug: str) -> HttpResponse:
    """One's meetings with what came of them: interest, next step, expected value, deals."""
    event = selectors.event_for(request.user, slug)
    registration = selectors.approved_registration_of(request.user, event)
    return _outcomes_page(request, event, registration)


@login_required
@require_POST
def outcome_save(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event, registration, meeting = _outcome_meeting(request, slug, pk)
    form = OutcomeForm(request.POST, auto_id=f"id_m{meeting.pk}_%s")
    if form.is_valid():
        try:
            services.outcome_record(
                meeting=meeting, registration=registration, by=cast(User, request.user), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The outcome of your meeting was saved."))
            return redirect("matching:outcomes", slug=slug)
    return _outcomes_page(request, event, registration, bound={meeting.pk: form})


@login_required
@require_POST
def meeting_deal(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Record a deal made from the meeting; the other side confirms it in their deals."""
    event, registration, meeting = _outcome_meeting(request, slug, pk)
    form = MeetingDealForm(request.POST, auto_id=f"id_d{meeting.pk}_%s")
    if form.is_valid():
        try:
            services.meeting_deal_record(meeting=meeting, by=cast(User, request.user), **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The deal was recorded. The other side is asked to confirm it."))
            return redirect("matching:outcomes", slug=slug)
    return _outcomes_page(request, event, registration, bound={-meeting.pk: form})


def follow_up(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    """The follow-up survey, answered through the link sent (no login needed; a wrong token is a 404)."""
    answer = get_object_or_404(
        FollowUp.objects.select_related(
            "meeting__event",
            "meeting__slot",
            "registration__organisation",
            "meeting__request__a__organisation",
            "meeting__request__b__organisation",
        ),
        token=token,
    )
    form = FollowUpForm(request.POST or None, instance=answer)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_answer(follow_up=answer, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: your answer was saved."))
            return redirect("matching:follow_up", token=token)
    return render(
        request,
        "matching/follow_up.html",
        {"follow_up": answer, "partner": answer.meeting.request.other(answer.registration), "form": form},
        status=400 if form.errors else 200,
    )


@officer_required
@require_POST
def follow_ups_send(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    count = services.follow_ups_send(event=event, by=cast(User, request.user))
    messages.success(request, _("%(count)s follow-up surveys were sent.") % {"count": count})
    return redirect("matching:report", slug=slug)


@officer_required
def report(request: HttpRequest, slug: str) -> HttpResponse:
    """The event report: registrations, requests, meetings, outcomes, deal value, follow-ups."""
    event = get_object_or_404(Event, slug=slug)
    figures = event_report(event)
    columns = figures.columns

    def lines(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{"label": row["label"], "cells": [(row[key], money) for key, _h, money in columns]} for row in rows]

    return render(
        request,
        "matching/officer/report.html",
        {
            "event": event,
            "report": figures,
            "statuses": [label for _v, label in RegistrationStatus.choices],
            "totals": [(heading, figures.total[key], money) for key, heading, money in columns],
            "breakdowns": [
                (_("By district"), _("District"), lines(figures.by_district)),
                (_("By community"), _("Community"), lines(figures.by_community)),
            ],
        },
    )


@officer_required
def report_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    response = HttpResponse(
        report_workbook(event_report(event)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-report.xlsx"'
    return response
