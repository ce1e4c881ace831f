"""The bookings API: the same rules as the pages (someone else's booking is a 404)."""

from __future__ import annotations

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
