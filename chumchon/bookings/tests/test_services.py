"""The booking's state machine, its seats, its notifications, expiry and the income it records."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from chumchon.bookings import services
from chumchon.bookings.models import Booking, BookingPayment, BookingStatus
from chumchon.bookings.tests.conftest import image_bytes, pdf_bytes
from chumchon.catalog.models import Session
from chumchon.core.thai import fiscal_year_of
from chumchon.impact.selectors import ImpactFilters, totals
from chumchon.inquiries.models import Deal, DealKind, DealSource, DealStatus
from chumchon.notifications.kinds import kind_of
from chumchon.notifications.models import Notification

pytestmark = pytest.mark.django_db


def seats_taken(session: Session) -> int:
    return Session.objects.get(pk=session.pk).seats_taken


def test_it_sends_a_request_holding_seats_and_tells_the_seller(request_booking, session, alice, bob):
    assert request_booking.status == BookingStatus.REQUESTED
    assert request_booking.amount == Decimal("900.00")  # 2 × 450 per person
    assert seats_taken(session) == 2
    assert request_booking.expires_at is not None
    assert request_booking.expires_at - timezone.now() > dt.timedelta(hours=47)
    notification = Notification.objects.get(recipient=alice)
    subject, _text = kind_of(notification).words(notification)
    assert "เรียนทอผ้าตีนจก" in subject
    assert not Notification.objects.filter(recipient=bob).exists()  # the buyer made it


def test_instant_booking_is_accepted_at_once(instant, session, bob):
    booking = services.booking_create(session=session, buyer=bob, people=3)
    assert booking.status == BookingStatus.ACCEPTED
    assert booking.expires_at is None


def test_a_group_price_is_paid_once_whatever_the_group_size(experience, session, bob):
    experience.price_unit = "group"
    experience.save()
    booking = services.booking_create(session=session, buyer=bob, people=5)
    assert booking.amount == Decimal("450.00")


@pytest.mark.parametrize("people", [0, -1])
def test_it_refuses_fewer_than_one_person(session, bob, people):
    with pytest.raises(ValidationError) as refused:
        services.booking_create(session=session, buyer=bob, people=people)
    assert "people" in refused.value.message_dict
    assert seats_taken(session) == 0 and not Booking.objects.exists()


def test_it_refuses_more_people_than_seats_left_naming_what_is_left(session, bob):
    with pytest.raises(ValidationError) as refused:
        services.booking_create(session=session, buyer=bob, people=10_000)
    assert refused.value.message_dict["people"] == ["รอบนี้เหลือเพียง 8 ที่นั่ง"]
    assert seats_taken(session) == 0 and not Booking.objects.exists()


def test_it_refuses_a_past_session(experience, bob):
    past = Session.objects.create(listing=experience, starts_at=timezone.now() - dt.timedelta(hours=1), seats_total=8)
    with pytest.raises(ValidationError) as refused:
        services.booking_create(session=past, buyer=bob, people=1)
    assert "session" in refused.value.message_dict
    assert seats_taken(past) == 0 and not Booking.objects.exists()


def test_a_seller_cannot_book_their_own_experience(session, alice):
    with pytest.raises(ValidationError):
        services.booking_create(session=session, buyer=alice, people=1)


def test_only_the_seller_accepts(request_booking, bob, charlie):
    for stranger in (bob, charlie):
        with pytest.raises(PermissionDenied):
            services.booking_accept(booking=request_booking, by=stranger)
    assert Booking.objects.get(pk=request_booking.pk).status == BookingStatus.REQUESTED


def test_declining_frees_the_seats_and_tells_the_buyer(request_booking, session, alice, bob):
    services.booking_decline(booking=request_booking, by=alice, reason="ช่างไม่ว่าง")
    assert Booking.objects.get(pk=request_booking.pk).status == BookingStatus.DECLINED
    assert seats_taken(session) == 0
    notification = Notification.objects.get(recipient=bob)
    assert notification.detail == f"booking_declined:{request_booking.pk}"
    assert notification.excerpt == "ช่างไม่ว่าง"


def test_a_booking_cannot_be_answered_twice(request_booking, session, alice):
    services.booking_decline(booking=request_booking, by=alice)
    with pytest.raises(ValidationError):
        services.booking_decline(booking=request_booking, by=alice)
    with pytest.raises(ValidationError):
        services.booking_accept(booking=request_booking, by=alice)
    assert seats_taken(session) == 0  # released once only


def test_the_buyer_cancels_before_paying_and_the_seats_come_back(accepted_booking, session, alice, bob):
    services.booking_cancel(booking=accepted_booking, by=bob, reason="ป่วย")
    assert Booking.objects.get(pk=accepted_booking.pk).status == BookingStatus.CANCELLED
    assert seats_taken(session) == 0
    assert Notification.objects.filter(recipient=alice, detail__startswith="booking_cancelled").exists()


def test_a_stranger_cannot_cancel(accepted_booking, charlie):
    with pytest.raises(PermissionDenied):
        services.booking_cancel(booking=accepted_booking, by=charlie)


def test_unanswered_requests_expire_and_free_their_seats(request_booking, session, alice, bob):
    assert services.booking_expire_unanswered(now=timezone.now()) == 0
    later = timezone.now() + dt.timedelta(hours=49)
    assert services.booking_expire_unanswered(now=later) == 1
    assert Booking.objects.get(pk=request_booking.pk).status == BookingStatus.EXPIRED
    assert seats_taken(session) == 0
    # Both sides hear of it (nobody acted).
    assert Notification.objects.filter(recipient=bob, detail__startswith="booking_expired").exists()
    assert Notification.objects.filter(recipient=alice, detail__startswith="booking_expired").exists()
    assert services.booking_expire_unanswered(now=later) == 0


def test_the_periodic_task_expires_requests(request_booking):
    from chumchon.bookings.tasks import expire_unanswered_bookings
    from chumchon.core.periodic import PERIODIC_JOBS

    Booking.objects.filter(pk=request_booking.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert "chumchon.bookings.tasks.expire_unanswered_bookings" in {job.task_path for job in PERIODIC_JOBS}
    expire_unanswered_bookings.enqueue()
    assert Booking.objects.get(pk=request_booking.pk).status == BookingStatus.EXPIRED


def test_an_accepted_booking_does_not_expire(accepted_booking):
    assert services.booking_expire_unanswered(now=timezone.now() + dt.timedelta(days=30)) == 0


def test_the_buyer_sends_a_photo_or_a_pdf_slip(accepted_booking, bob, alice):
    payment = services.booking_upload_slip(
        booking=accepted_booking, by=bob, upload=io.BytesIO(image_bytes()), name="slip.jpg"
    )
    assert payment.slip_kind == "image" and payment.slip and payment.part == "full"
    payment = services.booking_upload_slip(
        booking=accepted_booking, by=bob, upload=io.BytesIO(pdf_bytes()), name="slip.pdf"
    )
    assert payment.slip_kind == "pdf" and BookingPayment.objects.count() == 1
    assert Notification.objects.filter(recipient=alice, detail__startswith="booking_slip").count() == 2


def test_a_slip_that_is_not_a_photo_or_pdf_is_refused(accepted_booking, bob):
    with pytest.raises(ValidationError) as refused:
        services.booking_upload_slip(
            booking=accepted_booking, by=bob, upload=io.BytesIO(b"MZ\x90\x00 not a slip"), name="slip.jpg.exe"
        )
    assert "slip" in refused.value.message_dict
    assert not BookingPayment.objects.exists()


def test_no_slip_before_the_seller_accepts(request_booking, bob):
    with pytest.raises(ValidationError):
        services.booking_upload_slip(booking=request_booking, by=bob, upload=io.BytesIO(image_bytes()), name="s.jpg")


def test_confirming_the_payment_counts_the_amount_once_as_community_income(accepted_booking, alice, bob):
    filters = ImpactFilters(fiscal_year=fiscal_year_of(timezone.localdate()))
    before = totals(filters).income
    booking = services.booking_confirm_payment(booking=accepted_booking, by=alice)
    assert booking.status == BookingStatus.PAID
    deal = Deal.objects.get()
    assert (deal.kind, deal.source, deal.status, deal.value, deal.buyer, deal.community) == (
        DealKind.BOOKING, DealSource.BOOKING, DealStatus.CONFIRMED, Decimal("900.00"), bob, booking.community,
    )  # fmt: skip
    assert BookingPayment.objects.get(booking=booking).deal == deal
    assert totals(filters).income == before + Decimal("900.00")
    with pytest.raises(ValidationError):
        services.booking_confirm_payment(booking=booking, by=alice)
    assert totals(filters).income == before + Decimal("900.00")
    assert Notification.objects.filter(recipient=bob, detail__startswith="booking_paid").exists()


def test_only_the_seller_confirms_the_payment(accepted_booking, bob):
    with pytest.raises(PermissionDenied):
        services.booking_confirm_payment(booking=accepted_booking, by=bob)
    assert not Deal.objects.exists()


def test_a_paid_booking_cannot_be_cancelled_here(accepted_booking, alice, bob, session):
    services.booking_confirm_payment(booking=accepted_booking, by=alice)
    with pytest.raises(ValidationError):
        services.booking_cancel(booking=accepted_booking, by=bob)
    assert seats_taken(session) == 2


def test_completion_waits_for_the_session(accepted_booking, alice, session):
    services.booking_confirm_payment(booking=accepted_booking, by=alice)
    with pytest.raises(ValidationError):
        services.booking_complete(booking=accepted_booking, by=alice)
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - dt.timedelta(hours=2))
    assert services.booking_complete(booking=accepted_booking, by=alice).status == BookingStatus.COMPLETED


def test_a_no_show_keeps_the_seats(accepted_booking, alice, session):
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - dt.timedelta(hours=2))
    assert services.booking_mark_no_show(booking=accepted_booking, by=alice).status == BookingStatus.NO_SHOW
    assert seats_taken(session) == 2


def test_the_terms_belong_to_the_seller(experience, bob):
    with pytest.raises(PermissionDenied):
        services.booking_terms_set(listing=experience, by=bob, mode="instant", response_hours=24)
