"""On phones: a tourist books 2 seats of an experience, pays by the QR, sends the slip; the seller
confirms; the officers' impact dashboard rises by exactly that amount.

`booked_paid_and_confirmed` returns the completed booking, so that a later step (the tourist's
review after the session) can be appended by another test calling it."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from chumchon.accounts.tests.factories import PASSWORD, UserFactory
from chumchon.bookings.models import Booking, BookingStatus
from chumchon.bookings.tests.conftest import image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "locale": "th-TH"}
SLOW_MACHINE_MS = 120_000  # the shared test machine can take long to serve a page under load


def phone(browser: Any) -> Any:
    context = browser.new_context(**PHONE)
    context.set_default_timeout(SLOW_MACHINE_MS)
    context.set_default_navigation_timeout(SLOW_MACHINE_MS)
    return context


@pytest.fixture
def scene(live_server, places_data, settings, tmp_path):
    from chumchon.accounts.services import organisation_create
    from chumchon.bookings.services import booking_terms_set
    from chumchon.catalog.services import listing_create, listing_publish_directly, session_create
    from chumchon.places.tests.factories import CommunityFactory

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    seller = UserFactory.create(email="malee@example.com", name="มาลี", role="seller")
    UserFactory(email="somchai@example.com", name="สมชาย", role="buyer")
    UserFactory(email="officer@example.com", name="Officer", is_staff=True)
    organisation = organisation_create(
        by=seller, name="วิสาหกิจชุมชนทอผ้าหาดเสี้ยว", kind="community_enterprise", promptpay_id="0812345678"
    )
    community = CommunityFactory.create(name_th="ชุมชนทอผ้าหาดเสี้ยว", slug="hat-siao", organisation=organisation)
    listing = listing_create(
        community=community,
        kind="experience",
        by=seller,
        title_th="เรียนทอผ้าตีนจก",
        price=Decimal("450"),
        price_unit="person",
    )
    listing_publish_directly(listing=listing, by=None)
    booking_terms_set(
        listing=listing,
        by=seller,
        mode="instant",
        response_hours=24,
        cancellation_policy_th="ยกเลิกก่อน 3 วันคืนเงินเต็มจำนวน",
    )
    session = session_create(listing=listing, starts_at=timezone.now() + dt.timedelta(days=5), seats_total=8)
    return {"url": live_server.url, "listing": listing, "session": session}


def sign_in(page: Any, site: str, email: str, then: str) -> None:
    page.goto(f"{site}/accounts/login/?next={then}")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form").filter(has=page.locator("input[name=password]")).locator("button[type=submit]").click()
    page.wait_for_url(f"**{then}")


def dashboard_total(browser: Any, site: str) -> Decimal:
    """The total income the officers' dashboard shows for this fiscal year, read from the page."""
    context = phone(browser)
    page = context.new_page()
    sign_in(page, site, "officer@example.com", "/impact/")
    text = page.locator(".impact-cards .impact-number").first.inner_text()
    context.close()
    return Decimal(re.sub(r"[^0-9.]", "", text))


def booked_paid_and_confirmed(page: Any, browser: Any, scene: dict[str, Any], *, people: int = 2) -> Booking:
    """The tourist books `people` seats on her phone, sees the QR, sends a slip; the seller confirms
    the payment on hers. Returns the booking, paid."""
    site = scene["url"]
    page.set_default_timeout(SLOW_MACHINE_MS)
    page.set_default_navigation_timeout(SLOW_MACHINE_MS)
    sign_in(page, site, "somchai@example.com", scene["listing"].get_absolute_url())
    # The cancellation policy is shown before booking.
    assert page.get_by_text("ยกเลิกก่อน 3 วันคืนเงินเต็มจำนวน").is_visible()
    page.locator("#book-session").select_option(str(scene["session"].pk))
    page.locator("#book-people").fill(str(people))
    page.get_by_role("button", name="จอง", exact=True).click()
    page.wait_for_url(re.compile(r".*/bookings/\d+/$"))
    booking_url = page.url
    # The PromptPay QR with the amount and the booking's reference.
    booking = Booking.objects.get(buyer__email="somchai@example.com")
    assert page.locator(".qr svg").is_visible()
    payment_box = page.locator(".promptpay").inner_text()
    assert booking.reference in payment_box and "฿900.00" in payment_box
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator("input[name=slip]").set_input_files(
        files=[{"name": "slip.jpg", "mimeType": "image/jpeg", "buffer": image_bytes()}]
    )
    page.get_by_role("button", name="ส่งสลิป").click()
    page.wait_for_url(booking_url)
    assert page.get_by_role("link", name="ดูสลิปการโอนเงิน").is_visible()

    seller_context = phone(browser)
    seller = seller_context.new_page()
    sign_in(seller, site, "malee@example.com", "/bookings/sessions/")
    assert seller.get_by_text("สมชาย").first.is_visible()
    seller.goto(booking_url)
    seller.get_by_role("button", name="ยืนยันว่าได้รับเงินแล้ว").click()
    seller.wait_for_url(booking_url)
    assert seller.locator(".badge-paid").first.is_visible()
    assert seller.evaluate("document.documentElement.scrollWidth") <= 360
    seller_context.close()
    booking.refresh_from_db()
    return booking


def test_a_tourist_books_pays_by_qr_and_the_dashboard_rises_by_the_amount(page, browser, scene):
    before = dashboard_total(browser, scene["url"])
    booking = booked_paid_and_confirmed(page, browser, scene)
    assert booking.status == BookingStatus.PAID and booking.amount == Decimal("900.00")
    # The tourist now sees the receipt and the calendar file.
    page.reload()
    assert page.get_by_role("link", name="ใบเสร็จรับเงิน (PDF)").is_visible()
    assert page.get_by_role("link", name="เพิ่มลงในปฏิทินของฉัน (.ics)").is_visible()
    assert dashboard_total(browser, scene["url"]) == before + Decimal("900.00")
    assert page.console_errors == []


def test_after_the_session_the_tourist_reviews_it_and_the_listing_shows_it_with_the_reply(page, browser, scene):
    """The whole journey of issue 18 on phones: book, pay by QR and slip, the seller confirms (the
    dashboard rises by exactly the amount); after the session the seller completes the booking, the
    tourist reviews it from My bookings, the seller replies, and the listing shows both."""
    site = scene["url"]
    before = dashboard_total(browser, site)
    booking = booked_paid_and_confirmed(page, browser, scene)
    assert dashboard_total(browser, site) == before + Decimal("900.00")
    # The session takes place.
    from chumchon.catalog.models import Session

    started = timezone.now() - dt.timedelta(hours=3)
    Session.objects.filter(pk=scene["session"].pk).update(starts_at=started, ends_at=started + dt.timedelta(hours=2))

    seller_context = phone(browser)
    seller = seller_context.new_page()
    sign_in(seller, site, "malee@example.com", f"/bookings/{booking.pk}/")
    seller.get_by_role("button", name="มาแล้ว: บันทึกว่าเสร็จสิ้น").click()
    seller.wait_for_url(f"**/bookings/{booking.pk}/")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.COMPLETED

    # The tourist writes her review from My bookings.
    page.goto(f"{site}/bookings/")
    page.get_by_role("link", name="เขียนรีวิว").first.click()
    page.locator("label.star-choice").filter(has_text="5").first.click()
    page.get_by_label("รีวิวของคุณ").fill("ครูมาลีสอนใจเย็นมาก ได้ผ้าทอผืนเล็กกลับบ้าน")
    page.get_by_role("button", name="เผยแพร่รีวิว").click()
    page.wait_for_url("**/reviews/*/")
    assert page.get_by_text("ขอบคุณ รีวิวของคุณเผยแพร่แล้ว").is_visible()

    # The seller replies from her phone.
    seller.goto(f"{site}/reviews/")
    seller.locator("main a").filter(has_text="ตอบ").first.click()  # "ตอบ" or "ตอบกลับ", as the catalogues word it
    seller.get_by_label("คำตอบของคุณ (ทุกคนเห็น)").fill("ขอบคุณที่มาเยี่ยมชุมชนค่ะ")
    seller.get_by_role("button", name="เผยแพร่คำตอบ").click()
    seller.wait_for_load_state()
    seller_context.close()

    # Anyone sees the review and the reply on the listing.
    visitor_context = phone(browser)
    visitor = visitor_context.new_page()
    visitor.goto(f"{site}{scene['listing'].get_absolute_url()}")
    reviews = visitor.locator("section.reviews")
    assert reviews.get_by_text("ได้ผ้าทอผืนเล็กกลับบ้าน").is_visible()
    assert reviews.get_by_text("ขอบคุณที่มาเยี่ยมชุมชนค่ะ").is_visible()
    assert visitor.evaluate("document.documentElement.scrollWidth") <= 360
    visitor_context.close()


def test_a_visitor_chooses_a_date_signs_in_and_confirms_it_on_the_booking_page(page, scene):
    """Not signed in, she chooses a date and 3 people on the experience's page; after signing in
    the booking page has her choice, and nothing is booked before she presses "จอง" there."""
    site = scene["url"]
    page.set_default_timeout(SLOW_MACHINE_MS)
    page.set_default_navigation_timeout(SLOW_MACHINE_MS)
    page.goto(f"{site}{scene['listing'].get_absolute_url()}")
    page.locator("#book-session").select_option(str(scene["session"].pk))
    page.locator("#book-people").fill("3")
    page.get_by_role("button", name="จอง", exact=True).click()
    page.wait_for_url("**/accounts/login/**")
    page.locator("input[name=login]").fill("somchai@example.com")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form").filter(has=page.locator("input[name=password]")).locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/bookings/book/\d+/\?.*"))
    assert page.locator("select[name=session]").input_value() == str(scene["session"].pk)
    assert page.locator("input[name=people]").input_value() == "3"
    assert page.get_by_text("ยังไม่ได้จอง").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert not Booking.objects.exists()
    page.get_by_role("button", name="จอง", exact=True).click()
    page.wait_for_url(re.compile(r".*/bookings/\d+/$"))
    assert Booking.objects.get().people == 3
    assert page.console_errors == []
