"""On phones (360 × 740): a tourist whose booking took place writes a review from the booking's
page; the community's seller replies from her phone; the listing shows the review, the reply and
the average."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from chumchon.accounts.tests.factories import UserFactory
from chumchon.core.tests.accessibility import serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scene(live_server, places_data):
    from chumchon.accounts.services import organisation_create
    from chumchon.catalog.services import listing_create, listing_publish_directly, session_create
    from chumchon.places.tests.factories import CommunityFactory
    from chumchon.reviews.tests.conftest import complete_booking

    seller = UserFactory.create(email="malee@example.com", name="มาลี", role="seller")
    tourist = UserFactory.create(email="emma@example.com", name="Emma", role="tourist")
    organisation = organisation_create(
        by=seller, name="วิสาหกิจชุมชนทอผ้าหาดเสี้ยว", kind="community_enterprise", promptpay_id="0812345678"
    )
    community = CommunityFactory.create(name_th="ชุมชนทอผ้าหาดเสี้ยว", slug="hat-siao", organisation=organisation)
    listing = listing_create(
        community=community, kind="experience", by=seller, title_th="เรียนทอผ้าตีนจก",
        title_en="Teen Jok weaving class", price=Decimal("450"), price_unit="person",
    )  # fmt: skip
    listing = listing_publish_directly(listing=listing, by=None)
    session = session_create(listing=listing, starts_at=timezone.now() + dt.timedelta(days=2), seats_total=8)
    booking = complete_booking(session, tourist, seller)
    return {"url": live_server.url, "listing": listing, "booking": booking}


def sign_in(page, site, email):
    from django.conf import settings
    from django.test import Client

    from chumchon.accounts.models import User

    page.context.clear_cookies()
    client = Client()
    client.force_login(User.objects.get(email=email))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": site}])


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_tourist_reviews_a_completed_booking_and_the_seller_replies_from_her_phone(page, scene):
    site, listing, booking = scene["url"], scene["listing"], scene["booking"]

    # The tourist finds the prompt in My bookings and writes the review on the booking's page.
    sign_in(page, site, "emma@example.com")
    page.goto(f"{site}/en/bookings/")
    page.get_by_role("link", name="Write a review").click()
    page.get_by_text("★★★★★ 5").click()
    page.get_by_label("Your review").fill("Khun Malee taught us patiently; we took home our own little weave.")
    assert no_sideways_scroll(page)
    page.get_by_role("button", name="Publish the review").click()
    page.wait_for_url("**/reviews/*/")
    assert page.get_by_text("Thank you: your review is published.").is_visible()

    # The seller, told of it, replies from her phone.
    sign_in(page, site, "malee@example.com")
    page.goto(f"{site}/en/reviews/")
    page.get_by_role("link", name="Reply").first.click()
    page.get_by_label("Your public reply").fill("Thank you for coming, Emma!")
    assert no_sideways_scroll(page)
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Publish the reply").click()
    assert page.get_by_text("Your reply is published under the review.").is_visible()

    # Anyone sees the review, the reply and the average on the listing.
    page.context.clear_cookies()
    page.goto(f"{site}/en/l/{listing.pk}/")
    reviews = page.locator("section.reviews")
    assert reviews.get_by_text("we took home our own little weave").is_visible()
    assert reviews.get_by_text("Thank you for coming, Emma!").is_visible()
    assert reviews.locator(".rating-summary").get_by_text("★ 5.0").is_visible()
    assert no_sideways_scroll(page)
    assert page.console_errors == []
    booking.refresh_from_db()
    assert booking.review.reply == "Thank you for coming, Emma!"
