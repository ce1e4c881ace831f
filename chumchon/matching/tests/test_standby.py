"""Standby participants on the day: a freed meeting is offered to those free then (of the other
role), each with a link; the first to accept gets the meeting, never two; later ones are told."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from chumchon.matching import services
from chumchon.matching.models import Meeting, MeetingSource, MeetingStatus, Registration, StandbyOffer
from chumchon.matching.tests.agenda_helpers import meeting_between
from chumchon.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _under_way(meeting: Meeting, minutes: int = 5) -> None:
    now = timezone.now()
    type(meeting.slot).objects.filter(pk=meeting.slot_id).update(
        starts_at=now - dt.timedelta(minutes=minutes), ends_at=now + dt.timedelta(minutes=20 - minutes)
    )
    meeting.refresh_from_db()


@pytest.fixture
def day(event, officer, make_participant):
    """A buyer whose seller did not come, two standby sellers, a seller not on standby and a
    standby buyer, all checked in but the absent seller; the meeting is under way."""
    people = {
        "buyer": make_participant(event, "buyer", name="Lanna Travel Co"),
        "absent": make_participant(event, "seller", name="Absent Weavers", standby=True),
        "first": make_participant(event, "seller", name="Quick Potters", standby=True),
        "second": make_participant(event, "seller", name="Slow Basketry", standby=True),
        "busy": make_participant(event, "seller", name="Not On Standby"),
        "buyer2": make_participant(event, "buyer", name="Standby Buyer", standby=True),
    }
    for name, registration in people.items():
        if name != "absent":
            services.registration_check_in(registration=registration, by=officer)
    meeting = meeting_between(event, people["buyer"], people["absent"], slot=0, table=0)
    _under_way(meeting)
    people["meeting"] = meeting
    return people


def _absent_side(meeting: Meeting, registration: Registration) -> str:
    return "a" if meeting.request.a_id == registration.pk else "b"


def test_a_no_show_offers_the_waiting_side_to_standby_participants_of_the_other_role(day, officer):
    meeting = day["meeting"]

    services.meeting_mark(
        meeting=meeting, status=MeetingStatus.NO_SHOW, absent=_absent_side(meeting, day["absent"]), by=officer
    )

    offered = set(StandbyOffer.objects.values_list("registration__organisation__name", flat=True))
    assert offered == {"Quick Potters", "Slow Basketry"}  # not the absent, not off standby, not a buyer
    told = Notification.objects.get(recipient=day["first"].person, detail__startswith="standby_offer:")
    offer = StandbyOffer.objects.get(registration=day["first"])
    assert told.link == reverse("matching:standby_offer", kwargs={"slug": meeting.event.slug, "pk": offer.pk})
    assert all(o.waiting_id == day["buyer"].pk for o in StandbyOffer.objects.all())


def test_the_first_to_accept_gets_the_meeting_and_the_second_is_told_it_is_gone(day, officer):
    meeting = day["meeting"]
    services.meeting_mark(
        meeting=meeting, status=MeetingStatus.NO_SHOW, absent=_absent_side(meeting, day["absent"]), by=officer
    )
    first = StandbyOffer.objects.get(registration=day["first"])
    second = StandbyOffer.objects.get(registration=day["second"])

    taken = services.standby_offer_accept(offer=first, by=day["first"].person)

    assert (taken.source, taken.slot_id, taken.table_id) == (MeetingSource.WALK_IN, meeting.slot_id, meeting.table_id)
    assert {taken.request.a_id, taken.request.b_id} == {day["buyer"].pk, day["first"].pk}
    with pytest.raises(ValidationError):
        services.standby_offer_accept(offer=second, by=day["second"].person)
    assert Meeting.objects.filter(source=MeetingSource.WALK_IN).count() == 1  # never two
    second.refresh_from_db()
    assert second.status == "gone"
    # The buyer who waited is told of the new meeting.
    assert Notification.objects.filter(recipient=day["buyer"].person, detail=f"walk_in:{taken.pk}").exists()


def test_an_offer_is_void_once_the_no_show_is_undone(day, officer):
    meeting = day["meeting"]
    services.meeting_mark(
        meeting=meeting, status=MeetingStatus.NO_SHOW, absent=_absent_side(meeting, day["absent"]), by=officer
    )
    services.meeting_mark(meeting=meeting, status=MeetingStatus.SCHEDULED, by=officer)

    with pytest.raises(ValidationError):
        services.standby_offer_accept(offer=StandbyOffer.objects.get(registration=day["first"]), by=day["first"].person)
    assert not Meeting.objects.filter(source=MeetingSource.WALK_IN).exists()


def test_releasing_an_absent_participant_offers_their_partners_later_meetings(event, day, officer, make_participant):
    later = meeting_between(event, day["buyer2"], day["absent"], slot=1, table=1)
    type(later.slot).objects.filter(pk=later.slot_id).update(
        starts_at=timezone.now() + dt.timedelta(minutes=30), ends_at=timezone.now() + dt.timedelta(minutes=50)
    )
    StandbyOffer.objects.all().delete()

    services.registration_release_meetings(registration=day["absent"], by=officer)

    freed = set(StandbyOffer.objects.values_list("freed_id", flat=True))
    assert freed == {day["meeting"].pk, later.pk}  # the one under way and the later one
    offer = StandbyOffer.objects.get(freed=later, registration=day["second"])
    taken = services.standby_offer_accept(offer=offer, by=day["second"].person)
    assert taken.slot_id == later.slot_id and taken.table_id is not None


def test_the_offer_page_takes_the_meeting_in_one_click_and_is_a_404_for_others(client, day, officer):
    meeting = day["meeting"]
    services.meeting_mark(
        meeting=meeting, status=MeetingStatus.NO_SHOW, absent=_absent_side(meeting, day["absent"]), by=officer
    )
    first = StandbyOffer.objects.get(registration=day["first"])
    second = StandbyOffer.objects.get(registration=day["second"])
    url = reverse("matching:standby_offer", kwargs={"slug": meeting.event.slug, "pk": first.pk})
    other = reverse("matching:standby_offer", kwargs={"slug": meeting.event.slug, "pk": second.pk})

    client.force_login(day["second"].person)  # someone else's offer
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    client.force_login(day["busy"].person)
    assert client.get(url).status_code == 404

    client.force_login(day["first"].person)
    page = client.get("/en" + url).content.decode()
    assert "Lanna Travel Co" in page and "Take this meeting" in page
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].endswith("/agenda/")
    assert Meeting.objects.filter(source=MeetingSource.WALK_IN).count() == 1

    client.force_login(day["second"].person)
    assert "someone else has already taken this meeting" in client.get("/en" + other).content.decode()
    client.post(other)
    assert Meeting.objects.filter(source=MeetingSource.WALK_IN).count() == 1


def test_a_participant_switches_standby_on_their_agenda(client, event, make_participant):
    seller = make_participant(event, "seller")
    agenda_url = reverse("matching:agenda", kwargs={"slug": event.slug})
    set_url = reverse("matching:standby_set", kwargs={"slug": event.slug})
    client.force_login(seller.person)
    assert "Put me on standby" in client.get("/en" + agenda_url).content.decode()

    client.post(set_url, {"standby": "1"})
    seller.refresh_from_db()
    assert seller.standby
    agenda = client.get("/en" + agenda_url).content.decode()
    assert "You are on standby." in agenda and "Stop standby" in agenda
    client.post(set_url, {"standby": "0"})
    seller.refresh_from_db()
    assert not seller.standby


def test_standby_cannot_be_set_without_an_approved_registration(client, event, make_participant):
    pending = make_participant(event, "seller", approve=False)
    client.force_login(pending.person)
    assert (
        client.post(reverse("matching:standby_set", kwargs={"slug": event.slug}), {"standby": "1"}).status_code == 404
    )


@pytest.mark.django_db(transaction=True)
def test_standby_participants_accepting_at_the_same_moment_never_get_two_meetings(
    places_data, event, officer, make_participant
):
    from functools import partial

    from django.db import connection

    from chumchon.core.tests.concurrency import side_by_side

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writes, so nothing would run side by side; run with DATABASE_URL=postgres://…")
    buyer = make_participant(event, "buyer")
    absent = make_participant(event, "seller")
    standby = [make_participant(event, "seller", standby=True) for _ in range(5)]
    for registration in (buyer, *standby):
        services.registration_check_in(registration=registration, by=officer)
    meeting = meeting_between(event, buyer, absent, slot=0, table=0)
    _under_way(meeting)
    services.meeting_mark(
        meeting=meeting, status=MeetingStatus.NO_SHOW, absent=_absent_side(meeting, absent), by=officer
    )
    offers = list(StandbyOffer.objects.filter(freed=meeting).select_related("registration"))
    assert len(offers) == 5
    people = {registration.pk: registration.person for registration in standby}
    outcome = side_by_side(
        *(partial(services.standby_offer_accept, offer=offer, by=people[offer.registration_id]) for offer in offers)
    )
    assert outcome.errors == []
    assert (len(outcome.done), len(outcome.refused)) == (1, 4)
    assert Meeting.objects.filter(source=MeetingSource.WALK_IN).count() == 1
    assert StandbyOffer.objects.filter(freed=meeting, status="taken").count() == 1
