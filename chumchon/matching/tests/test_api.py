"""The matching API: a participant sees only their own registrations, requests and agenda."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from chumchon.matching import services
from chumchon.matching.models import MeetingRequest

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_it_lists_visible_events_with_their_sessions(event, make_event, client):
    draft_slug = "draft-event"
    draft = make_event(slug=draft_slug)
    draft.status = "draft"
    draft.save()
    body = client.get("/api/v1/matching/events/").json()
    slugs = [row["slug"] for row in body["results"]]
    assert slugs == [event.slug]
    assert body["results"][0]["sessions"][0]["slots"] == 7
    assert client.get(f"/api/v1/matching/events/{draft_slug}/").status_code == 404


def test_it_sends_and_accepts_a_request_and_shows_the_agenda_to_both_sides_only(make_event, make_participant, charlie):
    event = make_event(scheduling_mode="self")
    buyer = make_participant(event, "buyer", name="โรงแรมริมน่าน")
    seller = make_participant(event, "seller", name="กลุ่มสังคโลก")
    response = client_for(buyer.person).post(
        "/api/v1/matching/requests/",
        {"event": event.slug, "target": seller.pk, "priority": 3, "message": "สนใจจานสังคโลก"},
        format="json",
    )
    assert response.status_code == 201, response.content
    request_id = response.json()["id"]
    # Only the asked side may accept; a stranger does not even see the request.
    assert client_for(charlie).post(f"/api/v1/matching/requests/{request_id}/accept/").status_code == 404
    assert client_for(buyer.person).post(f"/api/v1/matching/requests/{request_id}/accept/").status_code == 400
    accepted = client_for(seller.person).post(f"/api/v1/matching/requests/{request_id}/accept/")
    assert accepted.json()["status"] == "accepted"
    agenda = client_for(buyer.person).get(f"/api/v1/matching/agenda/?event={event.slug}").json()["results"]
    assert [(m["partner"], m["role"]) for m in agenda] == [("กลุ่มสังคโลก", "buyer")]
    assert client_for(charlie).get("/api/v1/matching/agenda/").json()["results"] == []
    assert client_for(charlie).get("/api/v1/matching/requests/").json()["results"] == []


def test_it_refuses_a_request_to_someone_not_in_the_event_with_a_clear_message(event, make_participant):
    buyer = make_participant(event, "buyer")
    response = client_for(buyer.person).post(
        "/api/v1/matching/requests/", {"event": event.slug, "target": 999999}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "target"
    assert "No approved participant" in response.json()["errors"][0]["message"]
    assert MeetingRequest.objects.count() == 0


def test_it_lets_only_officers_approve_registrations(event, make_participant, officer):
    pending = make_participant(event, "seller", approve=False)
    assert client_for(pending.person).post(f"/api/v1/matching/registrations/{pending.pk}/approve/").status_code == 404
    response = client_for(officer).post(f"/api/v1/matching/registrations/{pending.pk}/approve/")
    assert response.json()["status"] == "approved"


def test_it_registers_an_organisation_through_the_api(event, alice):
    from chumchon.accounts.services import organisation_create

    organisation = organisation_create(by=alice, name="กลุ่มทอผ้า", kind="community_enterprise")
    response = client_for(alice).post(
        "/api/v1/matching/registrations/",
        {"event": event.slug, "organisation": organisation.pk, "role": "seller", "seeks_text": "โรงแรม"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "pending"
    again = client_for(alice).post(
        "/api/v1/matching/registrations/",
        {"event": event.slug, "organisation": organisation.pk, "role": "seller"},
        format="json",
    )
    assert again.status_code == 400
    assert "ลงทะเบียนงานนี้แล้ว" in again.json()["detail"]  # Thai unless the client asks otherwise


def test_it_keeps_other_organisations_registrations_private(event, make_participant):
    one, two = make_participant(event, "buyer"), make_participant(event, "seller")
    services.request_send(sender=one, target=two, by=one.person)
    rows = client_for(one.person).get("/api/v1/matching/registrations/").json()["results"]
    assert [row["id"] for row in rows] == [one.pk]
    assert client_for(one.person).get(f"/api/v1/matching/registrations/{two.pk}/").status_code == 404


def test_it_slows_down_someone_sending_requests_very_fast(event, make_participant, settings):
    settings.RATE_LIMITS = {"message": (2, 600)}
    buyer = make_participant(event, "buyer")
    sellers = [make_participant(event, "seller") for _ in range(3)]
    answers = [
        client_for(buyer.person)
        .post("/api/v1/matching/requests/", {"event": event.slug, "target": seller.pk}, format="json")
        .status_code
        for seller in sellers
    ]
    assert answers == [201, 201, 429]


def test_it_records_ones_own_outcome_and_hides_it_from_others(make_event, make_participant, charlie):
    import datetime as dt

    from django.db.models import F

    from chumchon.matching.models import Slot

    event = make_event(scheduling_mode="self")
    buyer = make_participant(event, "buyer")
    seller = make_participant(event, "seller")
    request = services.request_send(sender=buyer, target=seller, by=buyer.person)
    services.request_accept(meeting_request=request, by=seller.person)
    meeting = request.meeting
    Slot.objects.filter(event=event).update(starts_at=F("starts_at") - dt.timedelta(days=400))
    payload = {"meeting": meeting.pk, "interest": "strong", "next_step": "quote", "expected_value": "25000"}
    assert client_for(charlie).post("/api/v1/matching/outcomes/", payload, format="json").status_code == 404
    response = client_for(buyer.person).post("/api/v1/matching/outcomes/", payload, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["expected_value"] == "25000.00"
    assert client_for(buyer.person).get("/api/v1/matching/outcomes/").json()["results"][0]["interest"] == "strong"
    assert client_for(seller.person).get("/api/v1/matching/outcomes/").json()["results"] == []
    bad = client_for(buyer.person).post(
        "/api/v1/matching/outcomes/", {**payload, "expected_value": "-5"}, format="json"
    )
    assert bad.status_code == 400
