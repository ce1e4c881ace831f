"""Every write of business matching: event setup, registrations, requests, meetings.

Functions are named `<entity>_<action>`, take keyword-only arguments and run in a transaction;
business rules raise `ValidationError` with a message the person can act on.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chumchon.accounts.models import Membership, Organisation, User
from chumchon.accounts.services import audit_record
from chumchon.inquiries.services import message_rate_limit
from chumchon.matching.models import (
    Event,
    EventSession,
    EventStatus,
    FollowUp,
    Meeting,
    MeetingRequest,
    MeetingSource,
    MeetingStatus,
    Outcome,
    Preference,
    PreferenceLevel,
    Registration,
    RegistrationStatus,
    RequestMode,
    RequestStatus,
    Role,
    SchedulingMode,
    Seat,
    Slot,
    Table,
)

if TYPE_CHECKING:
    from chumchon.inquiries.models import Deal

# ---------------------------------------------------------------------------------------------
# Notifications (through the direct-contact notifier, in each recipient's language)
# ---------------------------------------------------------------------------------------------


def _people_of(registrations: Iterable[Registration]) -> dict[int, User]:
    """Whoever acts for each registration: its representatives, or else its organisation's
    members. Two queries, however many registrations (publishing an event tells hundreds)."""
    registrations = list(registrations)
    people: dict[int, User] = {}
    represented: set[int] = set()
    links = Registration.representatives.through.objects.filter(
        registration_id__in=[r.pk for r in registrations], user__is_active=True
    ).select_related("user")
    for link in links:
        represented.add(link.registration_id)
        people[link.user_id] = link.user
    organisations = {r.organisation_id for r in registrations if r.pk not in represented}
    if organisations:
        for person in User.objects.filter(memberships__organisation_id__in=organisations, is_active=True).distinct():
            people[person.pk] = person
    return people


def _notify(*, registrations: Iterable[Registration], actor: User | None, detail: str, link: str) -> None:
    from chumchon.notifications.models import Event as NotificationEvent
    from chumchon.notifications.notifier import notify

    people = _people_of(registrations)
    notify(event=NotificationEvent.MATCHING, recipients=people.values(), actor=actor, detail=detail, link=link)


def _link(name: str, **kwargs: Any) -> str:
    """A path for a notification, in the default language: the notifier words it in each
    recipient's language, and the page offers the other language."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(f"matching:{name}", kwargs=kwargs)


def _requests_link(event: Event) -> str:
    return _link("requests", slug=event.slug)


def _agenda_link(event: Event) -> str:
    return _link("agenda", slug=event.slug)


# ---------------------------------------------------------------------------------------------
# Event setup (officers)
# ---------------------------------------------------------------------------------------------

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
    return problems


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


# ---------------------------------------------------------------------------------------------
# Registration
# ---------------------------------------------------------------------------------------------

REGISTRATION_FIELDS = ("offers_text", "seeks_text", "languages", "booth", "max_meetings", "standby", "community")
REGISTRATION_M2M = ("offers", "seeks_categories", "seeks_themes", "seeks_areas", "seeks_provinces", "sessions")


def _set_registration_fields(registration: Registration, fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(REGISTRATION_FIELDS) - set(REGISTRATION_M2M) - {"unavailable_slots"}
    if unknown:
        raise TypeError(f"unknown registration fields: {sorted(unknown)}")
    for name in REGISTRATION_FIELDS:
        if name in fields:
            setattr(registration, name, fields[name])
    languages = [code.strip().lower() for code in registration.languages.split(",") if code.strip()]
    registration.languages = ",".join(dict.fromkeys(languages)) or "th"
    return {name: fields[name] for name in (*REGISTRATION_M2M, "unavailable_slots") if name in fields}


def _save_registration_relations(registration: Registration, relations: dict[str, Any]) -> None:
    event = registration.event
    offers = relations.get("offers")
    if offers is not None:
        foreign = [listing for listing in offers if listing.community.organisation_id != registration.organisation_id]
        if foreign:
            raise ValidationError(_("You can only offer your own organisation's listings."))
    sessions = relations.get("sessions")
    if sessions is not None and any(session.event_id != event.pk for session in sessions):
        raise ValidationError(_("Choose sessions of this event."))
    slots = relations.get("unavailable_slots")
    if slots is not None and any(slot.event_id != event.pk for slot in slots):
        raise ValidationError(_("Choose time slots of this event."))
    for name, values in relations.items():
        getattr(registration, name).set(values)


def _check_caps(event: Event, role: str, *, exclude: int | None = None) -> None:
    cap = event.buyer_cap if role == Role.BUYER else event.seller_cap
    if cap is None:
        return
    taken = event.registrations.filter(role=role, status__in=[RegistrationStatus.PENDING, RegistrationStatus.APPROVED])
    if exclude:
        taken = taken.exclude(pk=exclude)
    if taken.count() >= cap:
        raise ValidationError(_("All places for this role are taken."))


@transaction.atomic
def registration_create(
    *, event: Event, organisation: Organisation, role: str, by: User, **fields: Any
) -> Registration:
    """Register an organisation the person belongs to; officers approve it before it counts."""
    # Lock the event row so that two last-minute registrations cannot both take the last place.
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not by.is_staff and not Membership.objects.filter(user=by, organisation=organisation).exists():
        raise ValidationError(_("You can only register an organisation you belong to."))
    if not event.registration_is_open():
        raise ValidationError(_("Registration for this event is closed."))
    if role not in Role.values:
        raise ValidationError(_("Choose whether you take part as a buyer or a seller."))
    if not event.admits(role):
        raise ValidationError(_("This event does not take registrations for this role."))
    if event.registrations.filter(organisation=organisation).exists():
        raise ValidationError(_("%(name)s is already registered for this event.") % {"name": organisation})
    _check_caps(event, role)
    registration = Registration(event=event, organisation=organisation, role=role, registered_by=by)
    relations = _set_registration_fields(registration, fields)
    registration.full_clean(exclude=["event", "organisation", "registered_by"])
    registration.save()
    registration.representatives.add(by)
    if "sessions" not in relations:
        relations["sessions"] = list(event.sessions.all())
    _save_registration_relations(registration, relations)
    return registration


@transaction.atomic
def registration_update(*, registration: Registration, by: User, **fields: Any) -> Registration:
    relations = _set_registration_fields(registration, fields)
    registration.full_clean(exclude=["event", "organisation", "registered_by"])
    registration.save()
    _save_registration_relations(registration, relations)
    return registration


@transaction.atomic
def registration_set_representatives(*, registration: Registration, people: Sequence[User], by: User) -> None:
    """Who attends for the organisation; each must be one of its members."""
    members = set(Membership.objects.filter(organisation=registration.organisation).values_list("user_id", flat=True))
    if not people:
        raise ValidationError(_("Name at least one representative."))
    if any(person.pk not in members for person in people):
        raise ValidationError(_("Representatives must be members of the organisation."))
    registration.representatives.set(people)


@transaction.atomic
def registration_approve(*, registration: Registration, by: User, notify: bool = True) -> Registration:
    if registration.status == RegistrationStatus.APPROVED:
        return registration
    _check_caps(registration.event, registration.role, exclude=registration.pk)
    registration.status = RegistrationStatus.APPROVED
    registration.rejection_reason = ""
    registration.save(update_fields=["status", "rejection_reason"])
    audit_record(actor=by, action="matching.registration_approve", obj=registration, summary=str(registration))
    if notify:
        _notify(
            registrations=[registration],
            actor=by,
            detail="registration_approved",
            link=_link("event", slug=registration.event.slug),
        )
    return registration


@transaction.atomic
def registration_reject(*, registration: Registration, by: User, reason: str) -> Registration:
    if not reason.strip():
        raise ValidationError(_("Say why the registration is rejected."))
    registration.status = RegistrationStatus.REJECTED
    registration.rejection_reason = reason.strip()[:300]
    registration.save(update_fields=["status", "rejection_reason"])
    _cancel_requests_of(registration, by=by)
    audit_record(actor=by, action="matching.registration_reject", obj=registration, summary=reason[:200])
    _notify(
        registrations=[registration],
        actor=by,
        detail="registration_rejected",
        link=_link("event", slug=registration.event.slug),
    )
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, by: User) -> Registration:
    """The participant withdraws: their requests are withdrawn and their meetings cancelled."""
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status"])
    _cancel_requests_of(registration, by=by)
    return registration


def _cancel_requests_of(registration: Registration, *, by: User) -> None:
    requests = list(
        MeetingRequest.objects.involving(registration).filter(
            status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED]
        )
    )
    for meeting_request in requests:
        request_cancel(meeting_request=meeting_request, by=by, notify=True)


# ---------------------------------------------------------------------------------------------
# Meeting requests
# ---------------------------------------------------------------------------------------------


def accepted_count(registration: Registration) -> int:
    return MeetingRequest.objects.involving(registration).accepted().count()


def _check_limit(registration: Registration) -> None:
    if accepted_count(registration) >= registration.meeting_limit:
        raise ValidationError(
            _("%(name)s already has the most meetings allowed (%(limit)s).")
            % {"name": registration.organisation, "limit": registration.meeting_limit}
        )


def _expired(event: Event, now: dt.datetime | None = None) -> bool:
    return event.request_deadline is not None and (now or timezone.now()) >= event.request_deadline


@transaction.atomic
def request_send(
    *,
    sender: Registration,
    target: Registration,
    by: User,
    priority: int = 2,
    message: str = "",
) -> MeetingRequest:
    """Ask for a meeting. A second request between the same pair merges into the first (its weight
    grows); with automatic acceptance, or when both sides asked, it is accepted at once."""
    event = sender.event
    if target.event_id != event.pk:
        raise ValidationError(_("Both participants must be registered for the same event."))
    if sender.pk == target.pk:
        raise ValidationError(_("You cannot request a meeting with yourself."))
    if sender.status != RegistrationStatus.APPROVED:
        raise ValidationError(_("Your registration has not been approved yet."))
    if target.status != RegistrationStatus.APPROVED:
        raise ValidationError(_("This participant is not taking part."))
    if sender.role == target.role:
        raise ValidationError(_("Meetings are between a buyer and a seller."))
    if event.status not in (EventStatus.OPEN, EventStatus.PUBLISHED):
        raise ValidationError(_("This event does not take meeting requests now."))
    if _expired(event):
        raise ValidationError(_("The deadline for meeting requests has passed."))
    if priority not in (1, 2, 3):
        raise ValidationError(_("Choose a priority."))
    message_rate_limit(user=by)
    a, b = (sender, target) if sender.pk < target.pk else (target, sender)
    side = "priority_a" if sender.pk == a.pk else "priority_b"
    existing = MeetingRequest.objects.select_for_update().filter(a=a, b=b).first()
    if existing is not None and existing.status in (RequestStatus.PENDING, RequestStatus.ACCEPTED):
        if getattr(existing, side) is not None:
            raise ValidationError(_("You have already asked to meet %(name)s.") % {"name": target.organisation})
        # The other side asked first: both want it, so the request merges and is accepted.
        setattr(existing, side, priority)
        if message:
            existing.message = (existing.message + "\n\n" + message).strip()
        existing.save(update_fields=[side, "message"])
        if existing.status == RequestStatus.PENDING:
            return request_accept(meeting_request=existing, by=by)
        return existing
    _check_limit(sender)
    if existing is not None:  # declined, expired or withdrawn before: ask again
        existing.priority_a = existing.priority_b = None
        setattr(existing, side, priority)
        existing.status = RequestStatus.PENDING
        existing.message = message
        existing.requested_by = by
        existing.answered_by = None
        existing.answered_at = None
        existing.save()
        meeting_request = existing
    else:
        meeting_request = MeetingRequest.objects.create(
            event=event, a=a, b=b, message=message, requested_by=by, **{side: priority}
        )
    if event.request_mode == RequestMode.AUTOMATIC:
        return request_accept(meeting_request=meeting_request, by=by, automatic=True)
    _notify(registrations=[target], actor=by, detail="request_received", link=_requests_link(event))
    return meeting_request


def _answering_registration(meeting_request: MeetingRequest, by: User) -> Registration | None:
    side = meeting_request.answering_side()
    if side is None:
        return None
    if Membership.objects.filter(user=by, organisation_id=side.organisation_id).exists():
        return side
    return None


@transaction.atomic
def request_accept(*, meeting_request: MeetingRequest, by: User, automatic: bool = False) -> MeetingRequest:
    """Accept a request (the side that was asked, or automatically); in self-scheduling mode a
    common free slot and a table are booked at once."""
    meeting_request = (
        MeetingRequest.objects.select_for_update().select_related("event", "a", "b").get(pk=meeting_request.pk)
    )
    if meeting_request.status == RequestStatus.ACCEPTED:
        return meeting_request
    if meeting_request.status != RequestStatus.PENDING:
        raise ValidationError(_("This request can no longer be accepted."))
    asked = automatic or meeting_request.mutual or by.is_staff
    if not asked and _answering_registration(meeting_request, by) is None:
        raise ValidationError(_("Only the participant who was asked can accept this request."))
    event = meeting_request.event
    if _expired(event):
        raise ValidationError(_("The deadline for meeting requests has passed."))
    for side in (meeting_request.a, meeting_request.b):
        _check_limit(side)
    meeting_request.status = RequestStatus.ACCEPTED
    meeting_request.answered_by = by
    meeting_request.answered_at = timezone.now()
    meeting_request.save(update_fields=["status", "answered_by", "answered_at"])
    if event.scheduling_mode == SchedulingMode.SELF:
        meeting_book(meeting_request=meeting_request)
    _notify(
        registrations=[meeting_request.a, meeting_request.b],
        actor=by,
        detail="request_accepted",
        link=_agenda_link(event) if event.scheduling_mode == SchedulingMode.SELF else _requests_link(event),
    )
    return meeting_request


@transaction.atomic
def request_decline(*, meeting_request: MeetingRequest, by: User) -> MeetingRequest:
    if meeting_request.status != RequestStatus.PENDING:
        raise ValidationError(_("This request has already been answered."))
    if not by.is_staff and _answering_registration(meeting_request, by) is None:
        raise ValidationError(_("Only the participant who was asked can decline this request."))
    meeting_request.status = RequestStatus.DECLINED
    meeting_request.answered_by = by
    meeting_request.answered_at = timezone.now()
    meeting_request.save(update_fields=["status", "answered_by", "answered_at"])
    asker = meeting_request.a if meeting_request.priority_a is not None else meeting_request.b
    _notify(registrations=[asker], actor=by, detail="request_declined", link=_requests_link(meeting_request.event))
    return meeting_request


@transaction.atomic
def request_cancel(*, meeting_request: MeetingRequest, by: User, notify: bool = True) -> MeetingRequest:
    """Withdraw a request (or cancel an accepted meeting); its meeting, if any, is cancelled."""
    if meeting_request.status not in (RequestStatus.PENDING, RequestStatus.ACCEPTED):
        return meeting_request
    meeting_request.status = RequestStatus.CANCELLED
    meeting_request.answered_by = by
    meeting_request.answered_at = timezone.now()
    meeting_request.save(update_fields=["status", "answered_by", "answered_at"])
    meeting = Meeting.objects.filter(request=meeting_request).first()
    if meeting is not None:
        meeting_cancel(meeting=meeting)
    if notify:
        _notify(
            registrations=[meeting_request.a, meeting_request.b],
            actor=by,
            detail="request_cancelled",
            link=_requests_link(meeting_request.event),
        )
    return meeting_request


@transaction.atomic
def requests_expire(*, event: Event, now: dt.datetime | None = None) -> int:
    """Pending requests past the organiser's deadline expire, so they block nobody."""
    if not _expired(event, now):
        return 0
    return MeetingRequest.objects.filter(event=event, status=RequestStatus.PENDING).update(
        status=RequestStatus.EXPIRED, answered_at=now or timezone.now()
    )


@transaction.atomic
def preference_set(*, registration: Registration, target: Registration, level: int, by: User) -> Preference:
    """Preference mode: must meet / would like to meet / no thanks."""
    if registration.event.request_mode != RequestMode.PREFERENCES:
        raise ValidationError(_("This event takes meeting requests, not preferences."))
    if target.event_id != registration.event_id or target.pk == registration.pk:
        raise ValidationError(_("Choose another participant of this event."))
    if target.role == registration.role:
        raise ValidationError(_("Meetings are between a buyer and a seller."))
    if level not in PreferenceLevel.values:
        raise ValidationError(_("Choose a preference."))
    preference, _created = Preference.objects.update_or_create(
        event=registration.event, registration=registration, target=target, defaults={"level": level}
    )
    return preference


@transaction.atomic
def event_requests_from_preferences(*, event: Event, by: User) -> int:
    """Turn preferences into accepted requests: weight from both sides' levels; a "no thanks" from
    either side removes the pair. Returns how many requests the event now has."""
    levels: dict[tuple[int, int], dict[int, int]] = {}
    for preference in Preference.objects.filter(event=event, registration__status=RegistrationStatus.APPROVED):
        a, b = sorted((preference.registration_id, preference.target_id))
        levels.setdefault((a, b), {})[preference.registration_id] = preference.level
    approved = set(event.registrations.approved().values_list("pk", flat=True))
    existing = {(r.a_id, r.b_id): r for r in MeetingRequest.objects.filter(event=event)}
    count = 0
    for (a, b), by_side in levels.items():
        if a not in approved or b not in approved:
            continue
        row = existing.get((a, b))
        if PreferenceLevel.NO in by_side.values() or not any(by_side.values()):
            if row is not None and row.status == RequestStatus.ACCEPTED:
                request_cancel(meeting_request=row, by=by, notify=False)
            continue
        priority_a = by_side.get(a) or None
        priority_b = by_side.get(b) or None
        if row is None:
            row = MeetingRequest(event=event, a_id=a, b_id=b, requested_by=by)
        row.priority_a, row.priority_b = priority_a, priority_b
        row.status = RequestStatus.ACCEPTED
        row.answered_by = by
        row.answered_at = timezone.now()
        row.save()
        count += 1
    return count


# ---------------------------------------------------------------------------------------------
# Meetings
# ---------------------------------------------------------------------------------------------


def _room_code() -> str:
    return secrets.token_urlsafe(9)


def available_slots(registration: Registration) -> set[int]:
    """Slots of the sessions a participant attends, minus those they cannot make."""
    sessions = registration.sessions.values_list("pk", flat=True)
    slots = set(Slot.objects.filter(event_id=registration.event_id, session__in=sessions).values_list("pk", flat=True))
    return slots - set(registration.unavailable_slots.values_list("pk", flat=True))


def _busy_slots(registration: Registration) -> set[int]:
    return set(Seat.objects.filter(registration=registration).values_list("slot_id", flat=True))


@transaction.atomic
def meeting_place(
    *,
    meeting_request: MeetingRequest,
    slot: Slot,
    table: Table | None = None,
    source: str = MeetingSource.MANUAL,
    locked: bool = False,
    check_availability: bool = True,
) -> Meeting:
    """Put an accepted request in a slot at a table (or at a booth of either side). The database
    constraints refuse a double booking of a participant or a table, even under concurrency."""
    event = meeting_request.event
    a, b = meeting_request.a, meeting_request.b
    if meeting_request.status != RequestStatus.ACCEPTED:
        raise ValidationError(_("Only accepted requests can be scheduled."))
    if slot.event_id != event.pk:
        raise ValidationError(_("Choose a time slot of this event."))
    if check_availability:
        for side in (a, b):
            if slot.pk not in available_slots(side):
                raise ValidationError(_("%(name)s is not available then.") % {"name": side.organisation})
    booth = a.booth or b.booth
    if event.is_online:
        table, booth = None, ""
    elif booth:
        table = None
    elif table is None:
        raise ValidationError(_("Choose a table."))
    elif table.event_id != event.pk:
        raise ValidationError(_("Choose a table of this event."))
    Meeting.objects.filter(request=meeting_request, status=MeetingStatus.CANCELLED).delete()
    try:
        with transaction.atomic():
            meeting = Meeting.objects.create(
                event=event,
                request=meeting_request,
                slot=slot,
                table=table,
                booth=booth,
                source=source,
                locked=locked,
                room_code=_room_code(),
            )
            # Seats in one order everywhere (by registration): two bookings waiting on each
            # other's seat could otherwise deadlock on PostgreSQL instead of one simply losing.
            sides = sorted((a, b), key=lambda side: side.pk)
            Seat.objects.bulk_create([Seat(meeting=meeting, registration=side, slot=slot) for side in sides])
    except IntegrityError:
        raise ValidationError(_("That time or table is already taken.")) from None
    return meeting


def _free_tables(event: Event, slot: Slot) -> list[Table]:
    taken = Meeting.objects.filter(slot=slot, table__isnull=False).values_list("table_id", flat=True)
    return list(event.tables.exclude(pk__in=taken))


@transaction.atomic
def meeting_book(*, meeting_request: MeetingRequest) -> Meeting | None:
    """Self-scheduling: the earliest slot both sides are free, at a free table. Tries the next
    candidate when a concurrent booking took it first; None when no common free slot is left."""
    existing = Meeting.objects.filter(request=meeting_request).exclude(status=MeetingStatus.CANCELLED).first()
    if existing is not None:
        return existing
    event = meeting_request.event
    a, b = meeting_request.a, meeting_request.b
    common = (available_slots(a) & available_slots(b)) - _busy_slots(a) - _busy_slots(b)
    needs_table = not (event.is_online or a.booth or b.booth)
    for slot in Slot.objects.filter(pk__in=common).order_by("starts_at"):
        tables: list[Table | None] = list(_free_tables(event, slot)) if needs_table else [None]
        for table in tables:
            try:
                with transaction.atomic():
                    return meeting_place(
                        meeting_request=meeting_request,
                        slot=slot,
                        table=table,
                        source=MeetingSource.SELF,
                        check_availability=False,
                    )
            except ValidationError:
                continue  # taken meanwhile by a concurrent booking: try the next one
    return None


@transaction.atomic
def meeting_cancel(*, meeting: Meeting) -> None:
    """Free the meeting's slot and table for others."""
    meeting.seats.all().delete()
    meeting.status = MeetingStatus.CANCELLED
    meeting.table = None
    meeting.save(update_fields=["status", "table", "updated_at"])


def meeting_counts(event: Event) -> dict[str, int]:
    """Requests and meetings of an event, for the organiser's overview."""
    requests = event.requests.aggregate(
        pending=Count("pk", filter=Q(status=RequestStatus.PENDING)),
        accepted=Count("pk", filter=Q(status=RequestStatus.ACCEPTED)),
    )
    meetings = event.meetings.exclude(status=MeetingStatus.CANCELLED).count()
    return {"pending": requests["pending"], "accepted": requests["accepted"], "meetings": meetings}


# --- Scheduling by the organiser ------------------------------------------------------------
# Runs of the optimiser (chumchon.scheduling) over an event, applying a result, moving and locking
# meetings by hand with conflict checks, and publishing the agendas. Reads live in optimise.py.

import logging  # noqa: E402
import time  # noqa: E402

from chumchon.matching import optimise  # noqa: E402
from chumchon.matching.models import RunStatus, ScheduleRun  # noqa: E402
from chumchon.scheduling import (  # noqa: E402
    InstanceError,
    Schedule,
    Unscheduled,
    check_schedule,
    instance_to_dict,
    parse_schedule,
    resolve_incremental,
    schedule_to_dict,
    solve,
)

logger = logging.getLogger(__name__)

#: Seconds between two progress writes of a running optimiser (at most two a second).
PROGRESS_EVERY = 0.5
#: A run still "running" after this long is taken as lost (a worker died) and no longer blocks.
RUN_STALE_SECONDS = 15 * 60


def _check_organiser_mode(event: Event) -> None:
    if event.scheduling_mode != SchedulingMode.ORGANISER:
        raise ValidationError(_("In this event the participants book their own meetings."))
    if event.status in (EventStatus.DRAFT, EventStatus.CLOSED):
        raise ValidationError(_("Open the event before scheduling its meetings."))


@transaction.atomic
def schedule_run_start(*, event: Event, by: User, time_limit: int = 30, incremental: bool = False) -> ScheduleRun:
    """Queue a run of the optimiser; the task solves and records progress and the result."""
    from chumchon.matching.tasks import run_schedule

    event = Event.objects.select_for_update().get(pk=event.pk)
    _check_organiser_mode(event)
    if not 5 <= time_limit <= 600:
        raise ValidationError(_("The time limit must be between 5 and 600 seconds."))
    recent = timezone.now() - dt.timedelta(seconds=RUN_STALE_SECONDS)
    if event.runs.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING], created_at__gte=recent).exists():
        raise ValidationError(_("The optimiser is already running for this event; wait for it to finish."))
    if not event.requests.accepted().exists():
        raise ValidationError(_("There are no accepted requests to schedule yet."))
    run = ScheduleRun.objects.create(
        event=event,
        created_by=by,
        time_limit=time_limit,
        incremental=incremental and event.meetings.active().exists(),
        message="Waiting to start",  # the steps are translated when shown (optimise.STEPS)
    )
    transaction.on_commit(lambda: run_schedule.enqueue(run.pk))
    return run


def _progress_writer(run: ScheduleRun) -> Any:
    last = [0.0]

    def write(fraction: float, message: str) -> None:
        now = time.monotonic()
        if fraction < 1.0 and now - last[0] < PROGRESS_EVERY:
            return
        last[0] = now
        # An update of two columns: it never overwrites the status or result written elsewhere.
        ScheduleRun.objects.filter(pk=run.pk).update(
            progress=round(min(1.0, max(0.0, fraction)), 3), message=message[:200]
        )

    return write


def _solve(event: Event, run: ScheduleRun, progress: Any) -> tuple[dict[str, Any], Schedule]:
    instance = optimise.event_instance(event)
    if run.incremental:
        previous = optimise.schedule_of(event)
        schedule = resolve_incremental(instance, previous, time_limit=run.time_limit, progress=progress)
    else:
        fixed = optimise.schedule_of(event, only_fixed=True)
        if not fixed.meetings:
            schedule = solve(instance, time_limit=run.time_limit, progress=progress)
        else:
            # Locked meetings must stay: solve freely, then keep the locked ones first and the
            # solution's other meetings wherever they still fit (the rest are re-placed).
            free = solve(instance, time_limit=max(1, run.time_limit * 0.8), progress=progress)
            kept = {m.request for m in fixed.meetings}
            previous = Schedule(fixed.meetings + [m for m in free.meetings if m.request not in kept])
            schedule = resolve_incremental(instance, previous, time_limit=max(1, run.time_limit * 0.2))
            bound = free.stats.get("upper_bound")
            if isinstance(bound, int | float):
                weight = schedule.stats.get("weight") or 0
                schedule.stats["upper_bound"] = max(bound, float(weight))
            schedule.stats["method"] = f"{free.stats.get('method')}+locks"
    errors = check_schedule(instance, schedule)
    if errors:  # never store a schedule that would double-book anyone
        raise InstanceError("; ".join(errors[:5]))
    return instance_to_dict(instance), schedule


def schedule_run_execute(*, run: ScheduleRun) -> ScheduleRun:
    """Run the optimiser for a queued run (called by the task). Failures are recorded, not raised."""
    claimed = ScheduleRun.objects.filter(pk=run.pk, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, message="Starting"
    )
    if not claimed:
        run.refresh_from_db()
        return run
    run.refresh_from_db()
    try:
        instance, schedule = _solve(run.event, run, _progress_writer(run))
    except Exception as error:
        logger.exception("schedule run %s failed", run.pk)
        run.status = RunStatus.FAILED
        run.error = _("The optimiser stopped with an error: %(error)s") % {"error": error}
        run.message = ""
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "message", "finished_at"])
        return run
    run.instance = instance
    run.result = schedule_to_dict(schedule)
    run.status = RunStatus.DONE
    run.progress = 1.0
    run.message = "Finished"
    run.finished_at = timezone.now()
    run.save(update_fields=["instance", "result", "status", "progress", "message", "finished_at"])
    return run


@transaction.atomic
def schedule_run_import(*, event: Event, by: User, data: object) -> ScheduleRun:
    """Take a `meeting-schedule/1` solved elsewhere as a finished run, once it checks out against
    the event as it is now; nothing is saved when it does not."""
    _check_organiser_mode(event)
    try:
        schedule = parse_schedule(data)
    except InstanceError as error:
        raise ValidationError(_("This is not a schedule file: %(error)s") % {"error": error}) from None
    instance = optimise.event_instance(event)
    errors = check_schedule(instance, schedule)
    if errors:
        shown = [_("The schedule does not fit this event: %(error)s") % {"error": e} for e in errors[:10]]
        if len(errors) > 10:
            shown.append(_("… and %(count)s more problems.") % {"count": len(errors) - 10})
        raise ValidationError(shown)
    placed = {m.request for m in schedule.meetings}
    weights = {r.id: r.weight for r in instance.requests}
    schedule.unscheduled = [u for u in schedule.unscheduled if u.request not in placed]
    missing = {r.id for r in instance.requests} - placed - {u.request for u in schedule.unscheduled}
    schedule.unscheduled += [Unscheduled(rid, "not in the imported file") for rid in sorted(missing)]
    schedule.stats.update(
        {
            "requests": len(instance.requests),
            "scheduled": len(schedule.meetings),
            "weight": sum(weights[m.request] for m in schedule.meetings),
            "method": "imported",
        }
    )
    return ScheduleRun.objects.create(
        event=event,
        created_by=by,
        status=RunStatus.DONE,
        time_limit=5,
        progress=1.0,
        message="Imported",
        instance=instance_to_dict(instance),
        result=schedule_to_dict(schedule),
        finished_at=timezone.now(),
    )


@transaction.atomic
def schedule_run_apply(*, run: ScheduleRun, by: User) -> int:
    """Write a finished run into the meetings: the movable meetings are replaced, locked ones and
    those of the day stay. All or nothing; returns the number of meetings now scheduled."""
    run = ScheduleRun.objects.select_for_update().select_related("event").get(pk=run.pk)
    event = run.event
    _check_organiser_mode(event)
    if run.status != RunStatus.DONE or run.result is None:
        raise ValidationError(_("Only a finished run can be applied."))
    schedule = parse_schedule(run.result)
    data = optimise.event_data(event)
    instance = optimise.instance_from(data)
    if check_schedule(instance, schedule):
        raise ValidationError(_("Requests or participants changed since this run: run the optimiser again."))
    fixed = {m.request_id for m in optimise.fixed_meetings(event)}
    Meeting.objects.filter(
        event=event, locked=False, status=MeetingStatus.SCHEDULED, source__in=optimise.MOVABLE_SOURCES
    ).delete()
    Meeting.objects.filter(event=event, status=MeetingStatus.CANCELLED).delete()
    requests = {mr.code: mr for mr in data.requests}
    slots = {s.code: s for s in data.slots}
    tables = {t.name: t for t in event.tables.all()}
    new: list[Meeting] = []
    for m in schedule.meetings:
        request = requests[m.request]
        if request.pk in fixed:
            continue
        table = tables.get(m.location) if not event.is_online else None
        booth = "" if event.is_online or table is not None else m.location
        new.append(
            Meeting(
                event=event,
                request=request,
                slot=slots[m.slot],
                table=table,
                booth=booth,
                source=MeetingSource.OPTIMISER,
                locked=m.locked,
                room_code=_room_code(),
            )
        )
    try:
        with transaction.atomic():
            Meeting.objects.bulk_create(new, batch_size=500)
            Seat.objects.bulk_create(
                [
                    Seat(meeting=m, registration_id=r, slot=m.slot)
                    for m in new
                    for r in (m.request.a_id, m.request.b_id)
                ],
                batch_size=1000,
            )
    except IntegrityError:
        raise ValidationError(
            _("A meeting was added meanwhile where this schedule puts another: run the optimiser again.")
        ) from None
    run.status = RunStatus.APPLIED
    run.save(update_fields=["status"])
    audit_record(actor=by, action="matching.schedule_apply", obj=event, after={"run": run.pk, "meetings": len(new)})
    return len(fixed) + len(new)


def _conflicts(*, meeting_request: MeetingRequest, slot: Slot, table: Table | None, exclude: int | None) -> None:
    """Refuse a place that clashes, naming who or what is in the way."""
    event = meeting_request.event
    if slot.event_id != event.pk:
        raise ValidationError(_("Choose a time slot of this event."))
    a, b = meeting_request.a, meeting_request.b
    others = (
        Meeting.objects.active()
        .filter(slot=slot)
        .select_related("request__a__organisation", "request__b__organisation", "table")
    )
    if exclude is not None:
        others = others.exclude(pk=exclude)
    for side in (a, b):
        if slot.pk not in available_slots(side):
            raise ValidationError(_("%(name)s is not available then.") % {"name": side.organisation})
        clash = others.filter(seats__registration=side).first()
        if clash is not None:
            raise ValidationError(
                _("%(name)s already has a meeting then (with %(other)s).")
                % {"name": side.organisation, "other": clash.request.other(side).organisation}
            )
    booth = "" if event.is_online else (a.booth or b.booth)
    if event.is_online:
        return
    if booth:
        clash = others.filter(booth=booth).first()
        if clash is not None:
            raise ValidationError(
                _("Booth %(booth)s is taken then by %(a)s and %(b)s.")
                % {"booth": booth, "a": clash.request.a.organisation, "b": clash.request.b.organisation}
            )
        return
    if table is None:
        raise ValidationError(_("Choose a table."))
    if table.event_id != event.pk:
        raise ValidationError(_("Choose a table of this event."))
    clash = others.filter(table=table).first()
    if clash is not None:
        raise ValidationError(
            _("Table %(table)s is taken then by %(a)s and %(b)s.")
            % {"table": table.name, "a": clash.request.a.organisation, "b": clash.request.b.organisation}
        )


@transaction.atomic
def meeting_move(*, meeting: Meeting, slot: Slot, table: Table | None, by: User) -> Meeting:
    """Move a meeting by hand to another slot or table; refused with the clash named."""
    meeting = Meeting.objects.select_for_update().select_related("event", "request__a", "request__b").get(pk=meeting.pk)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError(_("Only scheduled meetings can be moved."))
    request = meeting.request
    _conflicts(meeting_request=request, slot=slot, table=table, exclude=meeting.pk)
    event = meeting.event
    booth = "" if event.is_online else (request.a.booth or request.b.booth)
    meeting.slot = slot
    meeting.table = None if event.is_online or booth else table
    meeting.booth = booth
    meeting.source = MeetingSource.MANUAL
    try:
        with transaction.atomic():
            meeting.save(update_fields=["slot", "table", "booth", "source", "updated_at"])
            meeting.seats.update(slot=slot)
    except IntegrityError:
        raise ValidationError(_("That time or table was taken meanwhile: choose another.")) from None
    audit_record(actor=by, action="matching.meeting_move", obj=meeting, after={"slot": slot.pk})
    return meeting


@transaction.atomic
def meeting_lock(*, meeting: Meeting, locked: bool, by: User) -> Meeting:
    """Lock a meeting so that no run of the optimiser moves it (or unlock it)."""
    meeting.locked = locked
    meeting.save(update_fields=["locked", "updated_at"])
    return meeting


@transaction.atomic
def meeting_assign(*, meeting_request: MeetingRequest, slot: Slot, table: Table | None, by: User) -> Meeting:
    """Place an accepted request the optimiser left out, by hand, with the same conflict checks."""
    meeting_request = (
        MeetingRequest.objects.select_for_update().select_related("event", "a", "b").get(pk=meeting_request.pk)
    )
    if meeting_request.status != RequestStatus.ACCEPTED:
        raise ValidationError(_("Only accepted requests can be scheduled."))
    if Meeting.objects.active().filter(request=meeting_request).exists():
        raise ValidationError(_("This request already has a meeting."))
    _conflicts(meeting_request=meeting_request, slot=slot, table=table, exclude=None)
    return meeting_place(meeting_request=meeting_request, slot=slot, table=table, source=MeetingSource.MANUAL)


@transaction.atomic
def event_publish(*, event: Event, by: User) -> int:
    """Publish the agendas. The first time everyone hears their agenda is ready; after that only
    participants whose agenda changed are told. Returns how many were notified."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status not in (EventStatus.OPEN, EventStatus.PUBLISHED):
        raise ValidationError(_("Only an open event can publish its agendas."))
    first = event.published_at is None
    prints = optimise.fingerprints(event)
    registrations = list(event.registrations.approved())
    changed = [r for r in registrations if r.agenda_fingerprint != prints[r.pk]]
    for registration in changed:
        registration.agenda_fingerprint = prints[registration.pk]
    Registration.objects.bulk_update(changed, ["agenda_fingerprint"], batch_size=500)
    event.status = EventStatus.PUBLISHED
    event.published_at = timezone.now()
    event.save(update_fields=["status", "published_at"])
    told = registrations if first else changed
    _notify(
        registrations=told, actor=by, detail="agenda_published" if first else "agenda_changed", link=_agenda_link(event)
    )
    audit_record(actor=by, action="matching.event_publish", obj=event, after={"notified": len(told)})
    return len(told)


# --- agendas and the day itself (check-in, reminders, no-shows, walk-ins) ---

NO_SHOW_GRACE_MINUTES = 10  # a participant not checked in this long into their meeting may be released


def _acts_for(registration: Registration, by: User) -> bool:
    return Membership.objects.filter(user=by, organisation_id=registration.organisation_id).exists()


@transaction.atomic
def registration_new_calendar_token(*, registration: Registration, by: User) -> Registration:
    """A new address for the calendar feed: the old one stops working (e.g. it was shared)."""
    import uuid

    registration.calendar_token = uuid.uuid4()
    registration.save(update_fields=["calendar_token"])
    audit_record(actor=by, action="matching.calendar_token", obj=registration, summary=registration.code)
    return registration


@transaction.atomic
def registration_check_in(*, registration: Registration, by: User) -> tuple[Registration, bool]:
    """Check a participant in at the door (officers). Idempotent: a second scan changes nothing and
    says so (returns False)."""
    if not by.is_staff:
        raise ValidationError(_("Only the organiser's staff can check participants in."))
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.APPROVED:
        raise ValidationError(_("This registration is not approved, so it cannot be checked in."))
    if registration.checked_in_at is not None:
        return registration, False
    registration.checked_in_at = timezone.now()
    registration.save(update_fields=["checked_in_at"])
    audit_record(actor=by, action="matching.check_in", obj=registration, summary=registration.code)
    return registration, True


MARKABLE = (MeetingStatus.SCHEDULED, MeetingStatus.HELD, MeetingStatus.NO_SHOW)


@transaction.atomic
def meeting_mark(*, meeting: Meeting, status: str, by: User) -> Meeting:
    """Record that a meeting was held or that it was a no-show (or undo it: back to scheduled).
    Officers and either participant may; only once its time has come."""
    meeting = Meeting.objects.select_for_update().select_related("request__a", "request__b", "slot").get(pk=meeting.pk)
    if status not in MARKABLE:
        raise ValidationError(_("Choose held or no-show."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))
    if not (by.is_staff or _acts_for(meeting.request.a, by) or _acts_for(meeting.request.b, by)):
        raise ValidationError(_("Only the participants of this meeting or the organiser can mark it."))
    if status != MeetingStatus.SCHEDULED and meeting.slot.starts_at > timezone.now():
        raise ValidationError(_("This meeting has not started yet."))
    meeting.status = status
    meeting.save(update_fields=["status", "updated_at"])
    return meeting


@transaction.atomic
def registration_release_meetings(
    *, registration: Registration, by: User, now: dt.datetime | None = None
) -> list[Meeting]:
    """A participant did not come: their meetings from now on that day are cancelled, so the
    partners' slots are free for standby participants and walk-ins. The partners are told."""
    if not by.is_staff:
        raise ValidationError(_("Only the organiser's staff can release meetings."))
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    meetings = [
        meeting
        for meeting in Meeting.objects.of_registration(registration)
        .filter(status=MeetingStatus.SCHEDULED, slot__ends_at__gt=now)
        .select_related("slot", "request__a", "request__b")
        .select_for_update(of=("self",))
        if timezone.localtime(meeting.slot.starts_at).date() == today
    ]
    partners = []
    for meeting in meetings:
        if meeting.slot.starts_at <= now:  # under way: the partner waited in vain
            meeting.seats.all().delete()
            meeting.status = MeetingStatus.NO_SHOW
            meeting.table = None
            meeting.save(update_fields=["status", "table", "updated_at"])
        else:
            meeting_cancel(meeting=meeting)
        partners.append(meeting.request.other(registration))
    if meetings:
        audit_record(
            actor=by, action="matching.release", obj=registration, summary=f"{registration.code}: {len(meetings)}"
        )
        _notify(
            registrations=[registration, *partners],
            actor=by,
            detail="agenda_changed",
            link=_agenda_link(registration.event),
        )
    return meetings


@transaction.atomic
def meeting_walk_in(
    *, event: Event, first: Registration, second: Registration, slot: Slot, table: Table | None, by: User
) -> Meeting:
    """A meeting arranged on the spot between two checked-in participants in a free slot at a free
    table: an accepted request and its meeting (source walk-in). Both are told."""
    if not by.is_staff:
        raise ValidationError(_("Only the organiser's staff can arrange walk-in meetings."))
    # Fresh rows, locked: a check-in or another walk-in at the same moment is seen.
    fresh = {r.pk: r for r in Registration.objects.select_for_update().filter(pk__in=[first.pk, second.pk])}
    first, second = fresh[first.pk], fresh[second.pk]
    for side in (first, second):
        if side.event_id != event.pk or side.status != RegistrationStatus.APPROVED:
            raise ValidationError(_("Both participants must be approved for this event."))
        if side.checked_in_at is None:
            raise ValidationError(_("%(name)s has not checked in.") % {"name": side.organisation})
    if first.pk == second.pk:
        raise ValidationError(_("Choose two different participants."))
    if first.role == second.role:
        raise ValidationError(_("Meetings are between a buyer and a seller."))
    if slot.event_id != event.pk:
        raise ValidationError(_("Choose a time slot of this event."))
    if slot.ends_at <= timezone.now():
        raise ValidationError(_("That time slot is over."))
    for side in (first, second):
        if Seat.objects.filter(registration=side, slot=slot).exists():
            raise ValidationError(_("%(name)s already has a meeting then.") % {"name": side.organisation})
    if table is not None and Meeting.objects.filter(slot=slot, table=table).exists():
        raise ValidationError(_("That time or table is already taken."))
    a, b = (first, second) if first.pk < second.pk else (second, first)
    meeting_request = MeetingRequest.objects.select_for_update().filter(a=a, b=b).first()
    if (
        meeting_request is not None
        and Meeting.objects.filter(request=meeting_request).exclude(status=MeetingStatus.CANCELLED).exists()
    ):
        raise ValidationError(_("These two participants already have a meeting."))
    if meeting_request is None:
        meeting_request = MeetingRequest(event=event, a=a, b=b, requested_by=by)
    meeting_request.priority_a = meeting_request.priority_a or 2
    meeting_request.priority_b = meeting_request.priority_b or 2
    meeting_request.status = RequestStatus.ACCEPTED
    meeting_request.answered_by = by
    meeting_request.answered_at = timezone.now()
    meeting_request.save()
    meeting = meeting_place(
        meeting_request=meeting_request,
        slot=slot,
        table=table,
        source=MeetingSource.WALK_IN,
        locked=True,
        check_availability=False,
    )
    _notify(registrations=[first, second], actor=by, detail="walk_in", link=_agenda_link(event))
    return meeting


def meetings_send_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind both sides of every meeting starting within its event's `reminder_minutes`, once each
    (`reminded_at` is claimed by a conditional update, so two overlapping runs never both send).
    Safe to run every minute. Returns how many meetings were reminded."""
    from django.db.models import Max

    now = now or timezone.now()
    longest = Event.objects.aggregate(longest=Max("reminder_minutes"))["longest"] or 0
    candidates = (
        Meeting.objects.filter(
            status=MeetingStatus.SCHEDULED,
            reminded_at__isnull=True,
            slot__starts_at__gt=now,
            slot__starts_at__lte=now + dt.timedelta(minutes=longest),
            event__status__in=(EventStatus.OPEN, EventStatus.PUBLISHED),
        )
        .select_related("event", "slot", "request__a", "request__b")
        .order_by("slot__starts_at", "pk")
    )
    sent = 0
    for meeting in candidates:
        if meeting.slot.starts_at > now + dt.timedelta(minutes=meeting.event.reminder_minutes):
            continue
        with transaction.atomic():
            claimed = Meeting.objects.filter(pk=meeting.pk, reminded_at__isnull=True).update(reminded_at=now)
            if not claimed:
                continue
            _notify(
                registrations=[meeting.request.a, meeting.request.b],
                actor=None,
                detail="meeting_reminder",
                link=_agenda_link(meeting.event),
            )
        sent += 1
    return sent


# --- outcomes, deals and follow-ups -------------------------------------------------------------


def _member_of(registration: Registration, user: User) -> bool:
    return Membership.objects.filter(user=user, organisation_id=registration.organisation_id).exists()


def meeting_has_started(meeting: Meeting, now: dt.datetime | None = None) -> bool:
    """Outcomes can be recorded once the meeting's slot has started or it was marked held."""
    if meeting.status == MeetingStatus.HELD:
        return True
    return meeting.status == MeetingStatus.SCHEDULED and meeting.slot.starts_at <= (now or timezone.now())


@transaction.atomic
def outcome_record(
    *,
    meeting: Meeting,
    registration: Registration,
    by: User,
    interest: str,
    next_step: str = "none",
    expected_value: Decimal | int | str = 0,
    note: str = "",
) -> Outcome:
    """One side says what came of a meeting (recording again updates it). A scheduled meeting whose
    slot has started counts as held once a side records its outcome."""
    from chumchon.matching.models import Interest, NextStep

    if registration.pk not in (meeting.request.a_id, meeting.request.b_id) or not _member_of(registration, by):
        raise PermissionDenied
    if not meeting_has_started(meeting):
        raise ValidationError(_("You can say how the meeting went once it has started."))
    if interest not in Interest.values:
        raise ValidationError(_("Choose how interested you are."))
    if next_step not in NextStep.values:
        raise ValidationError(_("Choose the next step."))
    try:
        value = Decimal(str(expected_value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as error:
        raise ValidationError(_("Give the expected value in baht, for example 15000.")) from error
    if not value.is_finite() or value < 0 or value >= Decimal("10000000000"):
        raise ValidationError(_("The expected value must be zero or more (and less than ten billion baht)."))
    outcome, _created = Outcome.objects.update_or_create(
        meeting=meeting,
        registration=registration,
        defaults={
            "interest": interest,
            "next_step": next_step,
            "expected_value": value,
            "note": note.strip()[:500],
            "recorded_by": by,
        },
    )
    if meeting.status == MeetingStatus.SCHEDULED:
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status", "updated_at"])
    return outcome


def meeting_sides(meeting: Meeting) -> tuple[Registration, Registration]:
    """(buyer registration, seller registration) of a meeting."""
    a, b = meeting.request.a, meeting.request.b
    return (a, b) if a.role == Role.BUYER else (b, a)


@transaction.atomic
def meeting_deal_record(
    *,
    meeting: Meeting,
    by: User,
    value: Decimal | int | str,
    date: dt.date,
    kind: str,
    description: str = "",
) -> Deal:
    """Record a deal made from a meeting (source "matching_event"), for the other side to confirm;
    the deal stays linked to the meeting, so the event's report counts it once confirmed."""
    from chumchon.inquiries.models import DealSource
    from chumchon.inquiries.services import deal_record

    buyer, seller = meeting_sides(meeting)
    by_buyer, by_seller = _member_of(buyer, by), _member_of(seller, by)
    if not (by_buyer or by_seller):
        raise PermissionDenied
    if meeting.status in (MeetingStatus.CANCELLED, MeetingStatus.NO_SHOW) or not meeting_has_started(meeting):
        raise ValidationError(_("A deal can be recorded from a meeting that took place."))
    buyer_person = by if by_buyer else None
    if buyer_person is None:
        buyer_person = buyer.representatives.order_by("pk").first() or buyer.registered_by
    deal = deal_record(
        by=by,
        value=value,
        date=date,
        kind=kind,
        source=DealSource.MATCHING_EVENT,
        seller=seller.organisation,
        community=seller.community,
        buyer=buyer_person,
        buyer_organisation=buyer.organisation,
        description=description,
    )
    meeting.deals.add(deal)
    audit_record(actor=by, action="matching.deal_record", obj=meeting, summary=f"deal {deal.pk}")
    return deal


def _follow_up_link(follow_up: FollowUp) -> str:
    return reverse("matching:follow_up", kwargs={"token": follow_up.token})


@transaction.atomic
def follow_ups_send(*, event: Event, by: User) -> int:
    """The survey some months later: a follow-up per side of every held meeting, each side told
    where to answer (a link with an unguessable token, no login needed). Follow-ups already sent
    are not sent again. Returns how many were sent now."""
    held = list(
        event.meetings.filter(status=MeetingStatus.HELD).select_related(
            "request__a__organisation", "request__b__organisation"
        )
    )
    existing = set(FollowUp.objects.filter(meeting__event=event).values_list("meeting_id", "registration_id"))
    FollowUp.objects.bulk_create(
        [
            FollowUp(meeting=meeting, registration=side)
            for meeting in held
            for side in (meeting.request.a, meeting.request.b)
            if (meeting.pk, side.pk) not in existing
        ]
    )
    now = timezone.now()
    unsent = list(
        FollowUp.objects.filter(meeting__event=event, sent_at__isnull=True).select_related("registration", "meeting")
    )
    for follow_up in unsent:
        _notify(registrations=[follow_up.registration], actor=None, detail="follow_up", link=_follow_up_link(follow_up))
    FollowUp.objects.filter(pk__in=[f.pk for f in unsent]).update(sent_at=now)
    if unsent:
        audit_record(actor=by, action="matching.follow_ups_send", obj=event, summary=str(len(unsent)))
    return len(unsent)


@transaction.atomic
def follow_up_answer(*, follow_up: FollowUp, result: str, value: Decimal | None = None, note: str = "") -> FollowUp:
    """The participant's answer to the follow-up survey (answering again updates it)."""
    from chumchon.matching.models import FollowUpResult

    if result not in FollowUpResult.values:
        raise ValidationError(_("Choose what came of the meeting."))
    if value is not None and (not value.is_finite() or value < 0 or value >= Decimal("10000000000")):
        raise ValidationError(_("The value must be zero or more (and less than ten billion baht)."))
    follow_up.result = result
    follow_up.value = value
    follow_up.note = note.strip()[:500]
    follow_up.answered_at = timezone.now()
    follow_up.save(update_fields=["result", "value", "note", "answered_at"])
    return follow_up
