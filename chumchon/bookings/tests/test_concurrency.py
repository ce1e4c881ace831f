"""Fifty people booking the last seats at once: exactly the seats there are are sold."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from chumchon.accounts.tests.factories import UserFactory
from chumchon.bookings import services
from chumchon.bookings.models import Booking
from chumchon.catalog.models import Session

pytestmark = pytest.mark.django_db(transaction=True)

BUYERS = 50


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite serialises writers itself"
)
def test_50_simultaneous_bookings_of_8_seats_sell_exactly_8(places_data, session):
    buyers = [UserFactory(email=f"tourist{n}@example.com") for n in range(BUYERS)]

    def book(buyer) -> str:
        from django.db import connections

        try:
            target = Session.objects.get(pk=session.pk)
            services.booking_create(session=target, buyer=buyer, people=1)
            return "booked"
        except ValidationError as exc:
            return "refused: " + " ".join(exc.messages)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=16) as pool:
        outcomes = list(pool.map(book, buyers))

    assert outcomes.count("booked") == 8
    refusals = [outcome for outcome in outcomes if outcome != "booked"]
    assert len(refusals) == 42
    assert set(refusals) == {"refused: รอบนี้เหลือเพียง 0 ที่นั่ง"}
    assert Session.objects.get(pk=session.pk).seats_taken == 8
    assert Booking.objects.count() == 8


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite serialises writers itself"
)
def test_50_simultaneous_bookings_against_a_daily_capacity_of_8_end_at_8(places_data, session, community, alice):
    """Two experiences of the community on the same day, with seats to spare: the community's daily
    limit of 8 visitors is what stops the fifty buyers, whichever experience each one books."""
    import datetime as dt
    from decimal import Decimal

    from chumchon.bookings.models import CommunityDay
    from chumchon.catalog.services import listing_create, listing_publish_directly, session_create

    services.community_capacity_set(community=community, by=alice, limit=8)
    other = listing_publish_directly(
        listing=listing_create(
            community=community,
            kind="experience",
            by=alice,
            title_th="ย้อมคราม",
            price=Decimal("300"),
            price_unit="person",
        ),
        by=None,
    )
    Session.objects.filter(pk=session.pk).update(seats_total=60)
    sessions = [
        Session.objects.get(pk=session.pk),
        session_create(listing=other, starts_at=session.starts_at + dt.timedelta(hours=1), seats_total=60),
    ]
    buyers = [UserFactory(email=f"visitor{n}@example.com") for n in range(BUYERS)]

    def book(numbered) -> str:
        from django.db import connections

        n, buyer = numbered
        try:
            target = Session.objects.get(pk=sessions[n % 2].pk)
            services.booking_create(session=target, buyer=buyer, people=1)
            return "booked"
        except ValidationError as exc:
            return "refused: " + " ".join(exc.messages)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=16) as pool:
        outcomes = list(pool.map(book, enumerate(buyers)))

    assert outcomes.count("booked") == 8
    refusals = [outcome for outcome in outcomes if outcome != "booked"]
    assert len(refusals) == 42
    assert {refusal.split(":")[1].strip() for refusal in refusals} == {"ชุมชนรับผู้มาเยือนได้วันละไม่เกิน 8 คน"}
    assert all("รับได้อีก 0 คนเท่านั้น" in refusal for refusal in refusals)
    assert CommunityDay.objects.get(community=community).visitors == 8
    assert sum(Session.objects.get(pk=target.pk).seats_taken for target in sessions) == 8
    assert Booking.objects.count() == 8
