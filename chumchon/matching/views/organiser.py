"""The organiser's desk (officers): events, sessions, tables, opening, registrations."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chumchon.core.decorators import officer_required
from chumchon.core.http import AuthenticatedHttpRequest
from chumchon.core.resume import form_data, stashed_form_data
from chumchon.matching import selectors, services
from chumchon.matching.filters import RegistrationFilterSet
from chumchon.matching.forms import AnnouncementForm, EventForm, RejectForm, SessionForm, TablesForm
from chumchon.matching.models import (
    GROUP_AUDIENCES,
    Announcement,
    Event,
    EventSession,
    ParticipantType,
    RegistrationStatus,
    RequestMode,
    Role,
)

from ._common import PER_PAGE, _confirm, _confirmed, _error


@officer_required
def event_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        tables = data.pop("tables", 0) or 0
        try:
            event = services.event_create(by=request.user, tables=tables, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The event was created. Add its sessions next."))
            return redirect("matching:manage", slug=event.slug)
    return render(request, "matching/officer/event_form.html", {"form": form})


@officer_required
def event_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    form = EventForm(request.POST or None, instance=Event.objects.get(pk=event.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(event=event, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The event was saved."))
            return redirect("matching:manage", slug=event.slug)
    return render(request, "matching/officer/event_form.html", {"form": form, "event": event})


@officer_required
def manage(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The organiser's desk: sessions, tables, opening, registrations to approve."""
    event = get_object_or_404(Event, slug=slug)
    # The API's registration filters (the event is this page's); a status or role they do not
    # know is left out, as before.
    params = request.GET.copy()
    params.pop("event", None)
    filters = RegistrationFilterSet(params, queryset=selectors.registrations_for_officer(event))
    filters.is_valid()
    status, role = filters.form.cleaned_data.get("status") or "", filters.form.cleaned_data.get("role") or ""
    participant_type = filters.form.cleaned_data.get("participant_type") or ""
    chosen = {"status": status, "role": role, "participant_type": participant_type}
    registrations = Paginator(filters.qs, PER_PAGE).get_page(request.GET.get("page"))
    # After signing in again: the message to the ticked participants, as typed and ticked.
    typed = stashed_form_data(request, action=reverse("matching:registrations_message", kwargs={"slug": slug}))
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
            "pending_on_page": [r.pk for r in registrations.object_list if r.status == RegistrationStatus.PENDING],
            "bulk_typed": typed,
            "bulk_ticked": [int(value) for value in typed.getlist("registration") if value.isdigit()] if typed else [],
            "counts": selectors.officer_counts(event),
            "meeting_counts": services.meeting_counts(event),
            "status": status,
            "role": role,
            "statuses": RegistrationStatus.choices,
            "roles": Role.choices,
            "participant_type": participant_type,
            "participant_types": [(value, ParticipantType(value).label) for value in event.admitted_types()],
            "preferences_mode": event.request_mode == RequestMode.PREFERENCES,
            "waitlist": selectors.waitlist(event),
            # The pages' links keep the filters (the status, role and type chosen).
            "query_string": urlencode({key: value for key, value in chosen.items() if value}),
        },
    )


@officer_required
@require_POST
def session_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
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
def session_remove(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    session = get_object_or_404(EventSession.objects.select_related("event"), event__slug=slug, pk=pk)
    if not _confirmed(request):
        return _confirm(
            request,
            event=session.event,
            title=_("Remove this session?"),
            explanation=_("Its time slots are removed with it. You can add the session again afterwards."),
            button=_("Yes, remove the session"),
            back=reverse("matching:manage", kwargs={"slug": slug}),
        )
    try:
        services.event_remove_session(session=session)
        messages.success(request, _("The session was removed."))
    except ValidationError as error:
        _error(request, error)
    return redirect("matching:manage", slug=slug)


@officer_required
@require_POST
def tables_set(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
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
def event_status(request: AuthenticatedHttpRequest, slug: str, action: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    try:
        if action == "open":
            services.event_open(event=event, by=request.user)
            messages.success(request, _("Registration is open."))
        elif action == "close":
            if request.POST.get("confirm") != "1":
                return _confirm(
                    request,
                    event=event,
                    title=_("Close the event?"),
                    explanation=_(
                        "Participants can no longer register, send requests or change meetings. "
                        "You can reopen the event from the organiser's desk."
                    ),
                    button=_("Yes, close the event"),
                    back=reverse("matching:manage", kwargs={"slug": slug}),
                )
            services.event_close(event=event, by=request.user)
            messages.success(request, _("The event is closed."))
        elif action == "reopen":
            services.event_reopen(event=event, by=request.user)
            messages.success(request, _("The event is open again."))
        elif action == "expire":
            count = services.requests_expire(event=event)
            messages.success(request, _("%(count)s unanswered requests expired.") % {"count": count})
        elif action == "preferences":
            count = services.event_requests_from_preferences(event=event, by=request.user)
            messages.success(request, _("%(count)s meetings follow from the preferences.") % {"count": count})
        else:
            raise Http404
    except ValidationError as error:
        _error(request, error)
    return redirect("matching:manage", slug=slug)


@officer_required
@require_POST
def registration_decide(request: AuthenticatedHttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    registration = selectors.registration_for_officer(request.user, pk)
    if registration.event.slug != slug:
        raise Http404
    try:
        if action == "approve":
            services.registration_approve(registration=registration, by=request.user)
            messages.success(request, _("%(name)s was approved.") % {"name": registration.organisation})
        elif action == "reject":
            form = RejectForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            if not _confirmed(request):
                return _confirm(
                    request,
                    event=registration.event,
                    title=_("Reject %(name)s?") % {"name": registration.organisation},
                    explanation=_(
                        "They are told why, and their requests and meetings are withdrawn. You can approve "
                        "them again later."
                    ),
                    button=_("Yes, reject"),
                    back=reverse("matching:manage", kwargs={"slug": slug}) + "#registrations",
                )
            services.registration_reject(registration=registration, by=request.user, reason=reason)
            messages.success(request, _("%(name)s was rejected.") % {"name": registration.organisation})
        else:
            raise Http404
    except ValidationError as error:
        _error(request, error)
    return redirect("matching:manage", slug=slug)


@officer_required
@require_POST
def registrations_approve(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Approve the ticked registrations (or all pending ones listed on the page) in one go."""
    event = get_object_or_404(Event, slug=slug)
    scope = request.POST.get("scope")
    if scope == "all":  # every registration waiting for approval, on every page
        waiting = event.registrations.filter(status=RegistrationStatus.PENDING)
    else:
        field = "page" if scope == "page" else "registration"
        ids = [int(value) for value in request.POST.getlist(field) if value.isdigit()]
        waiting = event.registrations.filter(
            pk__in=ids, status__in=[RegistrationStatus.PENDING, RegistrationStatus.REJECTED]
        )
    chosen = list(waiting.select_related("event", "organisation"))
    back = request.POST.get("next", "")
    target = reverse("matching:manage", kwargs={"slug": slug}) + (back if back.startswith("?") else "")
    if not chosen:
        messages.error(request, _("Tick at least one registration waiting for approval."))
        return redirect(target + "#registrations")
    try:
        services.registrations_approve(registrations=chosen, by=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("%(count)s registrations were approved.") % {"count": len(chosen)})
    return redirect(target + "#registrations")


@officer_required
@require_POST
def registrations_reject(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Reject the ticked registrations with one reason, after a confirmation step."""
    event = get_object_or_404(Event, slug=slug)
    ids = [int(value) for value in request.POST.getlist("registration") if value.isdigit()]
    chosen = list(
        event.registrations.filter(pk__in=ids, status=RegistrationStatus.PENDING).select_related(
            "event", "organisation"
        )
    )
    back = request.POST.get("next", "")
    target = reverse("matching:manage", kwargs={"slug": slug}) + (back if back.startswith("?") else "")
    reason = request.POST.get("reason", "").strip()
    if not chosen:
        messages.error(request, _("Tick at least one registration waiting for approval."))
        return redirect(target + "#registrations")
    if not reason:
        messages.error(request, _("Say why the registrations are rejected."))
        return redirect(target + "#registrations")
    if not _confirmed(request):
        return _confirm(
            request,
            event=event,
            title=_("Reject %(count)s registrations?") % {"count": len(chosen)},
            explanation=_("Each is told why: “%(reason)s”. You can approve them again later.") % {"reason": reason},
            button=_("Yes, reject them"),
            back=target + "#registrations",
        )
    try:
        services.registrations_reject(registrations=chosen, by=request.user, reason=reason)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("%(count)s registrations were rejected.") % {"count": len(chosen)})
    return redirect(target + "#registrations")


@officer_required
@require_POST
def registrations_message(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Write to the participants of the ticked registrations (in-app, e-mail and LINE)."""
    event = get_object_or_404(Event, slug=slug)
    ids = [int(value) for value in request.POST.getlist("registration") if value.isdigit()]
    chosen = list(event.registrations.filter(pk__in=ids).select_related("organisation"))
    back = request.POST.get("next", "")
    target = reverse("matching:manage", kwargs={"slug": slug}) + (back if back.startswith("?") else "")
    subject, body = request.POST.get("subject", "").strip(), request.POST.get("body", "").strip()
    if not chosen:
        messages.error(request, _("Tick at least one registration."))
    elif not subject or not body:
        messages.error(request, _("Write a subject and a message."))
    else:
        try:
            announcement = services.announcement_send_to(
                event=event, registrations=chosen, subject=subject[:120], body=body[:2000], by=request.user
            )
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(
                request, _("Your message was sent to %(count)s participants.") % {"count": announcement.recipients}
            )
    return redirect(target + "#registrations")


@officer_required
def announce(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Write to a group of participants (everyone, buyers, sellers, those with no meeting yet,
    those not checked in): in-app, and by e-mail and LINE as each person chose."""
    event = get_object_or_404(Event, slug=slug)
    form = AnnouncementForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            announcement = services.announcement_send(event=event, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your message was sent to %(count)s participants.") % {"count": announcement.recipients},
            )
            return redirect("matching:announce", slug=slug)
    counts = services.announcement_counts(event)
    choices = [(value, label, counts[value]) for value, label in GROUP_AUDIENCES]
    return render(
        request,
        "matching/officer/announce.html",
        {"event": event, "form": form, "choices": choices, "sent": Announcement.objects.filter(event=event)[:20]},
        status=400 if request.method == "POST" else 200,
    )
