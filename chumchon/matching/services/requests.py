"""Meeting requests: sending, answering, withdrawing and expiring them; preferences."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chumchon.accounts.models import Membership, User
from chumchon.core import ratelimit
from chumchon.matching.models import (
    Event,
    EventStatus,
    Meeting,
    MeetingRequest,
    Preference,
    PreferenceLevel,
    Registration,
    RegistrationStatus,
    RequestMode,
    RequestStatus,
    SchedulingMode,
    Slot,
)

from ._common import _agenda_link, _notify, _requests_link
from .meetings import meeting_book, meeting_cancel
from .participants import check_pair, may_meet


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
    check_pair(sender, target)
    if event.status not in (EventStatus.OPEN, EventStatus.PUBLISHED):
        raise ValidationError(_("This event does not take meeting requests now."))
    if _expired(event):
        raise ValidationError(_("The deadline for meeting requests has passed."))
    if priority not in (1, 2, 3):
        raise ValidationError(_("Choose a priority."))
    ratelimit.enforce(action="message", who=by.pk)  # a request's note is a message like any other
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
def request_accept(
    *, meeting_request: MeetingRequest, by: User, automatic: bool = False, slot: Slot | None = None
) -> MeetingRequest:
    """Accept a request (the side that was asked, or automatically); in self-scheduling mode the
    slot the person chose among those free for both (or else the earliest) and a table are booked
    at once."""
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
    if not event.may_meet(meeting_request.a.participant_type, meeting_request.b.participant_type):
        check_pair(meeting_request.a, meeting_request.b)  # the rule narrowed since it was sent
    for side in (meeting_request.a, meeting_request.b):
        _check_limit(side)
    meeting_request.status = RequestStatus.ACCEPTED
    meeting_request.answered_by = by
    meeting_request.answered_at = timezone.now()
    meeting_request.save(update_fields=["status", "answered_by", "answered_at"])
    if event.scheduling_mode == SchedulingMode.SELF:
        meeting_book(meeting_request=meeting_request, slot=slot)
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
    check_pair(registration, target)
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
    approved = {r.pk: r for r in event.registrations.approved()}
    existing = {(r.a_id, r.b_id): r for r in MeetingRequest.objects.filter(event=event)}
    count = 0
    for (a, b), by_side in levels.items():
        if a not in approved or b not in approved or not may_meet(approved[a], approved[b]):
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
