"""Agendas and the day itself: check-in, reminders, no-shows, walk-ins."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chumchon.accounts.models import Membership, User
from chumchon.accounts.services import audit_record
from chumchon.matching.models import (
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
from .meetings import meeting_cancel, meeting_place

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
