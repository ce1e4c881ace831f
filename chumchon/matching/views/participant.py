"""Participant pages: registering, the directory, meeting requests, the agenda."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chumchon.catalog.models import Listing
from chumchon.core.http import AuthenticatedHttpRequest
from chumchon.core.resume import form_data
from chumchon.matching import selectors, services
from chumchon.matching.forms import RegistrationForm, RequestForm
from chumchon.matching.models import (
    Event,
    Meeting,
    MeetingRequest,
    Registration,
    RegistrationStatus,
    Role,
    SchedulingMode,
)

from ._common import _confirm, _confirmed, _error
from .onsite import _agenda_context
from .results import _directory_page


@login_required
def register(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
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
        form_data(request),
        event=event,
        organisations=organisations,
        registration=registration,
        initial=_registration_initial(request, event, registration, organisations),
    )
    if request.method == "POST" and form.is_valid():
        try:
            if registration is None:
                created = services.registration_create(
                    event=event,
                    organisation=form.cleaned_data["organisation"],
                    role=form.cleaned_data["role"],
                    by=request.user,
                    **form.service_fields(),
                )
                if created.status == RegistrationStatus.WAITLISTED:
                    messages.warning(
                        request,
                        _(
                            "The event is full for this role: you are number %(position)s on the waiting list. "
                            "We will tell you as soon as a place opens."
                        )
                        % {"position": services.waitlist_position(created)},
                    )
                else:
                    messages.success(request, _("Thank you: the organiser will approve your registration."))
            else:
                services.registration_update(registration=registration, by=request.user, **form.service_fields())
                people = form.chosen_representatives()
                if people is not None:
                    services.registration_set_representatives(registration=registration, people=people, by=request.user)
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
            "participant_type": registration.participant_type,
            "representatives": registration.representatives.all(),
        }
    # Prefilled from the profile: the first organisation, its community and published listings.
    organisation = organisations.first()
    role = Role.SELLER if getattr(request.user, "role", "") == "seller" else Role.BUYER
    community = organisation.communities.first() if organisation else None
    # A seller offers her published listings unless she unticks some (docs/matching.md).
    offers = (
        Listing.objects.published().filter(community__organisation=organisation)
        if organisation is not None and role == Role.SELLER
        else Listing.objects.none()
    )
    return {
        "organisation": organisation,
        "role": role if event.admits(role) else None,
        "participant_type": services.default_type(event, role),
        "community": community,
        "offers": offers,
        "offers_text": organisation.description if organisation else "",
        "sessions": event.sessions.all(),
        "languages": ["th"],
    }


@login_required
@require_POST
def registration_cancel(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    registration = selectors.registration_of(request.user, event)
    if registration is None:
        raise Http404
    if not _confirmed(request):
        return _confirm(
            request,
            event=event,
            title=_("Cancel your registration?"),
            explanation=_("Your requests are withdrawn and your meetings cancelled; your partners are told."),
            button=_("Yes, cancel my registration"),
            back=event.get_absolute_url(),
        )
    services.registration_cancel(registration=registration, by=request.user)
    messages.success(request, _("Your registration was cancelled."))
    return redirect(event)


@login_required
def participants(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The participant directory: the other side's participants, with a request button."""
    event = selectors.event_for(request.user, slug)
    viewer = selectors.registration_of(request.user, event)
    if viewer is not None and viewer.status != RegistrationStatus.APPROVED:
        viewer = None
    if viewer is None and not request.user.is_staff:
        raise Http404
    return _directory_page(request, event, viewer)


@login_required
def requests(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    registration = selectors.approved_registration_of(request.user, event)
    rows = list(selectors.requests_of(registration))
    for row in rows:
        row.partner = row.other(registration)  # type: ignore[attr-defined]
    incoming = [r for r in rows if r.status == "pending" and r.answering_side() == registration]
    outgoing = [r for r in rows if r.status == "pending" and r.answering_side() != registration]
    others = [r for r in rows if r.status != "pending"]
    if event.scheduling_mode == SchedulingMode.SELF:
        # Self-scheduling: each side picks among the times free for both (incoming requests when
        # accepting, accepted ones to change the time before it begins).
        for row in incoming:
            row.choose_slot = True  # type: ignore[attr-defined]
            row.free_slots = services.common_free_slots(row)  # type: ignore[attr-defined]
        for row in others:
            meeting = getattr(row, "meeting", None)
            if row.status == "accepted" and meeting is not None and meeting.status == "scheduled":
                row.free_slots = services.common_free_slots(row, moving=meeting)  # type: ignore[attr-defined]
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
def request_send(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
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
            by=request.user,
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
def request_answer(request: AuthenticatedHttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    """Accept, decline or withdraw one of one's own requests."""
    meeting_request = _request_for(request, slug, pk)
    actions = {
        "accept": services.request_accept,
        "decline": services.request_decline,
        "cancel": services.request_cancel,
    }
    if action not in actions:
        raise Http404
    if action == "cancel" and not _confirmed(request):
        return _confirm(
            request,
            event=meeting_request.event,
            title=_("Withdraw this request?"),
            explanation=_("If the meeting was agreed it is cancelled, and the other side is told."),
            button=_("Yes, withdraw it"),
            back=reverse("matching:requests", kwargs={"slug": slug}),
        )
    chosen = request.POST.get("slot", "")
    slot = meeting_request.event.slots.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    try:
        if action == "accept" and slot is not None:
            services.request_accept(meeting_request=meeting_request, by=request.user, slot=slot)
        else:
            actions[action](meeting_request=meeting_request, by=request.user)
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
@require_POST
def meeting_rebook(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Self-scheduling: move one's own meeting to another time free for both sides."""
    meeting_request = _request_for(request, slug, pk)
    meeting = get_object_or_404(Meeting.objects.active(), request=meeting_request)
    chosen = request.POST.get("slot", "")
    slot = meeting_request.event.slots.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    if slot is None:
        messages.error(request, _("Choose a time."))
        return redirect("matching:requests", slug=slug)
    try:
        services.meeting_rebook(meeting=meeting, slot=slot, by=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("The meeting's time was changed; the other side was told."))
    return redirect("matching:requests", slug=slug)


@login_required
def agenda(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    registration = selectors.approved_registration_of(request.user, event)
    return render(request, "matching/agenda.html", _agenda_context(request, event, registration))
