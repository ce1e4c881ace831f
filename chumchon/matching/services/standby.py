"""Standby participants on the day: when a meeting is freed (one side did not come, or it was
cancelled), the checked-in standby participants of the other role who are free in that slot are
offered it, each with a link; the first to accept meets the side who waited (a walk-in meeting,
booked by `meeting_walk_in`'s own rules); later ones are told it is gone."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chumchon.accounts.models import Membership, User
from chumchon.matching.models import (
    Meeting,
    MeetingStatus,
    Registration,
    RegistrationStatus,
    StandbyOffer,
    StandbyOfferStatus,
    Table,
)

from ._common import _link, _notify
from .groups import group_tables
from .onsite import _walk_in_book


def standby_offers_make(*, freed: Meeting, waiting: Registration) -> list[StandbyOffer]:
    """Offer a freed meeting's time with `waiting` (the side still there) to every standby
    participant free then, and tell each. Nothing when the slot is over, or when the side who
    waited has not checked in (a walk-in is between people who are there)."""
    from chumchon.matching import selectors

    waiting = Registration.objects.get(pk=waiting.pk)
    slot = freed.slot
    if slot.ends_at <= timezone.now() or waiting.checked_in_at is None:
        return []
    if waiting.status != RegistrationStatus.APPROVED:
        return []
    absent = [freed.request.a_id, freed.request.b_id]
    candidates = (
        selectors.free_in_slot(freed.event, slot, standby_only=True).exclude(role=waiting.role).exclude(pk__in=absent)
    )
    offers = [
        StandbyOffer.objects.get_or_create(freed=freed, waiting=waiting, registration=candidate)[0]
        for candidate in candidates
    ]
    for offer in offers:
        _notify(
            registrations=[offer.registration],
            actor=None,
            detail=f"standby_offer:{offer.pk}",
            link=_link("standby_offer", slug=freed.event.slug, pk=offer.pk),
        )
    return offers


def standby_offers_for_freed(*, meeting: Meeting, absent: str) -> list[StandbyOffer]:
    """The hook for a no-show or a cancellation on the day: offers to meet whoever waited."""
    request = meeting.request
    waiting = {"a": [request.b], "b": [request.a], "": [request.a, request.b]}.get(absent, [])
    return [offer for side in waiting for offer in standby_offers_make(freed=meeting, waiting=side)]


def _free_table(freed: Meeting) -> Table | None:
    taken = Meeting.objects.filter(slot=freed.slot_id).exclude(
        status__in=(MeetingStatus.NO_SHOW, MeetingStatus.CANCELLED)
    )
    tables = freed.event.tables.exclude(pk__in=taken.exclude(table=None).values("table"))
    tables = tables.exclude(pk__in=group_tables(freed.event, freed.slot)[freed.slot_id])
    if freed.table_id is not None and tables.filter(pk=freed.table_id).exists():
        return freed.table
    return tables.first()


@transaction.atomic
def standby_offer_accept(*, offer: StandbyOffer, by: User) -> Meeting:
    """Take an offered meeting. The freed meeting's row is locked first, so of two people accepting
    at once exactly one gets it (and a unique constraint backs it); the other is told it is gone."""
    Meeting.objects.select_for_update().get(pk=offer.freed_id)  # one acceptance at a time
    offer = StandbyOffer.objects.select_for_update().select_related("freed__slot", "freed__event").get(pk=offer.pk)
    if not Membership.objects.filter(user=by, organisation_id=offer.registration.organisation_id).exists():
        raise ValidationError(_("Only the participant this was offered to can take it."))
    if offer.status == StandbyOfferStatus.TAKEN:
        raise ValidationError(_("You have already taken this meeting."))
    freed = offer.freed
    gone = StandbyOffer.objects.filter(freed=freed, waiting=offer.waiting_id, status=StandbyOfferStatus.TAKEN)
    if offer.status == StandbyOfferStatus.GONE or gone.exists():
        raise ValidationError(_("Sorry, someone else has already taken this meeting."))
    if freed.status not in (MeetingStatus.NO_SHOW, MeetingStatus.CANCELLED):
        raise ValidationError(_("This time is no longer free: the meeting takes place after all."))
    organiser = freed.event.created_by  # the walk-in is arranged on the organiser's behalf
    meeting = _walk_in_book(
        event=freed.event,
        first=offer.waiting,
        second=offer.registration,
        slot=freed.slot,
        table=_free_table(freed),
        by=organiser,
    )
    now = timezone.now()
    offer.status, offer.meeting, offer.answered_at = StandbyOfferStatus.TAKEN, meeting, now
    offer.save(update_fields=["status", "meeting", "answered_at"])
    StandbyOffer.objects.filter(freed=freed, waiting=offer.waiting_id, status=StandbyOfferStatus.OPEN).update(
        status=StandbyOfferStatus.GONE, answered_at=now
    )
    return meeting
