"""Event setup (officers): the event, its sessions and slots, its tables, opening and closing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chumchon.accounts.models import User
from chumchon.accounts.services import audit_record
from chumchon.matching.models import Event, EventSession, EventStatus, Meeting, Slot, Table
from chumchon.matching.models.participants import ParticipantType, clean_pairs

EVENT_FIELDS = (
    "name_th",
    "name_en",
    "slug",
    "description",
    "is_online",
    "venue",
    "province",
    "meeting_link_base",
    "meeting_minutes",
    "break_minutes",
    "registration_opens",
    "registration_closes",
    "audience",
    "participant_types",
    "meeting_pairs",
    "buyer_cap",
    "seller_cap",
    "request_mode",
    "scheduling_mode",
    "max_meetings",
    "request_deadline",
    "reminder_minutes",
)


RESERVED_SLUGS = {"staff", "new", "api", "calendar", "follow-up"}


def event_problems(values: Mapping[str, Any]) -> dict[str, str]:
    """{field: what is wrong} with an event's fields (the event form shows each on its field);
    fields missing from `values` are not checked."""
    problems: dict[str, str] = {}
    if values.get("slug") in RESERVED_SLUGS:
        problems["slug"] = _("This short name is reserved; choose another.")
    opens, closes = values.get("registration_opens"), values.get("registration_closes")
    if opens and closes and closes <= opens:
        problems["registration_closes"] = _("Registration must close after it opens.")
    if values.get("is_online") and not values.get("meeting_link_base"):
        problems["meeting_link_base"] = _("An online event needs the address of its meeting rooms.")
    if not values.get("is_online") and not (values.get("venue") or "").strip():
        problems["venue"] = _("Say where the event takes place, or mark it as online.")
    types = values.get("participant_types")
    if types is not None and (not isinstance(types, list) or set(map(str, types)) - set(ParticipantType.values)):
        problems["participant_types"] = _("Choose types of participant from the list.")
    pairs = values.get("meeting_pairs")
    if pairs is not None and (not isinstance(pairs, list) or len(clean_pairs(pairs)) != len(set(pairs))):
        problems["meeting_pairs"] = _("Choose pairs of participant types from the list.")
    return problems


def _normalise_types(event: Event) -> None:
    """Types in the order of the choices; all of them chosen is the same as none (all admitted)."""
    if isinstance(event.participant_types, list):
        chosen = set(event.participant_types)
        event.participant_types = [value for value in ParticipantType.values if value in chosen]
        if len(event.participant_types) == len(ParticipantType.values):
            event.participant_types = []
    if isinstance(event.meeting_pairs, list):
        event.meeting_pairs = clean_pairs(event.meeting_pairs)


def _check_event(event: Event) -> None:
    problems = event_problems({name: getattr(event, name) for name in EVENT_FIELDS})
    if problems:
        raise ValidationError(list(problems.values()))


@transaction.atomic
def event_create(*, by: User, tables: int = 0, **fields: Any) -> Event:
    """Create a draft event; `tables` numbered tables (T01, T02…) are added for venue events."""
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    event = Event(created_by=by, **fields)
    _check_event(event)
    _normalise_types(event)
    event.full_clean()
    event.save()
    if tables:
        event_set_tables(event=event, names=[f"T{number:02d}" for number in range(1, tables + 1)])
    audit_record(actor=by, action="matching.event_create", obj=event, summary=event.name_th)
    return event


@transaction.atomic
def event_update(*, event: Event, by: User, **fields: Any) -> Event:
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    timing_changed = any(
        getattr(event, name) != value for name, value in fields.items() if name in ("meeting_minutes", "break_minutes")
    )
    for name, value in fields.items():
        setattr(event, name, value)
    _check_event(event)
    _normalise_types(event)
    event.full_clean()
    event.save()
    if timing_changed:
        event_generate_slots(event=event)
    audit_record(actor=by, action="matching.event_update", obj=event, summary=event.name_th)
    return event


def _slot_times(event: Event, session: EventSession) -> list[tuple[dt.datetime, dt.datetime]]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(session.date, session.starts_at, tzinfo=tz)
    end_of_session = dt.datetime.combine(session.date, session.ends_at, tzinfo=tz)
    length = dt.timedelta(minutes=event.meeting_minutes)
    step = length + dt.timedelta(minutes=event.break_minutes)
    times = []
    while start + length <= end_of_session:
        times.append((start, start + length))
        start += step
    return times


@transaction.atomic
def event_add_session(
    *, event: Event, date: dt.date, starts_at: dt.time, ends_at: dt.time, name: str = ""
) -> EventSession:
    """Add a morning or afternoon; its slots follow from the meeting length and breaks."""
    if ends_at <= starts_at:
        raise ValidationError(_("A session must end after it starts."))
    session = EventSession(event=event, date=date, starts_at=starts_at, ends_at=ends_at, name=name)
    if not _slot_times(event, session):
        raise ValidationError(_("The session is shorter than one meeting."))
    for other in event.sessions.filter(date=date):
        if starts_at < other.ends_at and other.starts_at < ends_at:
            raise ValidationError(_("This session overlaps “%(name)s”.") % {"name": other})
    session.save()
    _make_slots(event, session)
    return session


def _make_slots(event: Event, session: EventSession) -> None:
    Slot.objects.bulk_create(
        [Slot(event=event, session=session, starts_at=start, ends_at=end) for start, end in _slot_times(event, session)]
    )


@transaction.atomic
def event_generate_slots(*, event: Event) -> None:
    """Rebuild the slots after the meeting length or breaks changed (only before any meeting)."""
    if event.meetings.exists():
        raise ValidationError(_("Meetings are already booked: the meeting length can no longer change."))
    event.slots.all().delete()
    for session in event.sessions.all():
        _make_slots(event, session)


@transaction.atomic
def event_remove_session(*, session: EventSession) -> None:
    if Meeting.objects.filter(slot__session=session).exists():
        raise ValidationError(_("Meetings are booked in this session: move or cancel them first."))
    session.delete()


@transaction.atomic
def event_set_tables(*, event: Event, names: Sequence[str]) -> list[Table]:
    """Make the event's tables exactly `names` (kept tables keep their meetings)."""
    clean = [name.strip() for name in names if name.strip()]
    if len(set(clean)) != len(clean):
        raise ValidationError(_("Two tables have the same name."))
    going = event.tables.exclude(name__in=clean)
    if Meeting.objects.filter(table__in=going).exists():
        raise ValidationError(_("A table you removed has meetings: move them first."))
    going.delete()
    existing = set(event.tables.values_list("name", flat=True))
    Table.objects.bulk_create([Table(event=event, name=name) for name in clean if name not in existing])
    return list(event.tables.all())


@transaction.atomic
def event_open(*, event: Event, by: User) -> Event:
    """Publish the event so that organisations can register."""
    if not event.slots.exists():
        raise ValidationError(_("Add at least one session before opening the event."))
    event.status = EventStatus.OPEN
    event.save(update_fields=["status"])
    audit_record(actor=by, action="matching.event_open", obj=event, summary=event.name_th)
    return event


@transaction.atomic
def event_close(*, event: Event, by: User) -> Event:
    event.status = EventStatus.CLOSED
    event.save(update_fields=["status"])
    audit_record(actor=by, action="matching.event_close", obj=event, summary=event.name_th)
    return event


@transaction.atomic
def event_reopen(*, event: Event, by: User) -> Event:
    """Undo closing: the event is open again (agendas published if they were)."""
    if event.status != EventStatus.CLOSED:
        raise ValidationError(_("Only a closed event can be reopened."))
    event.status = EventStatus.PUBLISHED if event.published_at else EventStatus.OPEN
    event.save(update_fields=["status"])
    audit_record(actor=by, action="matching.event_reopen", obj=event, summary=event.name_th)
    return event
