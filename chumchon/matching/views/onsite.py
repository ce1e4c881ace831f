"""Agendas and the day itself: PDF, .ics and calendar feed, the service worker, the desk on the
day (check-in, marking meetings, no-shows, walk-ins), locking, placing and publishing meetings,
table sheets."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chumchon.core.decorators import officer_required
from chumchon.core.http import AuthenticatedHttpRequest
from chumchon.matching import selectors, services
from chumchon.matching.forms import MeetingPlaceForm, WalkInForm
from chumchon.matching.models import Event, Meeting, MeetingRequest, Registration, Slot
from chumchon.matching.services.groups import open_groups_for

from ._common import PER_PAGE, _confirm, _error
from .scheduling import _schedule_url

SW_SOURCE = Path(__file__).resolve().parent.parent / "static" / "matching" / "sw.js"


def _agenda_context(request: HttpRequest, event: Event, registration: Registration) -> dict[str, Any]:
    from chumchon.matching import agendas

    return {
        "event": event,
        "registration": registration,
        "entries": agendas.agenda_entries(registration),
        "groups": agendas.group_entries(registration),
        "open_groups": open_groups_for(registration),
        "qr_svg": agendas.checkin_qr_svg(registration, request),
        "feed_url": agendas.calendar_feed_url(registration, request),
        "rendered_at": timezone.now(),
        "now": timezone.now(),
    }


@login_required
def agenda_pdf(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
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
def agenda_ics(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
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
def calendar_token_new(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    registration = selectors.approved_registration_of(request.user, event)
    services.registration_new_calendar_token(registration=registration, by=request.user)
    messages.success(request, _("Your calendar feed has a new address; the old one no longer works."))
    return redirect("matching:agenda", slug=slug)


@login_required
@require_POST
def agenda_meeting_mark(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """A participant records that one of their meetings was held, or that the partner did not come."""
    event = selectors.event_for(request.user, slug)
    registration = selectors.approved_registration_of(request.user, event)
    meeting = get_object_or_404(Meeting.objects.of_registration(registration), pk=pk)
    try:
        services.meeting_mark(meeting=meeting, status=request.POST.get("status", ""), by=request.user)
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
def day(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
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
def checkin(request: AuthenticatedHttpRequest, slug: str, token: uuid.UUID) -> HttpResponse:
    """What an officer's phone opens from a participant's QR code: a confirm page, then POST."""
    event = selectors.event_for(request.user, slug)
    registration = get_object_or_404(
        event.registrations.select_related("organisation", "community"), checkin_token=token
    )
    if request.method == "POST":
        try:
            registration, done = services.registration_check_in(registration=registration, by=request.user)
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
def meeting_lock(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, event__slug=slug, pk=pk)
    locked = request.POST.get("locked") == "1"
    services.meeting_lock(meeting=meeting, locked=locked, by=request.user)
    messages.success(request, _("The meeting is locked.") if locked else _("The meeting is unlocked."))
    return redirect(_schedule_url(meeting.event, slot=meeting.slot_id))


@officer_required
def meeting_assign(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
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
                by=request.user,
            )
            messages.success(request, _("The meeting was placed."))
            return redirect(_schedule_url(meeting_request.event, slot=slot.pk))
        except ValidationError as error:
            form.add_error(None, error)
    context = {"event": meeting_request.event, "form": form, "meeting": None, "meeting_request": meeting_request}
    return render(request, "matching/officer/schedule_place.html", context)


@officer_required
@require_POST
def event_publish(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    try:
        told = services.event_publish(event=event, by=request.user)
        messages.success(
            request, _("The agendas are published; %(count)s participants were notified.") % {"count": told}
        )
    except ValidationError as error:
        _error(request, error)
    return redirect("matching:schedule", slug=slug)


@officer_required
@require_POST
def day_meeting_mark(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    meeting = get_object_or_404(event.meetings, pk=pk)
    try:
        services.meeting_mark(
            meeting=meeting,
            status=request.POST.get("status", ""),
            absent=request.POST.get("absent", ""),
            by=request.user,
        )
    except ValidationError as error:
        _error(request, error)
    return redirect(reverse("matching:day", kwargs={"slug": slug}) + f"?slot={meeting.slot_id}#meetings")


@officer_required
@require_POST
def day_release(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    registration = get_object_or_404(event.registrations.select_related("organisation"), pk=pk)
    if request.POST.get("confirm") != "1":
        return _confirm(
            request,
            event=event,
            title=_("Release the meetings of %(name)s?") % {"name": registration.organisation},
            explanation=_(
                "Their remaining meetings today are cancelled, so that their partners' times are free for "
                "walk-ins; the partners are told."
            ),
            button=_("Yes, release their meetings"),
            back=reverse("matching:day", kwargs={"slug": slug}) + "#meetings",
        )
    try:
        released = services.registration_release_meetings(registration=registration, by=request.user)
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
def day_walk_in(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
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
                by=request.user,
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
def table_sheets(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    from chumchon.matching import agendas

    event = selectors.event_for(request.user, slug)
    return render(
        request, "matching/officer/table_sheets.html", {"event": event, "sheets": agendas.table_sheets(event)}
    )


@officer_required
def table_sheets_pdf(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    from chumchon.matching import agendas

    event = selectors.event_for(request.user, slug)
    if not agendas.pdf_available():
        messages.error(request, _("PDFs cannot be made on this server now; print this page instead."))
        return redirect("matching:table_sheets", slug=slug)
    response = HttpResponse(agendas.render_table_sheets_pdf(event, request=request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="tables-{event.slug}.pdf"'
    return response
