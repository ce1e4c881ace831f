"""The matching pages: setup by officers, registration, the directory, requests, permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from chumchon.accounts.services import organisation_create
from chumchon.matching import services
from chumchon.matching.models import Event, MeetingRequest, Registration

pytestmark = pytest.mark.django_db


def test_it_lets_an_officer_set_up_an_event_from_the_pages(client, officer):
    client.force_login(officer)
    now = timezone.localtime()
    response = client.post(
        "/matching/staff/new/",
        {
            "name_th": "จับคู่ธุรกิจน่าน",
            "slug": "nan-2570",
            "venue": "ศาลากลางน่าน",
            "meeting_minutes": 20,
            "break_minutes": 10,
            "registration_opens": (now - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "registration_closes": (now + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
            "audience": "both",
            "request_mode": "approval",
            "scheduling_mode": "organiser",
            "max_meetings": 6,
            "reminder_minutes": 10,
            "tables": 3,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    event = Event.objects.get(slug="nan-2570")
    assert list(event.tables.values_list("name", flat=True)) == ["T01", "T02", "T03"]
    client.post("/matching/staff/nan-2570/sessions/", {"date": "2027-01-15", "starts_at": "09:00", "ends_at": "10:00"})
    assert event.slots.count() == 2  # 09:00–09:20, 09:30–09:50
    client.post("/matching/staff/nan-2570/status/open/")
    event.refresh_from_db()
    assert event.status == "open"
    assert "จับคู่ธุรกิจน่าน" in client.get("/matching/").content.decode()


def test_it_explains_a_bad_registration_window_in_thai(client, officer):
    client.force_login(officer)
    response = client.post(
        "/matching/staff/new/",
        {
            "name_th": "x",
            "slug": "x",
            "venue": "y",
            "meeting_minutes": 20,
            "break_minutes": 5,
            "registration_opens": "2027-01-10T09:00",
            "registration_closes": "2027-01-01T09:00",
        },
    )
    assert response.status_code == 200
    assert "การลงทะเบียนต้องปิดหลังจากเปิด" in response.content.decode()
    # Every problem at once, each on its field.
    response = client.post(
        "/matching/staff/new/",
        {"name_th": "x", "slug": "staff", "venue": " ", "meeting_minutes": 20, "break_minutes": 5,
         "registration_opens": "2027-01-10T09:00", "registration_closes": "2027-01-01T09:00"},
    )  # fmt: skip
    assert {"slug", "venue", "registration_closes"} <= set(response.context["form"].errors)


def test_it_hides_the_organisers_desk_from_participants(client, event, make_participant):
    buyer = make_participant(event, "buyer")
    client.force_login(buyer.person)
    assert client.get(f"/matching/staff/{event.slug}/").status_code == 404
    assert client.post(f"/matching/staff/{event.slug}/status/close/").status_code == 404


def test_it_prefills_the_registration_from_the_organisations_profile(client, event, alice):
    organisation = organisation_create(
        by=alice, name="กลุ่มเครื่องปั้นดินเผาสังคโลก", kind="community_enterprise", description="ถ้วยชามสังคโลก"
    )
    client.force_login(alice)
    page = client.get(f"/matching/{event.slug}/register/").content.decode()
    assert "กลุ่มเครื่องปั้นดินเผาสังคโลก" in page
    assert "ถ้วยชามสังคโลก" in page
    response = client.post(
        f"/matching/{event.slug}/register/",
        {
            "organisation": organisation.pk,
            "role": "seller",
            "offers_text": "ถ้วยชามสังคโลก",
            "seeks_text": "โรงแรม ร้านของฝาก",
            "languages": ["th", "en"],
            "sessions": [s.pk for s in event.sessions.all()],
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get(organisation=organisation)
    assert (registration.status, registration.languages) == ("pending", "th,en")


def test_it_shows_the_directory_only_to_approved_participants_and_sends_a_request(client, event, make_participant):
    buyer = make_participant(event, "buyer")
    seller = make_participant(event, "seller", name="กลุ่มผ้าทอตีนจก")
    pending = make_participant(event, "buyer", approve=False)
    client.force_login(pending.person)
    assert client.get(f"/matching/{event.slug}/participants/").status_code == 404
    client.force_login(buyer.person)
    page = client.get(f"/matching/{event.slug}/participants/").content.decode()
    assert "กลุ่มผ้าทอตีนจก" in page
    response = client.post(
        f"/matching/{event.slug}/participants/{seller.pk}/request/", {"priority": 3, "message": "สนใจผ้า"}
    )
    assert response.status_code == 302
    assert MeetingRequest.objects.get().priority_of(buyer) == 3


def test_it_keeps_someone_elses_request_a_404(client, event, make_participant, charlie):
    buyer = make_participant(event, "buyer")
    seller = make_participant(event, "seller")
    other = make_participant(event, "seller")
    request = services.request_send(sender=buyer, target=seller, by=buyer.person)
    client.force_login(other.person)
    assert client.post(f"/matching/{event.slug}/requests/{request.pk}/accept/").status_code == 404
    client.force_login(charlie)
    assert client.get(f"/matching/{event.slug}/requests/").status_code == 404
    assert client.get(f"/matching/{event.slug}/agenda/").status_code == 404


def test_it_lets_the_asked_side_accept_from_the_requests_page(client, event, make_participant):
    buyer = make_participant(event, "buyer", name="บริษัททัวร์สุโขทัย")
    seller = make_participant(event, "seller")
    request = services.request_send(sender=buyer, target=seller, by=buyer.person)
    client.force_login(seller.person)
    page = client.get(f"/matching/{event.slug}/requests/").content.decode()
    assert "บริษัททัวร์สุโขทัย" in page
    client.post(f"/matching/{event.slug}/requests/{request.pk}/accept/")
    request.refresh_from_db()
    assert request.status == "accepted"


def test_it_shows_the_event_list_in_english_too(client, event):
    page = client.get("/en/matching/").content.decode()
    assert "Sukhothai business matching" in page
    assert "Business-matching events" in page


def test_it_keeps_drafts_for_officers(client, event, officer):
    event.status = "draft"
    event.save()
    assert client.get(f"/matching/{event.slug}/").status_code == 404
    client.force_login(officer)
    assert client.get(f"/matching/{event.slug}/").status_code == 200


def test_a_sellers_published_listings_are_ticked_when_she_registers(client, event, alice):
    from chumchon.catalog.models import Category, Listing
    from chumchon.places.tests.factories import CommunityFactory

    organisation = organisation_create(by=alice, name="กลุ่มผ้าทอ", kind="community_enterprise")
    community = CommunityFactory.create(organisation=organisation, slug="c-pre")
    textiles = Category.objects.get(slug="textiles")
    shown = Listing.objects.create(
        kind="product", community=community, title_th="ผ้าซิ่นตีนจก", category=textiles, status="published"
    )
    draft = Listing.objects.create(
        kind="product", community=community, title_th="ผ้าร่าง", category=textiles, status="draft"
    )
    client.force_login(alice)
    page = client.get(f"/matching/{event.slug}/register/").content.decode()
    ticked = page.split(f'name="offers" value="{shown.pk}"', 1)[1].split(">", 1)[0]
    assert "checked" in ticked
    assert f'name="offers" value="{draft.pk}"' not in page  # only published listings are offered
