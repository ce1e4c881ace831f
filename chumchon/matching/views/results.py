"""Recommendations, the directory, outcomes, follow-ups and the event report."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chumchon.core.decorators import officer_required
from chumchon.core.http import AuthenticatedHttpRequest
from chumchon.core.resume import stashed_form_data
from chumchon.matching import recommend, selectors, services
from chumchon.matching.forms import (
    DirectoryFilterForm,
    FollowUpForm,
    MeetingDealForm,
    OutcomeForm,
    PreferenceForm,
    RequestForm,
)
from chumchon.matching.models import (
    Event,
    FollowUp,
    Meeting,
    PreferenceLevel,
    Registration,
    RegistrationStatus,
    RequestMode,
)
from chumchon.matching.report import event_report, report_workbook
from chumchon.matching.services.groups import open_groups_for

from ._common import PER_PAGE, _error


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
    typed: dict[int, QueryDict | None] = {}
    for participant in [*page.object_list, *(r.registration for r in recommendations)]:
        participant.preference_level = levels.get(participant.pk)  # type: ignore[attr-defined]
        # After signing in again: the request she had sent this participant, as she typed it.
        if viewer is not None and participant.pk not in typed:
            action = reverse("matching:request_send", args=[event.slug, participant.pk])
            typed[participant.pk] = stashed_form_data(request, action=action)
        participant.typed_request = typed.get(participant.pk)  # type: ignore[attr-defined]
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
            "open_groups": open_groups_for(viewer) if viewer else [],
        },
    )


@login_required
@require_POST
def preference_set(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
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
                registration=registration, target=target, level=form.cleaned_data["level"], by=request.user
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
def outcomes(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """One's meetings with what came of them: interest, next step, expected value, deals."""
    event = selectors.event_for(request.user, slug)
    registration = selectors.approved_registration_of(request.user, event)
    return _outcomes_page(request, event, registration)


@login_required
@require_POST
def outcome_save(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    event, registration, meeting = _outcome_meeting(request, slug, pk)
    form = OutcomeForm(request.POST, auto_id=f"id_m{meeting.pk}_%s")
    if form.is_valid():
        try:
            services.outcome_record(meeting=meeting, registration=registration, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The outcome of your meeting was saved."))
            return redirect("matching:outcomes", slug=slug)
    return _outcomes_page(request, event, registration, bound={meeting.pk: form})


@login_required
@require_POST
def meeting_deal(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Record a deal made from the meeting; the other side confirms it in their deals."""
    event, registration, meeting = _outcome_meeting(request, slug, pk)
    form = MeetingDealForm(request.POST, auto_id=f"id_d{meeting.pk}_%s")
    if form.is_valid():
        try:
            services.meeting_deal_record(meeting=meeting, by=request.user, **form.cleaned_data)
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
    siblings = list(
        FollowUp.objects.filter(registration=answer.registration, meeting__event=answer.meeting.event)
        .select_related("meeting__slot", "meeting__request__a__organisation", "meeting__request__b__organisation")
        .order_by("meeting__slot__starts_at", "pk")
    )
    for sibling in siblings:
        sibling.partner = sibling.meeting.request.other(answer.registration)  # type: ignore[attr-defined]
    return render(
        request,
        "matching/follow_up.html",
        {
            "follow_up": answer,
            "partner": answer.meeting.request.other(answer.registration),
            "form": form,
            "siblings": siblings if len(siblings) > 1 else [],
        },
        status=400 if form.errors else 200,
    )


@officer_required
@require_POST
def follow_ups_send(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    count = services.follow_ups_send(event=event, by=request.user)
    messages.success(request, _("%(count)s follow-up surveys were sent.") % {"count": count})
    return redirect("matching:report", slug=slug)


@officer_required
def report(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
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
def report_xlsx(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    response = HttpResponse(
        report_workbook(event_report(event)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-report.xlsx"'
    return response
