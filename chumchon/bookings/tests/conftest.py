"""Shared scene: Alice sells a weaving class for her community (8 seats on a date in three days);
Bob books it; Charlie is a stranger."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from PIL import Image

# Alice's community enterprise and her community: direct contact's scene, shared.
from chumchon.inquiries.tests.conftest import community, seller_org  # noqa: F401


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Slips go to a temporary folder, never into var/."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def experience(community, alice):  # noqa: F811 (the imported fixture)
    from chumchon.catalog.services import listing_create, listing_publish_directly

    listing = listing_create(
        community=community,
        kind="experience",
        by=alice,
        title_th="เรียนทอผ้าตีนจก",
        title_en="Teen Jok weaving class",
        price=Decimal("450"),
        price_unit="person",
    )
    return listing_publish_directly(listing=listing, by=None)


@pytest.fixture
def session(experience):
    from chumchon.catalog.services import session_create

    return session_create(listing=experience, starts_at=timezone.now() + dt.timedelta(days=3), seats_total=8)


@pytest.fixture
def instant(experience, alice):
    from chumchon.bookings.services import booking_terms_set

    return booking_terms_set(listing=experience, by=alice, mode="instant", response_hours=24)


@pytest.fixture
def request_booking(session, bob):
    from chumchon.bookings.services import booking_create

    return booking_create(session=session, buyer=bob, people=2, note="มา 2 คนครับ")


@pytest.fixture
def accepted_booking(request_booking, alice):
    from chumchon.bookings.services import booking_accept

    return booking_accept(booking=request_booking, by=alice)


def image_bytes(fmt: str = "JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
