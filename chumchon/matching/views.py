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
    return render(
        request,
        "matching/agenda.html",
        {"event": event, "registration": registration, "meetings": selectors.agenda_of(registration)},
    )


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
