"""Meetings: placing an accepted request in a slot at a table, self-booking and cancelling."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chumchon.accounts.models import Membership, User
from chumchon.matching.models import (
    Event,
    Meeting,
    MeetingRequest,
    MeetingSource,
    MeetingStatus,
    Registration,
    RequestStatus,
    SchedulingMode,
    Seat,
    Slot,
    Table,
)

from ._common import _agenda_link, _notify, _room_code
from .groups import group_busy_slots, group_tables


def available_slots(registration: Registration) -> set[int]:
    """Slots of the sessions a participant attends, minus those they cannot make and those they
    spend in group sessions."""
    sessions = registration.sessions.values_list("pk", flat=True)
    slots = set(Slot.objects.filter(event_id=registration.event_id, session__in=sessions).values_list("pk", flat=True))
    return slots - set(registration.unavailable_slots.values_list("pk", flat=True)) - group_busy_slots(registration)


def _busy_slots(registration: Registration) -> set[int]:
    return set(Seat.objects.filter(registration=registration, released=False).values_list("slot_id", flat=True))


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
    # A group session holds its people's time and its table without seats or a meeting row: lock
    # the two participants, then the table (group_create and group_join lock in the same order),
    # and look again, so that a group and a meeting never take the same time or table at once.
    list(Registration.objects.select_for_update().filter(pk__in=(a.pk, b.pk)).order_by("pk").values_list("pk"))
    if slot.pk in group_busy_slots(a) | group_busy_slots(b):
        raise ValidationError(_("That time or table is already taken."))
    if table is not None:
        list(Table.objects.select_for_update().filter(pk=table.pk).values_list("pk"))
        if table.pk in group_tables(event, slot)[slot.pk]:
            raise ValidationError(_("That time or table is already taken."))
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
    taken = (
        Meeting.objects.filter(slot=slot, table__isnull=False)
        .exclude(status__in=(MeetingStatus.NO_SHOW, MeetingStatus.CANCELLED))
        .values_list("table_id", flat=True)
    )
    held = group_tables(event, slot)[slot.pk]  # a group session's table is taken too
    return list(event.tables.exclude(pk__in=taken).exclude(pk__in=held))


def common_free_slots(meeting_request: MeetingRequest, *, moving: Meeting | None = None) -> list[Slot]:
    """Self-scheduling: the slots both sides attend and are free in (ignoring the meeting being
    moved), that have not started, with a free table when the meeting needs one; in time order."""
    event = meeting_request.event
    a, b = meeting_request.a, meeting_request.b
    busy = Seat.objects.filter(registration__in=(a, b), released=False).exclude(meeting__status=MeetingStatus.NO_SHOW)
    if moving is not None:
        busy = busy.exclude(meeting=moving)
    taken = set(busy.values_list("slot_id", flat=True))
    common = (available_slots(a) & available_slots(b)) - taken
    slots = Slot.objects.filter(pk__in=common, starts_at__gt=timezone.now()).order_by("starts_at")
    if event.is_online or a.booth or b.booth:
        return list(slots)
    return [slot for slot in slots if _free_tables(event, slot)]


@transaction.atomic
def meeting_book(*, meeting_request: MeetingRequest, slot: Slot | None = None) -> Meeting | None:
    """Self-scheduling: the slot a side chose, or else the earliest slot both sides are free, at a
    free table. Tries the next candidate when a concurrent booking took it first; None when no
    common free slot is left. A chosen slot that is not free for both is refused with a message."""
    existing = Meeting.objects.filter(request=meeting_request).exclude(status=MeetingStatus.CANCELLED).first()
    if existing is not None:
        return existing
    event = meeting_request.event
    a, b = meeting_request.a, meeting_request.b
    common = (available_slots(a) & available_slots(b)) - _busy_slots(a) - _busy_slots(b)
    if slot is not None and slot.pk not in common:
        raise ValidationError(_("That time is not free for both of you: choose another."))
    candidates = [slot] if slot is not None else list(Slot.objects.filter(pk__in=common).order_by("starts_at"))
    needs_table = not (event.is_online or a.booth or b.booth)
    for candidate in candidates:
        tables: list[Table | None] = list(_free_tables(event, candidate)) if needs_table else [None]
        for table in tables:
            try:
                with transaction.atomic():
                    return meeting_place(
                        meeting_request=meeting_request,
                        slot=candidate,
                        table=table,
                        source=MeetingSource.SELF,
                        check_availability=False,
                    )
            except ValidationError:
                continue  # taken meanwhile by a concurrent booking: try the next one
    if slot is not None:
        raise ValidationError(_("That time was taken meanwhile: choose another."))
    return None


@transaction.atomic
def meeting_rebook(*, meeting: Meeting, slot: Slot, by: User) -> Meeting:
    """Self-scheduling: either side moves their meeting to another slot free for both (and a free
    table). The other side is told, with the new time and place."""
    meeting = Meeting.objects.select_for_update().select_related("event", "request__a", "request__b").get(pk=meeting.pk)
    event, request = meeting.event, meeting.request
    mine = set(Membership.objects.filter(user=by).values_list("organisation_id", flat=True))
    if not (by.is_staff or {request.a.organisation_id, request.b.organisation_id} & mine):
        raise ValidationError(_("Only the participants of this meeting can change its time."))
    if event.scheduling_mode != SchedulingMode.SELF:
        raise ValidationError(_("The organiser schedules this event's meetings."))
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError(_("Only scheduled meetings can be moved."))
    if slot.pk not in {free.pk for free in common_free_slots(request, moving=meeting)}:
        raise ValidationError(_("That time is not free for both of you: choose another."))
    table = None
    if not (event.is_online or request.a.booth or request.b.booth):
        tables = _free_tables(event, slot)
        table = meeting.table if meeting.table in tables else (tables[0] if tables else None)
    meeting.slot, meeting.table = slot, table
    meeting_mark_changed(meeting)
    try:
        with transaction.atomic():
            meeting.save(update_fields=["slot", "table", "changed_at", "sequence", "updated_at"])
            meeting.seats.update(slot=slot)
    except IntegrityError:
        raise ValidationError(_("That time was taken meanwhile: choose another.")) from None
    _notify(
        registrations=[request.a, request.b], actor=by, detail=f"meeting_moved:{meeting.pk}", link=_agenda_link(event)
    )
    return meeting


def meeting_mark_changed(meeting: Meeting) -> None:
    """After the agendas are published, a moved or cancelled meeting shows as changed on both
    agendas and its calendar entry's SEQUENCE rises (the caller saves the meeting)."""
    if meeting.event.published_at is not None:
        meeting.changed_at = timezone.now()
        meeting.sequence += 1


@transaction.atomic
def meeting_cancel(*, meeting: Meeting) -> None:
    """Free the meeting's slot and table for others. After publishing, the seats stay (released)
    so that both agendas still show the meeting, marked cancelled."""
    if meeting.event.published_at is not None:
        meeting.seats.update(released=True)
    else:
        meeting.seats.all().delete()
    meeting.status = MeetingStatus.CANCELLED
    meeting.table = None
    meeting_mark_changed(meeting)
    meeting.save(update_fields=["status", "table", "changed_at", "sequence", "updated_at"])


def meeting_counts(event: Event) -> dict[str, int]:
    """Requests and meetings of an event, for the organiser's overview."""
    requests = event.requests.aggregate(
        pending=Count("pk", filter=Q(status=RequestStatus.PENDING)),
        accepted=Count("pk", filter=Q(status=RequestStatus.ACCEPTED)),
    )
    meetings = event.meetings.exclude(status=MeetingStatus.CANCELLED).count()
    return {"pending": requests["pending"], "accepted": requests["accepted"], "meetings": meetings}
