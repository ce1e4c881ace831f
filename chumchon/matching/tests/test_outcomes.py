"""Outcomes after meetings, deals recorded from a meeting, and the follow-up survey."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from chumchon.inquiries.models import Deal
from chumchon.inquiries.services import deal_confirm
from chumchon.matching import services
from chumchon.matching.models import FollowUp, Meeting, MeetingStatus, Outcome
from chumchon.notifications.models import Notification

pytestmark = pytest.mark.django_db


def make_meeting(event: Any, buyer: Any, seller: Any, *, slot: int = 0, held: bool = True) -> Meeting:
    meeting_request = services.request_send(sender=buyer, target=seller, by=buyer.person, priority=2, message="")
    services.request_accept(meeting_request=meeting_request, by=seller.person)
    meeting_request.refresh_from_db()
    slots = list(event.slots.all())
    tables = list(event.tables.all())
    meeting = services.meeting_place(
        meeting_request=meeting_request, slot=slots[slot], table=tables[slot % len(tables)]
    )
    if held:
        Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
        meeting.refresh_from_db()
    return meeting


@pytest.fixture
def pair(event, make_participant):
    buyer = make_participant(event, "buyer", name="Sukhothai Heritage Hotel")
    seller = make_participant(event, "seller", name="กลุ่มสังคโลกบ้านเกาะน้อย")
    return buyer, seller, make_meeting(event, buyer, seller)


def test_it_records_and_updates_one_sides_outcome(pair):
    buyer, _seller, meeting = pair
    services.outcome_record(
        meeting=meeting, registration=buyer, by=buyer.person, interest="some", expected_value="15000"
    )
    services.outcome_record(
        meeting=meeting, registration=buyer, by=buyer.person, interest="strong", next_step="quote",
        expected_value=Decimal("40000"), note="ขอใบเสนอราคา 200 ชุด",
    )  # fmt: skip
    outcome = Outcome.objects.get()
    assert (outcome.interest, outcome.next_step, outcome.expected_value) == ("strong", "quote", Decimal("40000.00"))


@translation.override("en")
def test_it_refuses_a_negative_value_and_a_meeting_not_yet_started(event, make_participant, pair):
    buyer, _seller, meeting = pair
    with pytest.raises(ValidationError, match="zero or more"):
        services.outcome_record(
            meeting=meeting, registration=buyer, by=buyer.person, interest="some", expected_value=-1
        )
    later = make_meeting(event, buyer, make_participant(event, "seller"), slot=3, held=False)
    with pytest.raises(ValidationError, match="started"):
        services.outcome_record(meeting=later, registration=buyer, by=buyer.person, interest="some")


def test_only_members_of_a_side_record_its_outcome(pair, make_participant, event):
    buyer, seller, meeting = pair
    with pytest.raises(PermissionDenied):
        services.outcome_record(meeting=meeting, registration=buyer, by=seller.person, interest="strong")
    stranger = make_participant(event, "buyer")
    with pytest.raises(PermissionDenied):
        services.outcome_record(meeting=meeting, registration=stranger, by=stranger.person, interest="strong")


def test_a_participant_sees_and_records_only_their_own_meetings_outcomes(client, pair, event, make_participant):
    buyer, seller, meeting = pair
    other_buyer = make_participant(event, "buyer", name="Other Tours")
    other_meeting = make_meeting(event, other_buyer, seller, slot=1)
    client.force_login(buyer.person)
    page = client.get(reverse("matching:outcomes", args=[event.slug]))
    assert page.status_code == 200
    assert "กลุ่มสังคโลกบ้านเกาะน้อย" in page.content.decode()
    assert "Other Tours" not in page.content.decode()
    response = client.post(
        reverse("matching:outcome_save", args=[event.slug, meeting.pk]),
        {"interest": "strong", "next_step": "samples", "expected_value": "25000", "note": ""},
    )
    assert response.status_code == 302
    assert Outcome.objects.get(meeting=meeting, registration=buyer).interest == "strong"
    someone_elses = client.post(
        reverse("matching:outcome_save", args=[event.slug, other_meeting.pk]),
        {"interest": "none", "next_step": "none", "expected_value": "0"},
    )
    assert someone_elses.status_code == 404
    assert not Outcome.objects.filter(meeting=other_meeting).exists()


def test_bad_outcome_input_is_refused_with_a_message_and_kept(client, pair, event):
    buyer, _seller, meeting = pair
    client.force_login(buyer.person)
    response = client.post(
        reverse("matching:outcome_save", args=[event.slug, meeting.pk]),
        {"interest": "strong", "next_step": "quote", "expected_value": "-5", "note": "ส่งตัวอย่าง"},
    )
    assert response.status_code == 400
    assert "ส่งตัวอย่าง" in response.content.decode()
    assert not Outcome.objects.exists()


def test_outcomes_need_an_approved_registration(client, event, bob):
    client.force_login(bob)
    assert client.get(reverse("matching:outcomes", args=[event.slug])).status_code == 404


def test_a_deal_from_a_meeting_links_back_to_the_event(client, pair, event):
    buyer, seller, meeting = pair
    client.force_login(seller.person)
    response = client.post(
        reverse("matching:meeting_deal", args=[event.slug, meeting.pk]),
        {"value": "48000", "date": "2026-12-10", "kind": "b2b_contract", "description": "จาน 300 ใบ"},
    )
    assert response.status_code == 302
    deal = Deal.objects.get()
    assert deal.source == "matching_event"
    assert deal.seller == seller.organisation and deal.community == seller.community
    assert deal.buyer_organisation == buyer.organisation and deal.buyer == buyer.person
    assert list(deal.matching_meetings.all()) == [meeting]
    assert deal.status == "pending_confirmation"
    deal_confirm(deal=deal, by=buyer.person)
    assert Deal.objects.confirmed().filter(matching_meetings__event=event).count() == 1


def test_follow_ups_go_to_each_side_of_held_meetings_once(pair, officer, event, make_participant):
    buyer, seller, _meeting = pair
    make_meeting(event, make_participant(event, "buyer"), seller, slot=2, held=False)  # not held: no survey
    assert services.follow_ups_send(event=event, by=officer) == 2
    assert services.follow_ups_send(event=event, by=officer) == 0
    assert FollowUp.objects.filter(sent_at__isnull=False).count() == 2
    notes = Notification.objects.filter(detail="follow_up")
    assert {n.recipient_id for n in notes} == {buyer.person.pk, seller.person.pk}
    tokens = {str(f.token) for f in FollowUp.objects.all()}
    assert {n.link.rstrip("/").rsplit("/", 1)[-1] for n in notes} == tokens


def test_the_follow_up_page_works_without_login_and_refuses_a_wrong_token(client, pair, officer, event):
    buyer, _seller, _meeting = pair
    services.follow_ups_send(event=event, by=officer)
    follow_up = FollowUp.objects.get(registration=buyer)
    url = reverse("matching:follow_up", args=[follow_up.token])
    page = client.get(url)
    assert page.status_code == 200 and "กลุ่มสังคโลกบ้านเกาะน้อย" in page.content.decode()
    bad = client.post(url, {"result": "agreement", "value": "-3"})
    assert bad.status_code == 400
    response = client.post(url, {"result": "repeat", "value": "120000", "note": "สั่งซ้ำทุกไตรมาส"})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.result, follow_up.value) == ("repeat", Decimal("120000.00"))
    assert follow_up.answered_at is not None
    assert client.get(reverse("matching:follow_up", args=[uuid.uuid4()])).status_code == 404
    assert client.get("/matching/follow-up/not-a-token/").status_code == 404


def test_only_officers_send_follow_ups(client, pair, event):
    buyer, _seller, _meeting = pair
    client.force_login(buyer.person)
    assert client.post(reverse("matching:follow_ups_send", args=[event.slug])).status_code == 404
    assert not FollowUp.objects.exists()


def test_recording_an_outcome_of_a_started_meeting_marks_it_held(pair, event, make_participant):
    buyer, _seller, _meeting = pair
    later = make_meeting(event, buyer, make_participant(event, "seller"), slot=4, held=False)
    later.slot.starts_at = later.slot.starts_at - dt.timedelta(days=365)
    later.slot.save()
    services.outcome_record(meeting=later, registration=buyer, by=buyer.person, interest="some")
    later.refresh_from_db()
    assert later.status == MeetingStatus.HELD


def test_a_seller_with_three_held_meetings_gets_one_follow_up_message_listing_all(
    client, pair, officer, event, make_participant
):
    _buyer, seller, _meeting = pair
    for slot in (2, 4):
        make_meeting(event, make_participant(event, "buyer"), seller, slot=slot)
    assert services.follow_ups_send(event=event, by=officer) == 6  # a survey per side of each meeting
    to_seller = Notification.objects.filter(detail="follow_up", recipient=seller.person)
    assert to_seller.count() == 1  # but one message per participant
    page = client.get(to_seller.get().link).content.decode()
    surveys = FollowUp.objects.filter(registration=seller)
    assert surveys.count() == 3
    opened = to_seller.get().link
    others = [reverse("matching:follow_up", args=[survey.token]) for survey in surveys]
    assert opened in others
    assert all(link in page for link in others if link != opened)  # the page links the two others
