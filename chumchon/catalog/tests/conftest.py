import pytest

from chumchon.accounts.services import organisation_create
from chumchon.catalog import services
from chumchon.places.tests.factories import CommunityFactory


@pytest.fixture
def alice_community(alice):
    """A community run by alice's community enterprise."""
    organisation = organisation_create(
        by=alice, name="วิสาหกิจชุมชนทอผ้า", kind="community_enterprise", promptpay_id="0812345678"
    )
    return CommunityFactory.create(
        organisation=organisation, name_th="ชุมชนทอผ้าบ้านนา", name_en="Ban Na Weavers", slug="ban-na-weavers"
    )


@pytest.fixture
def product(alice, alice_community):
    return services.listing_create(
        community=alice_community, kind="product", by=alice, title_th="ผ้าซิ่นตีนจก", title_en="Teen jok sarong",
        price=3500, price_unit="piece", wholesale_price=2900, min_order_qty=5, lead_time_days=30,
    )  # fmt: skip


@pytest.fixture
def published_product(product, officer):
    services.listing_submit(listing=product, by=product.created_by)
    return services.listing_approve(listing=product, by=officer)
