"""Organiser-mode scheduling: the event as a `meeting-schedule-instance/1`, schedules in and out.

This module only reads and translates; every write (runs, applying a result, moves, locks,
publishing) is in `services/scheduling.py` ("Scheduling by the organiser").
Ids in the instance are the codes people see: slots "s12", participants "p00012", requests
"r000012", so a schedule solved elsewhere can be read back and checked against the event.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chumchon.matching.models import (
    Event,
    Meeting,
    MeetingRequest,
    MeetingSource,
    MeetingStatus,
    Registration,
    Seat,
    Slot,
)
from chumchon.matching.services.groups import group_busy_by_registration, group_tables
from chumchon.scheduling import Instance, Participant, Request, Schedule
from chumchon.scheduling import Meeting as SMeeting
from chumchon.scheduling import Slot as SSlot

#: Sources of meetings the optimiser may move or replace; walk-ins (on the day) stay put.
MOVABLE_SOURCES = (MeetingSource.SELF, MeetingSource.OPTIMISER, MeetingSource.MANUAL)
ONLINE_ROOM = "online-%02d"


#: The steps a run reports (the solver's own words are English), as the officer reads them.
STEPS = {
    "Waiting to start": gettext_lazy("Waiting to start"),
    "Starting": gettext_lazy("Starting"),
    "Finished": gettext_lazy("Finished"),
    "Imported": gettext_lazy("Imported"),
    "preparing": gettext_lazy("preparing the problem"),
    "solving the LP relaxation": gettext_lazy("computing the bound"),
    "bound": gettext_lazy("computing the bound"),
    "building a first schedule": gettext_lazy("building a first schedule"),
    "repairing": gettext_lazy("repairing the schedule"),
    "exact MILP": gettext_lazy("searching for the best schedule"),
    "improving slot windows": gettext_lazy("improving the schedule"),
    "improving": gettext_lazy("improving the schedule"),
    "shortening waits between meetings": gettext_lazy("shortening waits between meetings"),
    "reading the published schedule": gettext_lazy("reading the current meetings"),
    "re-placing meetings the changes made impossible": gettext_lazy("re-placing meetings the changes made impossible"),
    "placing new requests": gettext_lazy("placing the new requests"),
    "done": gettext_lazy("done"),
}


def step_label(message: str) -> str:
    return str(STEPS.get(message, message))


#: The error of a run whose worker stopped answering (stored as this key, shown translated).
WORKER_LOST = "worker-lost"
ERRORS = {
    WORKER_LOST: gettext_lazy(
        "The optimiser stopped before it finished (its worker was stopped or its machine restarted). "
        "The current schedule is unchanged: run the optimiser again."
    ),
}


def error_label(error: str) -> str:
    return str(ERRORS.get(error, error))


def session_code(session_id: int) -> str:
    return f"session{session_id}"


def online_rooms(count: int) -> list[str]:
    return [ONLINE_ROOM % (n + 1) for n in range(max(1, count))]


@dataclass
class EventData:
    """What the instance is built from, read in a fixed number of queries (no N+1)."""

    event: Event
    slots: list[Slot]
    registrations: list[Registration]
    requests: list[MeetingRequest]
    available: dict[int, list[int]]
    tables: list[str]


def event_data(event: Event) -> EventData:
    slots = list(event.slots.order_by("starts_at", "pk"))
    registrations = list(event.registrations.approved().select_related("organisation").order_by("pk"))
    ids = {r.pk for r in registrations}
    by_session: dict[int, list[int]] = defaultdict(list)
    for slot in slots:
        by_session[slot.session_id].append(slot.pk)
    attends: dict[int, set[int]] = defaultdict(set)
    sessions_through = Registration.sessions.through.objects.filter(registration__event=event)
    for reg_id, session_id in sessions_through.values_list("registration_id", "eventsession_id"):
        attends[reg_id].add(session_id)
    cannot: dict[int, set[int]] = defaultdict(set)
    unavailable_through = Registration.unavailable_slots.through.objects.filter(registration__event=event)
    for reg_id, slot_id in unavailable_through.values_list("registration_id", "slot_id"):
        cannot[reg_id].add(slot_id)
    # The same rule as services.available_slots: slots of the sessions attended, minus those they
    # cannot make and those they spend in group sessions.
    for registration_id, group_slots in group_busy_by_registration(event).items():
        cannot[registration_id] |= group_slots
    available = {
        r.pk: [s.pk for s in slots if s.session_id in attends[r.pk] and s.pk not in cannot[r.pk]] for r in registrations
    }
    types = {r.pk: r.participant_type for r in registrations}
    # Only pairs the event lets meet: a rule narrowed after the requests leaves theirs out, unless
    # their meeting must stay where it is (locked or held), which the schedule has to count.
    fixed: set[int] = set()
    if event.meeting_pairs:
        fixed = {m.request_id for m in fixed_meetings(event)}
    requests = [
        mr
        for mr in event.requests.accepted().select_related("a__organisation", "b__organisation").order_by("pk")
        if mr.a_id in ids and mr.b_id in ids and (event.may_meet(types[mr.a_id], types[mr.b_id]) or mr.pk in fixed)
    ]
    if event.is_online:
        # Online rooms never run out: as many as there can be meetings in one slot.
        buyers = sum(1 for r in registrations if r.role == "buyer")
        tables = online_rooms(min(buyers, len(registrations) - buyers))
    else:
        tables = _tables_beside_groups(event)
    return EventData(event, slots, registrations, requests, available, tables)


def _tables_beside_groups(event: Event) -> list[str]:
    """The tables the solver may use. Its tables serve every slot alike, so when group sessions
    hold up to k tables in one slot, k tables are left out (group tables first, never one a fixed
    meeting keeps): each slot then has a free table for every meeting the solver puts there, and
    `around_groups` moves a meeting off a group's table when the schedule is applied."""
    tables = list(event.tables.order_by("pk").values_list("pk", "name"))
    held = group_tables(event)
    spare = max((len(ids) for ids in held.values()), default=0)
    if not spare:
        return [name for _pk, name in tables]
    grouped = set().union(*held.values())
    kept_by_fixed = {m.table_id for m in fixed_meetings(event)}
    droppable = sorted((pk not in grouped, pk) for pk, _name in tables if pk not in kept_by_fixed)
    dropped = {pk for _grouped, pk in droppable[:spare]}
    return [name for pk, name in tables if pk not in dropped]


def around_groups(event: Event, meetings: list[SMeeting]) -> list[SMeeting]:
    """A schedule's meetings with any that the solver put at a group session's table (in its slot)
    moved to a table free in that slot. Tables are alike to the solver, so nothing else changes."""
    held = group_tables(event)
    if not held or event.is_online:
        return meetings
    names = dict(event.tables.values_list("pk", "name"))
    codes = {f"s{slot_id}": {names[pk] for pk in ids} for slot_id, ids in held.items()}
    used: dict[str, set[str]] = defaultdict(set)
    for m in meetings:
        used[m.slot].add(m.location)
    placed = []
    for m in meetings:
        if m.location in codes.get(m.slot, set()):
            free = [name for name in names.values() if name not in used[m.slot] and name not in codes[m.slot]]
            if free:  # there always is one (see _tables_beside_groups); else the apply refuses it
                used[m.slot].add(free[0])
                m = SMeeting(m.request, m.slot, free[0], m.locked)
        placed.append(m)
    return placed


def _limit(event: Event, registration: Registration) -> int:
    # Registration.meeting_limit without reaching for registration.event (one query each).
    return min(registration.max_meetings or event.max_meetings, event.max_meetings)


def instance_from(data: EventData) -> Instance:
    event = data.event
    slots = [
        SSlot(
            slot.code,
            session_code(slot.session_id),
            timezone.localtime(slot.starts_at),
            timezone.localtime(slot.ends_at),
        )
        for slot in data.slots
    ]
    participants = [
        Participant(
            r.code,
            r.role,
            tuple(f"s{pk}" for pk in data.available[r.pk]),
            _limit(event, r),
            None if event.is_online or not r.booth else r.booth,
        )
        for r in data.registrations
    ]
    codes = {r.pk: r.code for r in data.registrations}
    requests = [Request(mr.code, codes[mr.a_id], codes[mr.b_id], mr.weight) for mr in data.requests]
    return Instance(event.slug, slots, data.tables, participants, requests)


def event_instance(event: Event) -> Instance:
    """The event's scheduling problem: approved participants and their accepted requests."""
    return instance_from(event_data(event))


def fixed_meetings(event: Event) -> list[Meeting]:
    """Meetings a run must keep where they are: locked ones, walk-ins and those already held."""
    meetings = event.meetings.active().select_related("slot", "table", "request")
    return [m for m in meetings if m.locked or m.status != MeetingStatus.SCHEDULED or m.source not in MOVABLE_SOURCES]


def _locations(meetings: list[Meeting], online: bool) -> dict[int, str]:
    """The instance location of each meeting; online meetings get rooms numbered per slot."""
    rooms: dict[int, int] = defaultdict(int)
    where: dict[int, str] = {}
    for m in sorted(meetings, key=lambda m: (m.slot_id, m.pk)):
        if online:
            rooms[m.slot_id] += 1
            where[m.pk] = ONLINE_ROOM % rooms[m.slot_id]
        else:
            where[m.pk] = m.booth or (m.table.name if m.table else "")
    return where


def schedule_of(event: Event, *, only_fixed: bool = False) -> Schedule:
    """The event's current meetings as a schedule (locked and on-the-day ones marked locked)."""
    if only_fixed:
        meetings = fixed_meetings(event)
    else:
        meetings = list(event.meetings.active().select_related("slot", "table", "request"))
    where = _locations(meetings, event.is_online)
    return Schedule(
        [
            SMeeting(
                m.request.code,
                m.slot.code,
                where[m.pk],
                m.locked or m.status != MeetingStatus.SCHEDULED or m.source not in MOVABLE_SOURCES,
            )
            for m in sorted(meetings, key=lambda m: (m.slot.starts_at, m.pk))
        ]
    )


def fingerprints(event: Event) -> dict[int, str]:
    """Each approved registration's agenda as a sha256 over its meetings' slot, place and partner."""
    rows: dict[int, list[str]] = defaultdict(list)
    seats = (
        Seat.objects.filter(meeting__event=event)
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .select_related("meeting__slot", "meeting__table", "meeting__request")
    )
    for seat in seats:
        m = seat.meeting
        request = m.request
        partner = request.b_id if seat.registration_id == request.a_id else request.a_id
        place = "online" if event.is_online else (m.booth or (m.table.name if m.table else ""))
        rows[seat.registration_id].append(f"{m.slot.starts_at.isoformat()}|{place}|{partner}")
    ids = event.registrations.approved().values_list("pk", flat=True)
    return {pk: hashlib.sha256("\n".join(sorted(rows[pk])).encode()).hexdigest() for pk in ids}


# --- reasons --------------------------------------------------------------------------------

_CODE = re.compile(r"\bp\d{5,}\b")
_REASONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?P<a>p\d+) has no common free slot with (?P<b>p\d+)$"), "no_common"),
    (re.compile(r"^(?P<a>p\d+) reached max_meetings \((?P<n>\d+)\)$"), "limit"),
    (re.compile(r"^(?P<a>p\d+) and (?P<b>p\d+) have no common free slot left \(all (?P<n>\d+) "), "all_busy"),
    (re.compile(r"^no table free in any common slot$"), "no_table"),
    (re.compile(r"^their booth is taken in every common slot$"), "booth"),
    (re.compile(r"^every common slot holds another meeting of \S+ or \S+ \((?P<busy>\d+)\) or has "), "mixed"),
]


def explain(reason: str, names: dict[str, str]) -> str:
    """The solver's reason for leaving a request out, in the reader's language with names."""
    for pattern, kind in _REASONS:
        match = pattern.match(reason)
        if match is None:
            continue
        found = match.groupdict()
        a, b = names.get(found.get("a", ""), ""), names.get(found.get("b", ""), "")
        if kind == "no_common":
            return _("%(a)s and %(b)s have no free time slot in common.") % {"a": a, "b": b}
        if kind == "limit":
            return _("%(name)s has reached its limit of %(limit)s meetings.") % {"name": a, "limit": found["n"]}
        if kind == "all_busy":
            return _("Every time slot free for both %(a)s and %(b)s holds another of their meetings.") % {
                "a": a,
                "b": b,
            }
        if kind == "no_table":
            return _("No table is free in any time slot that suits both.")
        if kind == "booth":
            return _("The booth is taken in every time slot that suits both.")
        location = reason.rsplit("(", 1)[-1].rstrip(")")
        return _(
            "In the time slots that suit both, %(busy)s hold another meeting of one side and "
            "%(location)s have no free table or booth."
        ) % {"busy": found["busy"], "location": location}
    return _CODE.sub(lambda m: names.get(m.group(0), m.group(0)), reason)
