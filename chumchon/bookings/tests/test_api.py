"""The bookings API: the same rules as the pages (someone else's booking is a 404)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from chumchon.bookings.models import Booking, BookingStatus
from chumchon.bookings.tests.conftest import pdf_bytes
from chumchon.catalog.models import Session

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_it_books_lists_and_shows(bob, session):
    response = api(bob).post("/api/v1/bookings/", {"session": session.pk, "people": 2}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["amount"] == "900.00" and response.json()["status"] == "requested"
    assert [row["id"] for row in api(bob).get("/api/v1/bookings/").json()["results"]] == [response.json()["id"]]


def test_bad_group_sizes_are_a_400_naming_the_field(bob, session):
    for people in (0, 10_000):
        response = api(bob).post("/api/v1/bookings/", {"session": session.pk, "people": people}, format="json")
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == "people"
    assert not Booking.objects.exists() and Session.objects.get(pk=session.pk).seats_taken == 0


def test_visitors_must_sign_in(session):
    assert api().get("/api/v1/bookings/").status_code == 401


def test_someone_elses_booking_is_a_404(charlie, request_booking):
    client = api(charlie)
    assert client.get(f"/api/v1/bookings/{request_booking.pk}/").status_code == 404
    assert client.post(f"/api/v1/bookings/{request_booking.pk}/cancel/").status_code == 404
    assert client.post(f"/api/v1/bookings/{request_booking.pk}/confirm-payment/").status_code == 404
    assert client.get("/api/v1/bookings/").json()["results"] == []
    assert Booking.objects.get(pk=request_booking.pk).status == BookingStatus.REQUESTED


def test_the_buyer_cannot_confirm_their_own_payment(bob, accepted_booking):
    response = api(bob).post(f"/api/v1/bookings/{accepted_booking.pk}/confirm-payment/")
    assert response.status_code == 403
    assert Booking.objects.get(pk=accepted_booking.pk).status == BookingStatus.ACCEPTED


def test_slip_then_confirmation(bob, alice, request_booking):
    assert api(alice).post(f"/api/v1/bookings/{request_booking.pk}/accept/").json()["status"] == "accepted"
    slip = SimpleUploadedFile("slip.pdf", pdf_bytes(), content_type="application/pdf")
    response = api(bob).post(f"/api/v1/bookings/{request_booking.pk}/slip/", {"slip": slip}, format="multipart")
    assert response.status_code == 200 and response.json()["has_slip"] is True
    response = api(alice).post(f"/api/v1/bookings/{request_booking.pk}/confirm-payment/")
    assert response.json()["status"] == "paid"


def test_a_bad_slip_is_a_400(bob, accepted_booking):
    slip = SimpleUploadedFile("slip.pdf", b"hello", content_type="application/pdf")
    response = api(bob).post(f"/api/v1/bookings/{accepted_booking.pk}/slip/", {"slip": slip}, format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "slip"


def test_the_buyer_cancels(bob, request_booking, session):
    response = api(bob).post(f"/api/v1/bookings/{request_booking.pk}/cancel/", {"reason": "ป่วย"}, format="json")
    assert response.json()["status"] == "cancelled"
    assert Session.objects.get(pk=session.pk).seats_taken == 0


def test_a_past_session_is_a_400_naming_the_field_in_english_too(bob, experience):
    import datetime as dt

    from django.utils import timezone

    past = Session.objects.create(listing=experience, starts_at=timezone.now() - dt.timedelta(days=1), seats_total=8)
    client = api(bob)
    response = client.post(
        "/api/v1/bookings/", {"session": past.pk, "people": 1}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["field"] == "session" and "This date has passed" in error["message"]
    assert not Booking.objects.exists() and Session.objects.get(pk=past.pk).seats_taken == 0


def test_over_the_daily_capacity_is_a_400_naming_the_field(bob, alice, session, community):
    from chumchon.bookings.services import community_capacity_set

    community_capacity_set(community=community, by=alice, limit=3)
    response = api(bob).post("/api/v1/bookings/", {"session": session.pk, "people": 4}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "people"
    assert "วันละไม่เกิน 3 คน" in response.json()["errors"][0]["message"]
    assert not Booking.objects.exists() and Session.objects.get(pk=session.pk).seats_taken == 0


def test_deposit_then_balance_through_the_api(bob, alice, experience, session):
    from chumchon.bookings.services import booking_terms_set

    booking_terms_set(listing=experience, by=alice, mode="instant", response_hours=24, deposit_amount=Decimal("200"))
    booking = api(bob).post("/api/v1/bookings/", {"session": session.pk, "people": 2}, format="json").json()
    assert (booking["deposit"], booking["part_due"]) == ("200.00", "deposit")
    slip = SimpleUploadedFile("slip.pdf", pdf_bytes(), content_type="application/pdf")
    response = api(bob).post(f"/api/v1/bookings/{booking['id']}/slip/", {"slip": slip}, format="multipart")
    assert response.json()["has_slip"] is True
    after_deposit = api(alice).post(f"/api/v1/bookings/{booking['id']}/confirm-payment/").json()
    assert (after_deposit["status"], after_deposit["part_due"]) == ("deposit_paid", "balance")
    assert after_deposit["has_slip"] is False
    paid = api(alice).post(f"/api/v1/bookings/{booking['id']}/confirm-payment/").json()
    assert paid["status"] == "paid"
    assert [(p["part"], p["amount"]) for p in paid["payments"]] == [("deposit", "200.00"), ("balance", "700.00")]


def test_someone_elses_booking_cannot_take_a_slip_by_api(charlie, accepted_booking):
    slip = SimpleUploadedFile("slip.pdf", pdf_bytes(), content_type="application/pdf")
    response = api(charlie).post(f"/api/v1/bookings/{accepted_booking.pk}/slip/", {"slip": slip}, format="multipart")
    assert response.status_code == 404
    assert not accepted_booking.payments.exists()
