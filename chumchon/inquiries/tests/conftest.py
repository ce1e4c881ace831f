"""Shared scene: Alice sells for a weaving group's community; Bob buys; Charlie is a stranger."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from PIL import Image


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Attachments go to a temporary folder, never into var/."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.SITE_URL = "https://chumchon.example"


@pytest.fixture
def seller_org(alice):
    from chumchon.accounts.services import organisation_create

    return organisation_create(
        by=alice, name="วิสาหกิจชุมชนทอผ้าหาดเสี้ยว", kind="community_enterprise", promptpay_id="0812345678"
    )


@pytest.fixture
def community(seller_org):
    from chumchon.places.tests.factories import CommunityFactory

    return CommunityFactory(
        name_th="ชุมชนทอผ้าหาดเสี้ยว", name_en="Hat Siao Weavers", slug="hat-siao", organisation=seller_org
    )


@pytest.fixture
def listing(community, alice):
    from chumchon.catalog.services import listing_create, listing_publish_directly

    listing = listing_create(
        community=community,
        kind="product",
        by=alice,
        title_th="ผ้าซิ่นตีนจก",
        title_en="Teen Jok sarong",
        price=Decimal("2500"),
        price_unit="piece",
    )
    return listing_publish_directly(listing=listing, by=None)


@pytest.fixture
def conversation(bob, community, listing):
    from chumchon.inquiries.services import conversation_start

    return conversation_start(
        buyer=bob, community=community, listing=listing, body="ขอราคาส่ง 20 ผืนครับ", quantity=20, kind="quote_request"
    )


@pytest.fixture
def quote(conversation, alice):
    import datetime as dt

    from django.utils import timezone

    from chumchon.inquiries.services import QuoteLineSpec, quote_send

    return quote_send(
        conversation=conversation,
        by=alice,
        lines=[QuoteLineSpec("ผ้าซิ่นตีนจก", Decimal("20"), Decimal("2000"))],
        valid_until=timezone.localdate() + dt.timedelta(days=14),
        notes="ส่งภายใน 30 วัน",
    )


def image_bytes(fmt: str = "JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 50, 50)).save(buffer, fmt)
    return buffer.getvalue()
