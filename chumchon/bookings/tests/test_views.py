"""The booking pages: the form on the listing, its errors on their field, the booking's page with the
QR and the slip, the seller's sessions, and someone else's booking as a 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from chumchon.bookings.models import Booking, BookingPayment, BookingStatus
from chumchon.bookings.tests.conftest import image_bytes
from chumchon.catalog.models import Session

pytestmark = pytest.mark.django_db


def test_the_listing_page_has_a_booking_form(client, session, experience):
    page = client.get(experience.get_absolute_url()).content.decode()
    assert reverse("bookings:book", kwargs={"listing_pk": experience.pk}) in page
    assert f'<option value="{session.pk}">' in page


def test_it_books_and_shows_the_booking(client, bob, session, experience):
    client.force_login(bob)
    url = reverse("bookings:book", kwargs={"listing_pk": experience.pk})
    response = client.post(url, {"session": session.pk, "people": 2})
    booking = Booking.objects.get()
    assert response.status_code == 302 and response["Location"] == booking.get_absolute_url()
    page = client.get(booking.get_absolute_url()).content.decode()
    assert booking.reference in page and "฿900.00" in page


@pytest.mark.parametrize(
    ("people", "message"),
    [("0", "จองอย่างน้อย 1 คน"), ("10000", "500"), ("8.5", "")],
)
def test_bad_group_sizes_are_refused_on_the_field(client, bob, session, experience, people, message):
    client.force_login(bob)
    url = reverse("bookings:book", kwargs={"listing_pk": experience.pk})
    response = client.post(url, {"session": session.pk, "people": people})
    assert response.status_code == 400
    assert response.context["form"].errors["people"]
    assert message in " ".join(response.context["form"].errors["people"])
    assert not Booking.objects.exists()
    assert Session.objects.get(pk=session.pk).seats_taken == 0


def test_more_people_than_seats_left_is_refused_on_the_field(client, bob, session, experience):
    client.force_login(bob)
    url = reverse("bookings:book", kwargs={"listing_pk": experience.pk})
    response = client.post(url, {"session": session.pk, "people": 9})
    assert response.status_code == 400
    assert response.context["form"].errors["people"] == ["รอบนี้เหลือเพียง 8 ที่นั่ง"]
    assert "รอบนี้เหลือเพียง 8 ที่นั่ง" in response.content.decode()
    assert not Booking.objects.exists()


def test_a_past_session_is_refused_on_the_field(client, bob, experience):
    past = Session.objects.create(listing=experience, starts_at=timezone.now() - dt.timedelta(days=1), seats_total=8)
    client.force_login(bob)
    url = reverse("bookings:book", kwargs={"listing_pk": experience.pk})
    response = client.post(url, {"session": past.pk, "people": 1})
    assert response.status_code == 400
    assert response.context["form"].errors["session"]
    assert not Booking.objects.exists()


def test_the_english_form_speaks_english(client, bob, session, experience):
    client.force_login(bob)
    response = client.post(f"/en/bookings/book/{experience.pk}/", {"session": session.pk, "people": 0})
    assert "Book for at least one person." in response.content.decode()


def test_someone_elses_booking_is_a_404(client, charlie, request_booking):
    client.force_login(charlie)
    for name in ("detail", "ics", "receipt"):
        assert client.get(reverse(f"bookings:{name}", kwargs={"pk": request_booking.pk})).status_code == 404
    response = client.post(reverse("bookings:cancel", kwargs={"pk": request_booking.pk}))
    assert response.status_code == 404
    assert Booking.objects.get(pk=request_booking.pk).status == BookingStatus.REQUESTED


def test_the_buyer_sees_the_promptpay_qr_once_accepted_and_sends_a_slip(client, bob, alice, accepted_booking):
    client.force_login(bob)
    page = client.get(accepted_booking.get_absolute_url()).content.decode()
    assert "<svg" in page and accepted_booking.reference in page
    upload = SimpleUploadedFile("slip.jpg", image_bytes(), content_type="image/jpeg")
    response = client.post(reverse("bookings:upload_slip", kwargs={"pk": accepted_booking.pk}), {"slip": upload})
    assert response.status_code == 302
    client.force_login(alice)
    payment = BookingPayment.objects.get()
    slip = client.get(reverse("bookings:slip", kwargs={"pk": accepted_booking.pk, "payment_pk": payment.pk}))
    assert slip.status_code == 200 and slip["Content-Type"] == "image/jpeg"
    assert slip["X-Content-Type-Options"] == "nosniff"


def test_a_slip_that_is_not_an_image_or_pdf_is_refused_with_a_message(client, bob, accepted_booking):
    client.force_login(bob)
    upload = SimpleUploadedFile("slip.png", b"<script>alert(1)</script>", content_type="image/png")
    response = client.post(reverse("bookings:upload_slip", kwargs={"pk": accepted_booking.pk}), {"slip": upload})
    assert response.status_code == 400
    assert "slip.png" in response.content.decode()
    assert not BookingPayment.objects.exists()


def test_the_seller_accepts_and_confirms_from_the_page(client, alice, request_booking):
    client.force_login(alice)
    client.post(reverse("bookings:accept", kwargs={"pk": request_booking.pk}))
    client.post(reverse("bookings:confirm_payment", kwargs={"pk": request_booking.pk}))
    assert Booking.objects.get(pk=request_booking.pk).status == BookingStatus.PAID


def test_the_buyer_cannot_accept_their_own_request(client, bob, request_booking):
    client.force_login(bob)
    response = client.post(reverse("bookings:accept", kwargs={"pk": request_booking.pk}))
    assert response.status_code == 403
    assert Booking.objects.get(pk=request_booking.pk).status == BookingStatus.REQUESTED


def test_my_bookings_lists_mine_only(client, bob, charlie, request_booking):
    client.force_login(bob)
    assert request_booking.reference in client.get(reverse("bookings:mine")).content.decode()
    client.force_login(charlie)
    assert request_booking.reference not in client.get(reverse("bookings:mine")).content.decode()


def test_the_seller_sees_who_is_coming(client, alice, request_booking, django_assert_max_num_queries):
    client.force_login(alice)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("bookings:sessions")).content.decode()
    assert "Bob" in page and "2 จาก 8" in page


def test_the_seller_sets_instant_booking(client, alice, bob, experience, session):
    client.force_login(alice)
    response = client.post(
        reverse("bookings:terms", kwargs={"listing_pk": experience.pk}), {"mode": "instant", "response_hours": 24}
    )
    assert response.status_code == 302
    client.force_login(bob)
    client.post(reverse("bookings:book", kwargs={"listing_pk": experience.pk}), {"session": session.pk, "people": 1})
    assert Booking.objects.get().status == BookingStatus.ACCEPTED


def test_a_stranger_cannot_set_the_terms(client, charlie, experience):
    client.force_login(charlie)
    assert client.get(reverse("bookings:terms", kwargs={"listing_pk": experience.pk})).status_code == 404
