"""Shared scene: two communities sell (Alice's weavers and Dara's potters); Bob plans a trip;
Charlie is a stranger."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chumchon.inquiries.tests.conftest import community, listing, seller_org  # noqa: F401


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.SITE_URL = "https://chumchon.example"


@pytest.fixture
def dara(db):
    from chumchon.accounts.tests.factories import UserFactory

    return UserFactory(email="dara@example.com", name="Dara", role="seller")


@pytest.fixture
def pottery(dara):
    from chumchon.accounts.services import organisation_create
    from chumchon.catalog.services import listing_create, listing_publish_directly
    from chumchon.places.tests.factories import CommunityFactory

    organisation = organisation_create(by=dara, name="กลุ่มสังคโลกบ้านเกาะน้อย", kind="community_enterprise")
    potters = CommunityFactory.create(name_th="ชุมชนบ้านเกาะน้อย", slug="ban-ko-noi", organisation=organisation)
    pots = listing_create(
        community=potters, kind="experience", by=dara, title_th="ปั้นสังคโลก", title_en="Sangkhalok pottery",
        price=Decimal("300"), price_unit="person",
    )  # fmt: skip
    return listing_publish_directly(listing=pots, by=None)


@pytest.fixture
def trip(bob, listing, pottery):  # noqa: F811
    from chumchon.trips import services

    trip = services.trip_create(buyer=bob, title="สุโขทัย 2 วัน", group_size=12, note="มีผู้สูงอายุ 2 ท่าน")
    services.trip_add(trip=trip, by=bob, listing=listing, day=1)
    services.trip_add(trip=trip, by=bob, listing=pottery, day=2)
    return trip
