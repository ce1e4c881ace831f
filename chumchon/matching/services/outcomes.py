"""Outcomes, deals and follow-ups: what came of the meetings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chumchon.accounts.models import Membership, User
from chumchon.accounts.services import audit_record
from chumchon.matching.models import Event, FollowUp, Meeting, MeetingStatus, Outcome, Registration, Role

from ._common import _notify

if TYPE_CHECKING:
    from chumchon.inquiries.models import Deal


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
    # One message per participant, however many meetings they held: it opens the first survey,
    # which lists the others.
    first_of: dict[int, FollowUp] = {}
    for follow_up in sorted(unsent, key=lambda f: (f.meeting.slot_id, f.pk)):
        first_of.setdefault(follow_up.registration_id, follow_up)
    for follow_up in first_of.values():
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
