"""Deposit and balance: each with its own QR and slip, confirmed by the seller; the impact figures
count each confirmed payment once, as a booking, apart from other deals and income entries."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from chumchon.bookings import services
from chumchon.bookings.models import BookingPayment, BookingStatus
from chumchon.bookings.tests.conftest import image_bytes, pdf_bytes
from chumchon.core.thai import fiscal_year_of
from chumchon.impact.selectors import ImpactFilters, deals_by_source, totals
from chumchon.inquiries.models import Deal, DealSource
from chumchon.notifications.models import Event, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def deposit_terms(experience, alice):
    return services.booking_terms_set(
        listing=experience, by=alice, mode="instant", response_hours=24, deposit_percent=30
    )


@pytest.fixture
def deposit_booking(deposit_terms, session, bob):
    return services.booking_create(session=session, buyer=bob, people=2)


def this_year() -> ImpactFilters:
    return ImpactFilters(fiscal_year=fiscal_year_of(timezone.localdate()))


def test_the_deposit_is_asked_first_then_the_balance(deposit_booking):
    assert deposit_booking.amount == Decimal("900.00")
    assert (deposit_booking.deposit, deposit_booking.balance) == (Decimal("270.00"), Decimal("630.00"))


def test_deposit_then_balance_each_with_its_slip_make_the_booking_paid_and_count_once(
    deposit_booking, alice, bob, community
):
    from chumchon.impact.services import income_entry_record

    income_entry_record(
        community=community, by=alice, date=timezone.localdate(), amount=Decimal("100"), kind="tourism_services"
    )
    before = totals(this_year()).income
    services.booking_upload_slip(booking=deposit_booking, by=bob, upload=io.BytesIO(image_bytes()), name="d.jpg")
    booking = services.booking_confirm_payment(booking=deposit_booking, by=alice)
    assert booking.status == BookingStatus.DEPOSIT_PAID and booking.paid_at is None
    assert totals(this_year()).income == before + Decimal("270.00")
    services.booking_upload_slip(booking=booking, by=bob, upload=io.BytesIO(pdf_bytes()), name="b.pdf")
    booking = services.booking_confirm_payment(booking=booking, by=alice)
    assert booking.status == BookingStatus.PAID and booking.paid_at is not None
    payments = list(BookingPayment.objects.filter(booking=booking).order_by("id"))
    assert [(p.part, p.amount, p.reference, bool(p.slip)) for p in payments] == [
        ("deposit", Decimal("270.00"), booking.reference + "D", True),
        ("balance", Decimal("630.00"), booking.reference + "B", True),
    ]
    # The figures rise by exactly the booking's amount: two confirmed deals of source "booking",
    # the income entry counted once beside them, nothing counted twice.
    assert totals(this_year()).income == before + Decimal("900.00")
    assert Deal.objects.filter(source=DealSource.BOOKING).count() == 2
    by_source = {source: (n, value) for source, _label, n, value in deals_by_source(this_year())}
    assert by_source[DealSource.BOOKING] == (2, Decimal("900.00"))
    assert by_source[DealSource.INQUIRY] == (0, Decimal("0"))
    with pytest.raises(ValidationError):
        services.booking_confirm_payment(booking=booking, by=alice)
    assert totals(this_year()).income == before + Decimal("900.00")
    # Told with the bookings' own event, apart from deals.
    told = Notification.objects.filter(recipient=bob).values_list("event", "detail")
    assert (Event.BOOKINGS, f"booking_deposit_paid:{booking.pk}") in told
    assert (Event.BOOKINGS, f"booking_paid:{booking.pk}") in told
    assert not Notification.objects.filter(event=Event.DEAL).exists()


def test_the_booking_page_shows_the_qr_of_each_part(client, bob, alice, deposit_booking):
    client.force_login(bob)
    page = client.get(deposit_booking.get_absolute_url()).content.decode()
    assert "<svg" in page and "฿270.00" in page and deposit_booking.reference + "D" in page
    services.booking_confirm_payment(booking=deposit_booking, by=alice)
    page = client.get(deposit_booking.get_absolute_url()).content.decode()
    assert "<svg" in page and "฿630.00" in page and deposit_booking.reference + "B" in page


def test_the_seller_sets_a_deposit_as_a_percentage_or_an_amount_not_both(client, alice, experience):
    client.force_login(alice)
    url = reverse("bookings:terms", kwargs={"listing_pk": experience.pk})
    response = client.post(
        url, {"mode": "request", "response_hours": 24, "deposit_percent": 30, "deposit_amount": "200"}
    )
    assert response.status_code == 200 and response.context["form"].errors["deposit_amount"]
    assert client.post(url, {"mode": "request", "response_hours": 24, "deposit_amount": "200"}).status_code == 302
    assert experience.booking_terms.deposit_amount == Decimal("200.00")


def test_a_deposit_as_large_as_the_amount_is_one_full_payment(experience, alice, session, bob):
    services.booking_terms_set(
        listing=experience, by=alice, mode="instant", response_hours=24, deposit_amount=Decimal("5000")
    )
    booking = services.booking_create(session=session, buyer=bob, people=1)
    assert booking.deposit == 0
    assert services.booking_confirm_payment(booking=booking, by=alice).status == BookingStatus.PAID


def test_someone_elses_slip_is_a_404(client, charlie, bob, accepted_booking):
    payment = services.booking_upload_slip(
        booking=accepted_booking, by=bob, upload=io.BytesIO(image_bytes()), name="s.jpg"
    )
    client.force_login(charlie)
    url = reverse("bookings:slip", kwargs={"pk": accepted_booking.pk, "payment_pk": payment.pk})
    assert client.get(url).status_code == 404


def test_the_receipt_is_for_the_two_sides_once_paid(client, alice, bob, charlie, accepted_booking):
    pytest.importorskip("weasyprint")
    url = reverse("bookings:receipt", kwargs={"pk": accepted_booking.pk})
    client.force_login(bob)
    assert client.get(url).status_code == 404  # not paid yet
    services.booking_confirm_payment(booking=accepted_booking, by=alice)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    client.force_login(alice)
    assert client.get(url).status_code == 200
    client.force_login(charlie)
    assert client.get(url).status_code == 404


def test_the_receipt_names_the_community_and_the_amount_in_thai_words(alice, accepted_booking):
    pytest.importorskip("weasyprint")
    from chumchon.bookings.receipt import render_receipt
    from chumchon.matching.tests.agenda_helpers import pdf_text

    booking = services.booking_confirm_payment(booking=accepted_booking, by=alice)
    text = pdf_text(render_receipt(booking))
    flat = "".join(text.split())
    assert "ชุมชนทอผ้าหาดเสี้ยว" in flat and "HatSiaoWeavers" in flat
    assert "เก้าร้อยบาทถ้วน" in flat and "Receipt" in flat and "900.00" in flat


def test_the_ics_is_in_bangkok_time_with_a_stable_uid(client, bob, accepted_booking, session):
    from chumchon.catalog.models import Session

    Session.objects.filter(pk=session.pk).update(
        starts_at=dt.datetime(2030, 1, 15, 2, 30, tzinfo=dt.UTC)  # 09:30 in Bangkok
    )
    client.force_login(bob)
    url = reverse("bookings:ics", kwargs={"pk": accepted_booking.pk})
    first = client.get(url)
    assert first["Content-Type"].startswith("text/calendar")
    text = first.content.decode()
    assert "DTSTART;TZID=Asia/Bangkok:20300115T093000\r\n" in text
    assert "TZOFFSETTO:+0700" in text
    assert f"UID:booking-{accepted_booking.reference}@chumchon\r\n" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert f"UID:booking-{accepted_booking.reference}@chumchon" in client.get(url).content.decode()
    assert url in client.get(accepted_booking.get_absolute_url()).content.decode()
