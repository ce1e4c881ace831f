"""Agendas and the day itself: check-in, reminders, no-shows, walk-ins."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chumchon.accounts.models import Membership, User
from chumchon.accounts.services import audit_record
from chumchon.matching.models import (
    AbsentSide,
    Event,
    EventStatus,
    Meeting,
    MeetingRequest,
    MeetingSource,
    MeetingStatus,
    Registration,
    RegistrationStatus,
    RequestStatus,
    Seat,
    Slot,
    Table,
)

from ._common import _agenda_link, _notify
from .groups import group_busy_slots, group_tables
from .meetings import meeting_cancel, meeting_place
from .participants import check_pair

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


def _side_of(meeting: Meeting, by: User) -> str:
    """Which side of the meeting `by` acts for ("a" or "b"), or "" (an officer, say)."""
    if _acts_for(meeting.request.a, by):
        return AbsentSide.A
    if _acts_for(meeting.request.b, by):
        return AbsentSide.B
    return ""


def _restore_seats(meeting: Meeting) -> None:
    """Undo a no-show: the freed seats and the table hold the slot again, unless a walk-in took them."""
    try:
        with transaction.atomic():
            meeting.seats.filter(released=True).update(released=False)
            if meeting.table_id is not None:
                taken = (
                    Meeting.objects.filter(slot=meeting.slot_id, table=meeting.table_id)
                    .exclude(pk=meeting.pk)
                    .exclude(status__in=(MeetingStatus.NO_SHOW, MeetingStatus.CANCELLED))
                )
                if taken.exists():
                    raise IntegrityError
    except IntegrityError:
        raise ValidationError(
            _("A walk-in meeting has taken this time or table meanwhile, so the no-show cannot be undone.")
        ) from None


@transaction.atomic
def meeting_mark(*, meeting: Meeting, status: str, by: User, absent: str = "") -> Meeting:
    """Record that a meeting was held or that it was a no-show (or undo it: back to scheduled).
    Officers and either participant may; only once its time has come.

    A no-show says who was absent: a participant marking it means the other side; an officer says
    which side (or both). Only the absent side's seat is freed, and the table, so that the one who
    waited can meet a walk-in there; a checked-in side is never marked absent by the other side."""
    meeting = Meeting.objects.select_for_update().select_related("request__a", "request__b", "slot").get(pk=meeting.pk)
    if status not in MARKABLE:
        raise ValidationError(_("Choose held or no-show."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))
    side = _side_of(meeting, by)
    if not (by.is_staff or side):
        raise ValidationError(_("Only the participants of this meeting or the organiser can mark it."))
    if status != MeetingStatus.SCHEDULED and meeting.slot.starts_at > timezone.now():
        raise ValidationError(_("This meeting has not started yet."))
    if status == MeetingStatus.NO_SHOW:
        if not by.is_staff:
            absent = AbsentSide.B if side == AbsentSide.A else AbsentSide.A
        if absent not in (AbsentSide.A, AbsentSide.B, AbsentSide.BOTH):
            raise ValidationError(_("Say who did not come."))
        if absent == AbsentSide.A:
            sides = [meeting.request.a]
        elif absent == AbsentSide.B:
            sides = [meeting.request.b]
        else:
            sides = [meeting.request.a, meeting.request.b]
        if not by.is_staff and any(person.checked_in_at is not None for person in sides):
            raise ValidationError(
                _("%(name)s has checked in: ask the desk to record who did not come.") % {"name": sides[0].organisation}
            )
        if meeting.status == MeetingStatus.NO_SHOW:
            _restore_seats(meeting)
        meeting.seats.filter(registration__in=sides).update(released=True)
    else:
        if meeting.status == MeetingStatus.NO_SHOW:
            _restore_seats(meeting)
        absent = ""
    meeting.status = status
    meeting.absent = absent
    meeting.save(update_fields=["status", "absent", "updated_at"])
    if status == MeetingStatus.NO_SHOW:
        from .standby import standby_offers_for_freed

        standby_offers_for_freed(meeting=meeting, absent=absent)
    return meeting


@transaction.atomic
def registration_release_meetings(
    *, registration: Registration, by: User, now: dt.datetime | None = None
) -> list[Meeting]:
    """A participant did not come: their meetings from now on that day are cancelled, so the
    partners' slots are free for standby participants and walk-ins. The partners are told."""
    if not by.is_staff:
        raise ValidationError(_("Only the organiser's staff can release meetings."))
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("organisation", "event")
        .get(pk=registration.pk)
    )
    if registration.checked_in_at is not None:  # never release someone who is here
        raise ValidationError(
            _("%(name)s has checked in: their meetings are not released.") % {"name": registration.organisation}
        )
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
            meeting.seats.filter(registration=registration).update(released=True)
            meeting.status = MeetingStatus.NO_SHOW
            meeting.absent = AbsentSide.A if meeting.request.a_id == registration.pk else AbsentSide.B
            meeting.save(update_fields=["status", "absent", "updated_at"])
        else:
            meeting_cancel(meeting=meeting)
        partners.append(meeting.request.other(registration))
    from .standby import standby_offers_for_freed

    for meeting in meetings:  # the partners who came may meet a standby participant instead
        side = AbsentSide.A if meeting.request.a_id == registration.pk else AbsentSide.B
        standby_offers_for_freed(meeting=meeting, absent=side)
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
    return _walk_in_book(event=event, first=first, second=second, slot=slot, table=table, by=by)


def _walk_in_book(
    *, event: Event, first: Registration, second: Registration, slot: Slot, table: Table | None, by: User
) -> Meeting:
    """The walk-in itself, for the desk and for a standby participant taking a freed meeting
    (`services.standby`); the caller checked who may arrange it."""
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
    check_pair(first, second)
    if slot.event_id != event.pk:
        raise ValidationError(_("Choose a time slot of this event."))
    if slot.ends_at <= timezone.now():
        raise ValidationError(_("That time slot is over."))
    waited: list[Seat] = []  # seats of those whose partner did not come: the walk-in takes their time
    for side in (first, second):
        seat = Seat.objects.filter(registration=side, slot=slot, released=False).select_related("meeting").first()
        if seat is None:
            continue
        if seat.meeting.status != MeetingStatus.NO_SHOW:
            raise ValidationError(_("%(name)s already has a meeting then.") % {"name": side.organisation})
        waited.append(seat)
    for side in (first, second):
        if slot.pk in group_busy_slots(side):
            raise ValidationError(_("%(name)s is already in a group session then.") % {"name": side.organisation})
    taken = Meeting.objects.filter(slot=slot, table=table).exclude(
        status__in=(MeetingStatus.NO_SHOW, MeetingStatus.CANCELLED)
    )
    if table is not None and (taken.exists() or table.pk in group_tables(event, slot)[slot.pk]):
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
    Seat.objects.filter(pk__in=[seat.pk for seat in waited]).update(released=True)
    meeting = meeting_place(
        meeting_request=meeting_request,
        slot=slot,
        table=table,
        source=MeetingSource.WALK_IN,
        locked=True,
        check_availability=False,
    )
    _notify(registrations=[first, second], actor=by, detail=f"walk_in:{meeting.pk}", link=_agenda_link(event))
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
                detail=f"meeting_reminder:{meeting.pk}",
                link=_agenda_link(meeting.event),
            )
        sent += 1
    return sent
