"""Reads of business matching: events, one's own registration, requests and agenda."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from chumchon.accounts.models import Organisation
from chumchon.matching.models import (
    Event,
    GroupGuest,
    GroupSession,
    Meeting,
    MeetingRequest,
    MeetingStatus,
    Outcome,
    Registration,
    RegistrationQuerySet,
    RegistrationStatus,
    Role,
    Seat,
)


def event_for(user: Any, slug: str) -> Event:
    """An event anyone may see; drafts only for officers (everyone else gets a 404)."""
    return get_object_or_404(events_for(user), slug=slug)


def events_for(user: Any) -> QuerySet[Event]:
    """The events the person may see: all but drafts; officers, every one."""
    events = Event.objects.all() if getattr(user, "is_staff", False) else Event.objects.visible()
    return events.select_related("province").order_by("-registration_opens", "-id")


def registrations_visible_to(user: Any) -> RegistrationQuerySet:
    """Registrations of the person's organisations; officers, every one; visitors, none."""
    if getattr(user, "is_staff", False):
        return Registration.objects.all()
    if getattr(user, "is_authenticated", False):
        return Registration.objects.of_user(user).distinct()
    return Registration.objects.none()


def approved_registrations_of(user: Any) -> RegistrationQuerySet:
    """The person's approved registrations, across events: what makes them a participant, who alone
    sees their requests, agenda and outcomes (officers included, as participants only)."""
    if not getattr(user, "is_authenticated", False):
        return Registration.objects.none()
    return Registration.objects.of_user(user).approved()


def requests_visible_to(user: Any) -> QuerySet[MeetingRequest]:
    """Meeting requests sent or received by one of the person's approved registrations."""
    mine = approved_registrations_of(user).values("pk")
    return MeetingRequest.objects.filter(Q(a__in=mine) | Q(b__in=mine))


def agenda_meetings_of(user: Any) -> QuerySet[Meeting]:
    """The meetings of the person's approved registrations, across events (not cancelled)."""
    return (
        Meeting.objects.filter(seats__registration__in=approved_registrations_of(user).values("pk"))
        .exclude(status=MeetingStatus.CANCELLED)
        .distinct()
    )


def outcomes_visible_to(user: Any) -> QuerySet[Outcome]:
    """Outcomes recorded by the person's side (an approved registration of theirs)."""
    return Outcome.objects.filter(registration__in=approved_registrations_of(user).values("pk"))


def registration_of(user: Any, event: Event) -> Registration | None:
    """The person's registration for the event (through an organisation they belong to)."""
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(event=event)
        .of_user(user)
        .select_related("organisation", "community", "event")
        .order_by("status", "pk")
        .first()
    )


def approved_registration_of(user: Any, event: Event) -> Registration:
    """The person's approved registration, or a 404: participant pages are theirs only."""
    registration = (
        approved_registrations_of(user)
        .filter(event=event)
        .select_related("organisation", "community", "event")
        .order_by("pk")
        .first()
    )
    if registration is None:
        raise Http404
    return registration


def registrable_organisations(user: Any, event: Event) -> QuerySet[Organisation]:
    """Organisations the person belongs to that are not yet registered for the event."""
    taken = event.registrations.values("organisation_id")
    return Organisation.objects.filter(memberships__user=user).exclude(pk__in=taken).distinct()


def directory(event: Event, *, viewer: Registration | None = None) -> QuerySet[Registration]:
    """Approved participants, the other side first for a participant (buyers see sellers)."""
    registrations = event.registrations.approved().select_related("organisation", "community__district")
    if viewer is not None:
        other = Role.SELLER if viewer.role == Role.BUYER else Role.BUYER
        registrations = registrations.filter(role=other)
        partner_types = event.partner_types(viewer.participant_type)
        if partner_types is not None:  # only those the event lets the viewer meet
            registrations = registrations.filter(participant_type__in=partner_types)
    return registrations.prefetch_related("offers", "seeks_categories").order_by("organisation__name", "pk")


def requests_of(registration: Registration) -> QuerySet[MeetingRequest]:
    return (
        MeetingRequest.objects.involving(registration)
        .select_related("a__organisation", "b__organisation", "meeting__slot", "meeting__table")
        .order_by("-created_at", "-pk")
    )


def requested_partner_ids(registration: Registration) -> set[int]:
    """Participants the registration already asked or was asked by (and not declined/withdrawn)."""
    pairs = MeetingRequest.objects.involving(registration).filter(status__in=["pending", "accepted"])
    return {pk for a, b in pairs.values_list("a_id", "b_id") for pk in (a, b) if pk != registration.pk}


def agenda_of(registration: Registration) -> QuerySet[Meeting]:
    """The participant's meetings in time order, with the partner and the place."""
    return (
        Meeting.objects.of_registration(registration)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related(
            "slot__session",
            "table",
            "event",
            "request__a__organisation",
            "request__b__organisation",
            "request__a__community",
            "request__b__community",
        )
        .order_by("slot__starts_at", "pk")
    )


def registration_for_officer(user: Any, pk: int) -> Registration:
    """Any registration, for an officer to approve or reject; a 404 for anyone else."""
    if not getattr(user, "is_staff", False):
        raise Http404
    return get_object_or_404(Registration.objects.select_related("event", "organisation"), pk=pk)


def registrations_for_officer(event: Event, *, status: str = "", role: str = "") -> QuerySet[Registration]:
    registrations = event.registrations.select_related("organisation", "community", "registered_by")
    if status:
        registrations = registrations.filter(status=status)
    if role:
        registrations = registrations.filter(role=role)
    return registrations.prefetch_related(
        Prefetch("representatives"),
    ).order_by("status", "organisation__name", "pk")


def officer_counts(event: Event) -> dict[str, int]:
    from django.db.models import Count

    return event.registrations.aggregate(
        buyers=Count("pk", filter=Q(role=Role.BUYER, status=RegistrationStatus.APPROVED)),
        sellers=Count("pk", filter=Q(role=Role.SELLER, status=RegistrationStatus.APPROVED)),
        pending=Count("pk", filter=Q(status=RegistrationStatus.PENDING)),
    )


# --- Scheduling by the organiser ------------------------------------------------------------

from chumchon.matching import optimise  # noqa: E402
from chumchon.matching.models import RequestStatus, ScheduleRun, Slot  # noqa: E402


def _pk(code: str) -> int | None:
    digits = code[1:]
    return int(digits) if digits.isdigit() else None


def latest_run(event: Event, pk: int | None = None) -> ScheduleRun | None:
    runs = event.runs.select_related("created_by")
    if pk is not None:
        return runs.filter(pk=pk).first()
    return runs.first()


def schedule_result(run: ScheduleRun, *, slot: Slot | None = None) -> dict[str, Any]:
    """A finished run for the organiser: value against the bound, every request left out with
    its reason and both organisations' names, and the meetings of one slot (or the first)."""
    result: Any = run.result or {}
    stats = result.get("stats", {})
    unscheduled = result.get("unscheduled", [])
    meetings = result.get("meetings", [])
    slots = list(run.event.slots.order_by("starts_at"))
    chosen = slot or (slots[0] if slots else None)
    shown = [m for m in meetings if chosen is not None and m["slot"] == chosen.code]
    wanted = {pk for item in unscheduled + shown if (pk := _pk(item["request"])) is not None}
    requests = {
        mr.code: mr
        for mr in MeetingRequest.objects.filter(pk__in=wanted).select_related("a__organisation", "b__organisation")
    }
    names = {r.code: str(r.organisation) for mr in requests.values() for r in (mr.a, mr.b)}
    per_slot: dict[str, int] = {}
    for m in meetings:
        per_slot[m["slot"]] = per_slot.get(m["slot"], 0) + 1
    weight, bound = stats.get("weight"), stats.get("upper_bound")
    percent = None
    if isinstance(weight, int | float) and isinstance(bound, int | float) and bound > 0:
        percent = round(100 * weight / bound, 1)
    return {
        "stats": stats,
        "percent": percent,
        "unscheduled": [
            {
                "request": requests.get(item["request"]),
                "code": item["request"],
                "reason": optimise.explain(item.get("reason", ""), names),
            }
            for item in unscheduled
        ],
        "slots": [(s, per_slot.get(s.code, 0)) for s in slots],
        "slot": chosen,
        "meetings": [
            {"request": requests.get(m["request"]), "location": m["location"], "locked": m.get("locked", False)}
            for m in shown
        ],
    }


def meetings_in_slot(event: Event, slot: Slot | None) -> QuerySet[Meeting]:
    return (
        event.meetings.active()
        .filter(slot=slot)
        .select_related("table", "slot", "request__a__organisation", "request__b__organisation")
        .order_by("table__pk", "booth", "pk")
    )


def unplaced_requests(event: Event) -> QuerySet[MeetingRequest]:
    """Accepted requests with no meeting (yet): the organiser may place them by hand."""
    placed = event.meetings.active().values("request_id")
    return (
        event.requests.filter(status=RequestStatus.ACCEPTED)
        .exclude(pk__in=placed)
        .select_related("a__organisation", "b__organisation")
        .order_by("pk")
    )


# --- agendas and the day itself ---


def registration_by_calendar_token(token: Any) -> Registration:
    """The registration whose calendar feed this is; a wrong or old token is a 404."""
    return get_object_or_404(
        Registration.objects.select_related("event", "organisation").filter(status=RegistrationStatus.APPROVED),
        calendar_token=token,
    )


def checkin_list(event: Event, *, query: str = "") -> QuerySet[Registration]:
    """Approved participants for the door, searchable by organisation, community or code."""
    registrations = event.registrations.approved().select_related("organisation", "community")
    query = query.strip()
    if query:
        match = Q(organisation__name__icontains=query) | Q(community__name_th__icontains=query)
        match |= Q(community__name_en__icontains=query)
        if query.lower().startswith("p") and query[1:].isdigit():
            match |= Q(pk=int(query[1:]))
        registrations = registrations.filter(match)
    return registrations.order_by("organisation__name", "pk")


def free_in_slot(event: Event, slot: Any, *, standby_only: bool = False) -> QuerySet[Registration]:
    """Checked-in participants with no meeting in the slot (the standby list when `standby_only`)."""
    # A seat in a no-show meeting does not hold the slot: the one who waited can take a walk-in.
    busy = Seat.objects.filter(registration=OuterRef("pk"), slot=slot, released=False).exclude(
        meeting__status=MeetingStatus.NO_SHOW
    )
    hosting = GroupSession.objects.active().filter(host=OuterRef("pk"), slot=slot)
    guest = GroupGuest.objects.filter(registration=OuterRef("pk"), slot=slot, released=False)
    registrations = (
        event.registrations.approved()
        .filter(checked_in_at__isnull=False)
        .exclude(Exists(busy))
        # in an open group session then, as host or guest (one subquery each: an `exclude` over
        # two conditions of a many-valued relation would not ask them of the same group)
        .exclude(Exists(hosting))
        .exclude(Exists(guest))
        .select_related("organisation", "community")
    )
    if standby_only:
        registrations = registrations.filter(standby=True)
    return registrations.order_by("role", "organisation__name", "pk")


def day_meetings(event: Event, slot: Any) -> QuerySet[Meeting]:
    """The meetings of one slot with both sides' check-in, for the organiser's desk."""
    return (
        event.meetings.filter(slot=slot)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("table", "request__a__organisation", "request__b__organisation")
        .order_by("table__pk", "booth", "pk")
    )


# --- recommendations, directory filters, outcomes and totals -----------------------------------


def directory_filtered(
    event: Event,
    *,
    viewer: Registration | None,
    role: str = "",
    category: Any = None,
    province: Any = None,
    district: Any = None,
    language: str = "",
    only: set[int] | None = None,
) -> QuerySet[Registration]:
    """The directory with its filters; `only` narrows it to the registrations a text search found.
    A category filter takes its sub-categories too (crafts finds ceramics)."""
    registrations = directory(event, viewer=viewer)
    if role and viewer is None:
        registrations = registrations.filter(role=role)
    if category is not None:
        wanted = Q(offers__category=category) | Q(offers__category__parent=category)
        wanted |= Q(seeks_categories=category) | Q(seeks_categories__parent=category)
        registrations = registrations.filter(
            pk__in=event.registrations.filter(wanted).values("pk"),
        )
    if district is not None:
        registrations = registrations.filter(community__district=district)
    elif province is not None:
        registrations = registrations.filter(community__province=province)
    if language:
        registrations = registrations.filter(
            Q(languages=language)
            | Q(languages__startswith=language + ",")
            | Q(languages__endswith="," + language)
            | Q(languages__contains="," + language + ",")
        )
    if only is not None:
        registrations = registrations.filter(pk__in=only)
    return registrations


def preferences_of(registration: Registration) -> dict[int, int]:
    """Preference mode: the participant's level per target."""
    return dict(registration.preferences.values_list("target_id", "level"))


def outcome_meetings_of(registration: Registration) -> QuerySet[Meeting]:
    """The participant's meetings that may have an outcome (not cancelled), with both sides and the
    outcome and deals recorded so far."""
    from chumchon.matching.models import Outcome

    return (
        agenda_of(registration)
        .exclude(status=MeetingStatus.NO_SHOW)
        .prefetch_related(
            Prefetch("outcomes", queryset=Outcome.objects.filter(registration=registration), to_attr="my_outcomes"),
            "deals",
        )
    )


def outcome_meeting_for(user: Any, pk: int) -> tuple[Meeting, Registration]:
    """A meeting of the person's whose outcome they may record (as on the outcomes page), with
    their side's registration; anyone else's meeting is a 404."""
    meeting = get_object_or_404(agenda_meetings_of(user).select_related("request"), pk=pk)
    sides = [meeting.request.a_id, meeting.request.b_id]
    registration = approved_registrations_of(user).filter(pk__in=sides).order_by("pk").first()
    if registration is None:
        raise Http404
    return get_object_or_404(outcome_meetings_of(registration), pk=pk), registration


def event_outcome_totals(events: QuerySet[Event]) -> dict[str, Any]:
    """Meetings held, expected value (the larger of the two sides' estimates per meeting) and
    confirmed deal value (each deal once) of the events: for the impact figures."""
    from decimal import Decimal

    from django.db.models import Sum

    from chumchon.inquiries.models import Deal
    from chumchon.matching.report import expected_value_per_meeting

    meetings = Meeting.objects.filter(event__in=events)
    held = meetings.filter(status=MeetingStatus.HELD).count()
    expected = meetings.annotate(expected=expected_value_per_meeting()).aggregate(total=Sum("expected"))["total"]
    linked = Meeting.deals.through.objects.filter(meeting__event__in=events).values("deal_id")
    confirmed = Deal.objects.confirmed().filter(pk__in=linked).aggregate(total=Sum("value"))["total"]
    return {
        "meetings_held": held,
        "expected_value": expected or Decimal("0"),
        "confirmed_value": confirmed or Decimal("0"),
    }


from chumchon.matching.models import StandbyOffer  # noqa: E402


def waitlist(event: Event) -> QuerySet[Registration]:
    """The event's waiting list, in the order its people move up (per role)."""
    return (
        event.registrations.filter(status=RegistrationStatus.WAITLISTED)
        .select_related("organisation")
        .order_by("role", "created_at", "pk")
    )


def standby_offer_for(user: Any, event: Event, pk: int) -> StandbyOffer:
    """A standby offer made to one of the person's organisations, or a 404."""
    return get_object_or_404(
        StandbyOffer.objects.select_related(
            "freed__event", "freed__slot", "freed__table", "waiting__organisation", "registration__organisation"
        ).filter(registration__organisation__memberships__user=user, freed__event=event),
        pk=pk,
    )
