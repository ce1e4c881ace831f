"""Shared scene: Alice's community sells a weaving class; Bob booked it and it took place (a
completed booking); Charlie is a stranger; matching fixtures for meetings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

# Alice's community and her weaving class: bookings' scene (itself direct contact's), shared.
from chumchon.bookings.tests.conftest import experience, session  # noqa: F401
from chumchon.inquiries.tests.conftest import community, seller_org  # noqa: F401
from chumchon.matching.tests.conftest import event, make_event, make_participant  # noqa: F401


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.SITE_URL = "https://chumchon.example"


def complete_booking(session, buyer, seller, *, people: int = 2):  # noqa: F811
    """A booking made, accepted, paid and completed through the services (the session moved to
    yesterday so that it can be completed)."""
    from chumchon.bookings import services
    from chumchon.catalog.models import Session

    booking = services.booking_create(session=session, buyer=buyer, people=people)
    booking = services.booking_accept(booking=booking, by=seller)
    booking = services.booking_confirm_payment(booking=booking, by=seller)
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - dt.timedelta(days=1))
    return services.booking_complete(booking=booking, by=seller)


@pytest.fixture
def completed_booking(session, bob, alice):  # noqa: F811
    return complete_booking(session, bob, alice)


@pytest.fixture
def review(completed_booking, bob):
    from chumchon.reviews.services import review_create

    return review_create(reviewer=bob, booking=completed_booking, stars=4, text="สนุกมาก ครูใจดี", language="th")
