"""A community's carrying capacity: the most visitors it hosts a day, across all its listings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from chumchon.bookings import services
from chumchon.bookings.models import Booking, CommunityDay
from chumchon.catalog.models import Session
from chumchon.places.models import Community

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_experience(community, alice):
    from chumchon.catalog.services import listing_create, listing_publish_directly

    listing = listing_create(
        community=community,
        kind="experience",
        by=alice,
        title_th="ย้อมครามธรรมชาติ",
        title_en="Natural indigo dyeing",
        price=Decimal("300"),
        price_unit="person",
    )
    return listing_publish_directly(listing=listing, by=None)


@pytest.fixture
def same_day_session(second_experience, session):
    from chumchon.catalog.services import session_create

    return session_create(
        listing=second_experience, starts_at=session.starts_at + dt.timedelta(hours=2), seats_total=20
    )


def visitors(community, session) -> int:
    row = CommunityDay.objects.filter(community=community, date=timezone.localdate(session.starts_at)).first()
    return row.visitors if row else 0


def test_bookings_across_listings_stop_at_the_daily_limit(community, alice, bob, charlie, session, same_day_session):
    services.community_capacity_set(community=community, by=alice, limit=10)
    services.booking_create(session=session, buyer=bob, people=6)
    with pytest.raises(ValidationError) as refused:
        services.booking_create(session=same_day_session, buyer=charlie, people=5)
    assert refused.value.message_dict["people"][0].startswith("ชุมชนรับผู้มาเยือนได้วันละไม่เกิน 10 คน")
    assert "อีก 4 คน" in refused.value.message_dict["people"][0]
    # Nothing is taken by the refused booking: neither seats nor visitors.
    assert Session.objects.get(pk=same_day_session.pk).seats_taken == 0
    assert visitors(community, session) == 6 and Booking.objects.count() == 1
    services.booking_create(session=same_day_session, buyer=charlie, people=4)
    assert visitors(community, session) == 10


def test_another_day_has_its_own_count(community, alice, bob, experience, session):
    from chumchon.catalog.services import session_create

    services.community_capacity_set(community=community, by=alice, limit=3)
    services.booking_create(session=session, buyer=bob, people=3)
    next_day = session_create(listing=experience, starts_at=session.starts_at + dt.timedelta(days=1), seats_total=8)
    services.booking_create(session=next_day, buyer=bob, people=3)
    assert Booking.objects.count() == 2


def test_a_declined_or_cancelled_booking_frees_its_visitors(community, alice, bob, charlie, session):
    services.community_capacity_set(community=community, by=alice, limit=4)
    booking = services.booking_create(session=session, buyer=bob, people=4)
    services.booking_decline(booking=booking, by=alice)
    assert visitors(community, session) == 0
    again = services.booking_create(session=session, buyer=charlie, people=4)
    services.booking_cancel(booking=again, by=charlie)
    assert visitors(community, session) == 0


def test_without_a_limit_bookings_are_still_counted(community, bob, session):
    services.booking_create(session=session, buyer=bob, people=5)
    assert visitors(community, session) == 5


def test_only_the_communitys_seller_sets_the_limit(community, bob):
    with pytest.raises(PermissionDenied):
        services.community_capacity_set(community=community, by=bob, limit=5)
    assert Community.objects.get(pk=community.pk).daily_visitor_limit is None


def test_the_seller_sets_it_from_a_form_linked_on_the_community_page(client, alice, bob, community):
    client.force_login(alice)
    page = client.get(community.get_absolute_url()).content.decode()
    url = reverse("bookings:capacity", kwargs={"community_pk": community.pk})
    assert url in page
    response = client.post(url, {"daily_visitor_limit": "0"})
    assert response.status_code == 200 and response.context["form"].errors["daily_visitor_limit"]
    assert client.post(url, {"daily_visitor_limit": "25"}).status_code == 302
    assert Community.objects.get(pk=community.pk).daily_visitor_limit == 25
    assert "25" in client.get(community.get_absolute_url()).content.decode()
    client.force_login(bob)
    assert url not in client.get(community.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 404


def test_the_calendar_shows_the_days_capacity_use(client, community, alice, bob, session):
    services.community_capacity_set(community=community, by=alice, limit=12)
    services.booking_create(session=session, buyer=bob, people=3)
    client.force_login(alice)
    page = client.get(reverse("bookings:sessions")).content.decode()
    assert "ชุมชนทอผ้าหาดเสี้ยว: 3 จาก 12 คนต่อวัน" in page
    assert "Bob" in page
