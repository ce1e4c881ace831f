"""Who sees and does what in business matching, the same through the pages and the API.

The owner is the buyer of an approved pair with a meeting; Charlie is unrelated; officers see every
event (drafts too) and decide registrations, but a participant's requests, agenda and outcomes are
the participant's alone.
"""

import datetime as dt

import pytest
from django.db.models import F
from django.utils import timezone

from chumchon.core.tests.channels import CHANNELS, client_for, post, sees
from chumchon.matching import services
from chumchon.matching.models import Outcome, Registration, Slot

pytestmark = pytest.mark.django_db

PARTICIPANT_ONLY = [("anonymous", False), ("stranger", False), ("owner", True), ("officer", False)]


@pytest.fixture
def pair(make_event, make_participant):
    event = make_event(scheduling_mode="self")
    buyer = make_participant(event, "buyer", name="โรงแรมมรดกสุโขทัย")
    seller = make_participant(event, "seller", name="กลุ่มสังคโลกบ้านเกาะน้อย")
    meeting_request = services.request_send(sender=buyer, target=seller, by=buyer.person, message="ขอดูตัวอย่าง")
    services.request_accept(meeting_request=meeting_request, by=seller.person)
    Slot.objects.filter(event=event).update(starts_at=F("starts_at") - dt.timedelta(days=400))
    return event, buyer, seller, meeting_request.meeting


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("who, allowed", [("anonymous", False), ("stranger", False), ("officer", True)])
def test_it_shows_a_draft_event_to_officers_only(request, officer, channel, who, allowed):
    now = timezone.now()
    services.event_create(
        by=officer, tables=1, name_th="งานร่าง", slug="draft-event", venue="ที่ไหนสักแห่ง",
        registration_opens=now, registration_closes=now + dt.timedelta(days=10),
    )  # fmt: skip
    url = {"page": "/matching/draft-event/", "api": "/api/v1/matching/events/draft-event/"}[channel]
    assert sees(client_for(request, who), url, "งานร่าง") is allowed


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("who, allowed", PARTICIPANT_ONLY)
def test_it_shows_meeting_requests_to_the_participant_only(request, pair, channel, who, allowed):
    event, buyer, _seller, _meeting = pair
    url = {"page": f"/matching/{event.slug}/requests/", "api": "/api/v1/matching/requests/"}[channel]
    assert sees(client_for(request, who, owner=buyer.person), url, "กลุ่มสังคโลกบ้านเกาะน้อย") is allowed


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("who, allowed", PARTICIPANT_ONLY)
def test_it_shows_the_agenda_to_the_participant_only(request, pair, channel, who, allowed):
    event, buyer, _seller, _meeting = pair
    url = {"page": f"/matching/{event.slug}/agenda/", "api": "/api/v1/matching/agenda/"}[channel]
    assert sees(client_for(request, who, owner=buyer.person), url, "กลุ่มสังคโลกบ้านเกาะน้อย") is allowed


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("who, allowed", PARTICIPANT_ONLY)
def test_it_lets_only_the_participant_record_an_outcome(request, pair, channel, who, allowed):
    event, buyer, _seller, meeting = pair
    client = client_for(request, who, owner=buyer.person)
    data = {"interest": "strong", "next_step": "quote", "expected_value": "25000", "note": ""}
    if channel == "page":
        post(client, f"/matching/{event.slug}/outcomes/{meeting.pk}/", data)
    else:
        post(client, "/api/v1/matching/outcomes/", {**data, "meeting": meeting.pk}, json=True)
    assert Outcome.objects.filter(meeting=meeting).exists() is allowed


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(
    "who, allowed", [("anonymous", False), ("stranger", False), ("owner", False), ("officer", True)]
)
def test_it_lets_only_officers_approve_a_registration(request, make_event, make_participant, channel, who, allowed):
    event = make_event()
    registration = make_participant(event, "buyer", approve=False)
    client = client_for(request, who, owner=registration.person)
    if channel == "page":
        post(client, f"/matching/staff/{event.slug}/registrations/{registration.pk}/approve/")
    else:
        post(client, f"/api/v1/matching/registrations/{registration.pk}/approve/", json=True)
    assert (Registration.objects.get(pk=registration.pk).status == "approved") is allowed


@pytest.mark.parametrize("channel", CHANNELS)
def test_it_stops_showing_requests_once_the_registration_is_cancelled(request, pair, channel):
    # The API used to go on listing the requests of any registration, approved or not.
    event, buyer, _seller, _meeting = pair
    Registration.objects.filter(pk=buyer.pk).update(status="cancelled")
    url = {"page": f"/matching/{event.slug}/requests/", "api": "/api/v1/matching/requests/"}[channel]
    assert not sees(client_for(request, "owner", owner=buyer.person), url, "กลุ่มสังคโลกบ้านเกาะน้อย")
