from typing import Any

import pytest
from django.core.exceptions import ValidationError

from chumchon.accounts.models import AuditEntry
from chumchon.catalog import services
from chumchon.catalog.models import Status, Tag

pytestmark = pytest.mark.django_db


def test_it_creates_drafts(product):
    assert product.status == Status.DRAFT
    assert product.community.name_en == "Ban Na Weavers"


def test_it_goes_from_draft_to_pending_to_published(product, alice, officer):
    services.listing_submit(listing=product, by=alice)
    assert product.status == Status.PENDING
    services.listing_approve(listing=product, by=officer)
    assert product.status == Status.PUBLISHED and product.published_at is not None
    entry = AuditEntry.objects.get(action="listing.approve")
    assert entry.actor == officer
    assert entry.before is not None and entry.after is not None
    assert entry.before["status"] == "pending" and entry.after["status"] == "published"


def test_it_rejects_with_a_reason_the_seller_can_answer(product, alice, officer):
    services.listing_submit(listing=product, by=alice)
    with pytest.raises(ValidationError):
        services.listing_reject(listing=product, by=officer, reason="  ")
    services.listing_reject(listing=product, by=officer, reason="เพิ่มรูปถ่ายผ้าทั้งผืน")
    assert product.status == Status.REJECTED and product.rejection_reason == "เพิ่มรูปถ่ายผ้าทั้งผืน"
    services.listing_update(listing=product, by=alice, description_th="มีรูปทั้งผืนแล้ว")
    assert product.status == Status.DRAFT
    services.listing_submit(listing=product, by=alice)
    assert product.status == Status.PENDING


def test_it_lets_only_officers_review(product, alice):
    services.listing_submit(listing=product, by=alice)
    with pytest.raises(PermissionError):
        services.listing_approve(listing=product, by=alice)


def test_it_keeps_a_listing_published_when_only_price_or_stock_change(published_product, alice):
    services.listing_update(listing=published_product, by=alice, price=3600, stock=4)
    assert published_product.status == Status.PUBLISHED


def test_it_sends_a_changed_description_back_for_review(published_product, alice):
    services.listing_update(listing=published_product, by=alice, description_th="ข้อความใหม่")
    assert published_product.status == Status.PENDING


def test_it_lets_officers_unpublish_with_a_reason(published_product, officer):
    services.listing_unpublish(listing=published_product, by=officer, reason="ข้อมูลราคาไม่ถูกต้อง")
    assert published_product.status == Status.REJECTED
    assert AuditEntry.objects.filter(action="listing.unpublish", actor=officer).exists()


@pytest.mark.parametrize("field", ["price", "wholesale_price"])
def test_it_refuses_negative_prices(alice, alice_community, field):
    negative: dict[str, Any] = {field: -1}
    with pytest.raises(ValidationError) as error:
        services.listing_create(community=alice_community, kind="product", by=alice, title_th="x", **negative)
    assert field in error.value.message_dict


def test_it_refuses_more_than_two_decimals(alice, alice_community):
    with pytest.raises(ValidationError) as error:
        services.listing_create(community=alice_community, kind="product", by=alice, title_th="x", price="12.345")
    assert "price" in error.value.message_dict


def test_it_merges_tags_whatever_their_case(product, alice):
    services.listing_update(listing=product, by=alice, tags=["Hand-woven", "hand-woven", " ผ้าทอมือ "])
    assert sorted(product.tags.values_list("name", flat=True)) == ["Hand-woven", "ผ้าทอมือ"]
    # Another listing reuses the tags as written first, whatever case it types them in.
    other = services.listing_create(community=product.community, kind="product", by=alice, title_th="ผ้าขาวม้า")
    services.listing_update(listing=other, by=alice, tags=["HAND-WOVEN", "ผ้าทอมือ", "ของฝาก"])
    assert sorted(other.tags.values_list("name", flat=True)) == ["Hand-woven", "ของฝาก", "ผ้าทอมือ"]
    assert Tag.objects.count() == 3


def test_it_sets_many_tags_in_a_fixed_number_of_queries(product, alice, django_assert_max_num_queries):
    services.listing_set_tags(listing=product, names=["a1", "a2"])
    names = [f"tag {n}" for n in range(12)]
    with django_assert_max_num_queries(8):  # find, add, find again, then the links
        services.listing_set_tags(listing=product, names=names)
    assert sorted(product.tags.values_list("name", flat=True)) == sorted(names)


def test_it_orders_route_stops_across_communities(alice, alice_community, product):
    from chumchon.places.tests.factories import CommunityFactory

    other = CommunityFactory.create()
    route = services.listing_create(community=alice_community, kind="route", by=alice, title_th="เส้นทาง")
    services.route_set_stops(
        route=route, stops=[services.StopSpec(listing=product), services.StopSpec(community=other, day=2)]
    )
    assert [(stop.position, stop.place, stop.day) for stop in route.stops.all()] == [
        (1, alice_community, 1),
        (2, other, 2),
    ]
    with pytest.raises(ValidationError):
        services.route_set_stops(route=route, stops=[services.StopSpec(listing=route)])
