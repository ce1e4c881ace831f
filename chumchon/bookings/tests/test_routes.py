"""A route's dated departures are booked like an experience's sessions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from chumchon.bookings import services
from chumchon.bookings.models import BookingStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def route(community, alice):
    from chumchon.catalog.services import listing_create, listing_publish_directly

    listing = listing_create(
        community=community,
        kind="route",
        by=alice,
        title_th="เส้นทางผ้าทอสองวัน",
        title_en="Two days of weaving",
        price=Decimal("3000"),
        price_unit="group",
    )
    return listing_publish_directly(listing=listing, by=None)


@pytest.fixture
def departure(route):
    from chumchon.catalog.services import session_create

    return session_create(listing=route, starts_at=timezone.now() + dt.timedelta(days=10), seats_total=12)


def test_a_route_departure_is_booked_and_shown_on_the_route(client, bob, alice, route, departure):
    page = client.get(route.get_absolute_url()).content.decode()
    assert reverse("bookings:book", kwargs={"listing_pk": route.pk}) in page
    booking = services.booking_create(session=departure, buyer=bob, people=5)
    assert booking.amount == Decimal("3000.00") and booking.status == BookingStatus.REQUESTED
    client.force_login(alice)
    calendar = client.get(reverse("bookings:sessions")).content.decode()
    assert "เส้นทางผ้าทอสองวัน" in calendar and "Bob" in calendar


def test_the_seller_adds_departures_on_the_route_edit_page(client, alice, route):
    client.force_login(alice)
    page = client.get(route.get_edit_url()).content.decode()
    assert reverse("catalog:session_add", kwargs={"pk": route.pk}) in page
