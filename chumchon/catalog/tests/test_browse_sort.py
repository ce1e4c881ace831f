"""The listings browse page in another order than newest: price (either way, listings without a
price last), name in Thai dictionary order; the order is kept across pages and filters."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chumchon.catalog import services, sorting
from chumchon.catalog.models import Listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def listings(alice, alice_community):
    made = {}
    for title_th, title_en, price in [
        ("ไก่ย่าง", "Grilled chicken", 120),
        ("เกาะกลางน้ำ", "Island trip", None),
        ("ขนมหม้อแกง", "Custard cake", 60),
        ("กาแฟดอย", "Arabica coffee", 250),
        ("ผ้าทอมือ", "", None),
        ("เทียนหอม", "Aroma candle", 60),
    ]:
        listing = services.listing_create(
            community=alice_community, kind="product", by=alice, title_th=title_th, title_en=title_en, price=price
        )
        services.listing_publish_directly(listing=listing, by=None)
        made[title_th] = listing
    return made


def _titles(response) -> list[str]:
    return [listing.title_th for listing in response.context["page"].object_list]


def test_it_sorts_by_price_low_to_high_with_the_unpriced_last(client, listings):
    titles = _titles(client.get("/listings/?sort=price"))
    assert titles[:4] == ["ขนมหม้อแกง", "เทียนหอม", "ไก่ย่าง", "กาแฟดอย"]  # equal prices: first added first
    assert set(titles[4:]) == {"เกาะกลางน้ำ", "ผ้าทอมือ"}


def test_it_sorts_by_price_high_to_low_with_the_unpriced_last(client, listings):
    titles = _titles(client.get("/listings/?sort=-price"))
    assert titles[:4] == ["กาแฟดอย", "ไก่ย่าง", "เทียนหอม", "ขนมหม้อแกง"]
    assert set(titles[4:]) == {"เกาะกลางน้ำ", "ผ้าทอมือ"}


def test_it_sorts_by_name_in_thai_dictionary_order_not_code_points(client, listings):
    # A leading vowel (เ ไ) sorts by the consonant after it: เกาะ among the ก, ไก่ after กาแฟ.
    assert _titles(client.get("/listings/?sort=name")) == [
        "กาแฟดอย", "เกาะกลางน้ำ", "ไก่ย่าง", "ขนมหม้อแกง", "เทียนหอม", "ผ้าทอมือ",
    ]  # fmt: skip


def test_it_sorts_by_the_english_names_in_english(client, listings):
    response = client.get("/en/listings/?sort=name")
    names = [listing.title for listing in response.context["page"].object_list]
    # "ผ้าทอมือ" has no English title: it sorts by its Thai one, after the Latin letters.
    assert names == ["Arabica coffee", "Aroma candle", "Custard cake", "Grilled chicken", "Island trip", "ผ้าทอมือ"]


def test_a_renamed_listing_moves_in_the_name_order(client, listings, alice):
    listing = listings["ผ้าทอมือ"]
    services.listing_update(listing=listing, by=alice, title_th="กระเป๋าสาน")
    services.listing_publish_directly(listing=listing, by=None)  # a new title is approved again
    assert _titles(client.get("/listings/?sort=name"))[0] == "กระเป๋าสาน"


def test_an_unknown_order_is_newest_first(client, listings):
    assert client.get("/listings/?sort=cheapest';--").context["sort"] == sorting.NEWEST
    assert _titles(client.get("/listings/?sort=x")) == _titles(client.get("/listings/"))


def test_the_order_is_kept_across_pages_and_filters(client, listings, monkeypatch):
    monkeypatch.setattr("chumchon.catalog.views.LISTINGS_PER_PAGE", 2)
    first = client.get("/listings/?sort=price&kind=product")
    html = first.content.decode()
    assert re.search(r'href="\?[^"]*sort=price[^"]*page=2"', html)  # the next page keeps the order
    assert '<input type="hidden" name="sort" value="price">' in html  # the filter form keeps it
    assert '<input type="hidden" name="kind" value="product">' in html  # the sort form keeps the filter
    second = client.get("/listings/?sort=price&kind=product&page=2")
    assert _titles(second) == ["ไก่ย่าง", "กาแฟดอย"]
    assert _titles(client.get("/listings/?sort=price&kind=product&page=3")) != _titles(second)


def test_the_order_is_a_labelled_select_with_the_current_order_chosen(client, listings):
    html = client.get("/en/listings/?sort=-price").content.decode()
    assert '<label for="browse-sort">Sort by</label>' in html
    assert '<option value="-price" selected>Price: high to low</option>' in html
    assert '<option value="name">Name: A to Z</option>' in html


def test_thai_is_the_default_language_of_the_orders(client, listings):
    html = client.get("/listings/").content.decode()
    assert "เรียงตาม" in html and "ชื่อ ก–ฮ" in html


@pytest.mark.parametrize("order", ["price", "-price", "name"])
def test_each_order_runs_a_bounded_number_of_queries_whatever_the_number_of_listings(
    client, alice, alice_community, order, django_assert_max_num_queries
):
    def publish(count, price):
        for n in range(count):
            listing = services.listing_create(
                community=alice_community, kind="product", by=alice, title_th=f"สินค้า {n}", price=price
            )
            services.listing_publish_directly(listing=listing, by=None)

    # The most: a page holding priced and unpriced listings (two slices, by price).
    publish(2, 10)
    publish(1, None)
    with CaptureQueriesContext(connection) as few:
        client.get(f"/listings/?sort={order}")
    publish(30, 20)
    publish(30, None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/listings/?sort={order}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/listings/?sort={order}&page=3")


def test_priced_first_slices_across_the_two_parts(alice, alice_community, listings):
    ordered = sorting.order_listings(Listing.objects.published(), sort=sorting.PRICE_LOW)
    assert len(ordered) == 6
    everything = [listing.pk for listing in ordered[0:6]]
    assert [listing.pk for listing in ordered[3:5]] == everything[3:5]
    assert [listing.pk for listing in ordered[5:9]] == everything[5:]


def test_bulk_created_listings_get_their_name_keys(alice_community):
    (listing,) = Listing.objects.bulk_create([Listing(community=alice_community, kind="product", title_th="ไข่เค็ม")])
    listing.refresh_from_db()
    assert listing.sort_name_th and listing.sort_name_en == listing.sort_name_th
