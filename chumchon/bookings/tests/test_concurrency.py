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
