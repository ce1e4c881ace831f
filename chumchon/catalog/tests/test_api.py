import io
import json
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from chumchon.accounts.tests.factories import api_key_for
from chumchon.catalog import services
from chumchon.catalog.api import ListingSerializer
from chumchon.catalog.models import Category, Listing, Status, Theme
from chumchon.places.tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {api_key_for(user)}")
    return client


def test_it_lists_only_published_listings_with_places_and_prices(api, published_product, alice, alice_community):
    services.listing_create(community=alice_community, kind="product", by=alice, title_th="ร่าง")
    data = api.get("/api/v1/listings/").json()
    assert data["count"] == 1
    item = data["results"][0]
    assert item["title_th"] == "ผ้าซิ่นตีนจก"
    assert item["price"] == "3500.00" and item["wholesale_price"] == "2900.00"
    assert item["community_name_en"] == "Ban Na Weavers"
    assert item["province"] == "Sukhothai" and item["district_th"] == "เมืองสุโขทัย"
    assert item["photos"] == []


def test_it_filters_like_the_browse_page(api, demo_data):
    products = api.get("/api/v1/listings/", {"kind": "product", "province": "สุโขทัย", "page_size": 100}).json()
    assert products["count"] > 0 and {item["kind"] for item in products["results"]} == {"product"}
    ceramics = api.get("/api/v1/listings/", {"category": "ceramics"}).json()
    assert [item["external_id"] for item in ceramics["results"]] == ["demo-l-03"]
    groups = api.get("/api/v1/listings/", {"capacity": 25, "kind": "experience"}).json()
    assert {item["external_id"] for item in groups["results"]} == {"demo-l-08", "demo-l-11"}


def test_it_names_a_bad_filter_value(api, db):
    response = api.get("/api/v1/listings/", {"price_min": "12O"})
    assert response.status_code == 400
    assert "price_min" in {error["field"] for error in response.json()["errors"]}


def test_it_lets_a_seller_create_and_update_their_listing_with_a_token(alice, alice_community):
    client = token_client(alice)
    response = client.post(
        "/api/v1/listings/",
        {
            "community": alice_community.slug,
            "kind": "product",
            "title_th": "ผ้าคลุมไหล่",
            "price": "890.00",
            "themes": ["crafts-folk-art"],
            "tag_names": ["shawl"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    listing = Listing.objects.get(pk=response.json()["id"])
    assert listing.status == Status.DRAFT and listing.created_by == alice
    assert list(listing.tags.values_list("name", flat=True)) == ["shawl"]
    response = client.patch(f"/api/v1/listings/{listing.pk}/", {"price": "950.00"}, format="json")
    assert response.status_code == 200
    listing.refresh_from_db()
    assert str(listing.price) == "950.00"


def test_it_refuses_a_negative_price_through_the_api(alice, alice_community):
    response = token_client(alice).post(
        "/api/v1/listings/",
        {"community": alice_community.slug, "kind": "product", "title_th": "x", "price": "-1"},
        format="json",
    )
    assert response.status_code == 400
    assert "price" in {error["field"] for error in response.json()["errors"]}
    assert not Listing.objects.exists()


def test_it_refuses_fields_of_another_kind(alice, alice_community):
    response = token_client(alice).post(
        "/api/v1/listings/",
        {"community": alice_community.slug, "kind": "product", "title_th": "x", "capacity": 5},
        format="json",
    )
    assert response.status_code == 400 and "capacity" in {error["field"] for error in response.json()["errors"]}


def test_it_hides_someone_elses_listing(charlie, product, published_product):
    client = token_client(charlie)
    assert client.patch(f"/api/v1/listings/{product.pk}/", {"price": "1.00"}, format="json").status_code == 404
    product.refresh_from_db()
    assert str(product.price) == "3500.00"


def test_it_hides_drafts_from_other_people(api, charlie, alice, alice_community):
    draft = services.listing_create(community=alice_community, kind="product", by=alice, title_th="ร่าง")
    assert api.get(f"/api/v1/listings/{draft.pk}/").status_code == 404
    assert token_client(charlie).get(f"/api/v1/listings/{draft.pk}/").status_code == 404
    assert token_client(alice).get(f"/api/v1/listings/{draft.pk}/").status_code == 200


def test_it_refuses_listing_for_a_community_the_seller_does_not_run(bob, alice_community):
    response = token_client(bob).post(
        "/api/v1/listings/", {"community": alice_community.slug, "kind": "product", "title_th": "x"}, format="json"
    )
    assert response.status_code == 400 and "community" in {error["field"] for error in response.json()["errors"]}


def test_it_refuses_writes_without_authentication(api, alice_community):
    response = api.post(
        "/api/v1/listings/", {"community": alice_community.slug, "kind": "product", "title_th": "x"}, format="json"
    )
    assert response.status_code in (401, 403)


def test_it_pages_up_to_100(api, alice, alice_community):
    for n in range(3):
        services.listing_publish_directly(
            listing=services.listing_create(community=alice_community, kind="product", by=alice, title_th=f"x{n}"),
            by=None,
        )
    data = api.get("/api/v1/listings/", {"page_size": 2}).json()
    assert data["count"] == 3 and len(data["results"]) == 2 and data["next"]


def test_it_lists_in_a_constant_number_of_queries(api, alice, alice_community, django_assert_num_queries):
    def publish(count):
        for n in range(count):
            services.listing_publish_directly(
                listing=services.listing_create(
                    community=alice_community, kind="product", by=alice, title_th=f"x{n}", tags=["a", "b"]
                ),
                by=None,
            )

    publish(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        api.get("/api/v1/listings/")
    publish(10)
    with django_assert_num_queries(len(few.captured_queries)):
        api.get("/api/v1/listings/")


def jpeg(width=1200, height=900):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (180, 60, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_it_shows_a_listing_exactly_as_drfs_field_by_field_representation(
    alice, alice_community, officer, settings, tmp_path, django_capture_on_commit_callbacks
):
    """ListingSerializer.to_representation reads the listing directly: the same keys, in the same
    order, with the same values and types as ModelSerializer's generic path, for every kind of listing."""
    settings.MEDIA_ROOT = tmp_path
    theme, other_theme = Theme.objects.order_by("name_th")[:2]
    alice_community.external_id = "community-7"
    alice_community.save(update_fields=["external_id"])
    product = services.listing_create(
        community=alice_community, kind="product", by=alice, external_id="p-1", title_th="ผ้าซิ่นตีนจก",
        title_en="Teen jok sarong", description_th="ทอมือ", description_en="Hand-woven", price=Decimal("3500.5"),
        price_unit="piece", wholesale_price=2900, min_order_qty=5, lead_time_days=30, stock=0, materials="ฝ้าย",
        size="2 m", weight_grams=400, category=Category.objects.get(slug="textiles"),
        themes=[other_theme, theme], tags=["ผ้าทอมือ", "OTOP"],
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.photo_add(listing=product, upload=jpeg(2000, 1500), alt_th="ผ้า", alt_en="Cloth")
    services.photo_add(listing=product, upload=jpeg(), alt_th="ภาพที่สอง")  # no renditions yet
    services.listing_publish_directly(listing=product, by=None)
    experience = services.listing_create(
        community=alice_community, kind="experience", by=alice, title_th="เรียนทอผ้า", price=0,
        price_unit="person", duration_minutes=90, capacity=12, languages="ไทย", accessibility_notes="ทางลาด",
    )  # fmt: skip
    services.listing_publish_directly(listing=experience, by=None)
    route = services.listing_create(community=alice_community, kind="route", by=alice, title_th="เส้นทางผ้าทอ")
    services.listing_create(community=alice_community, kind="product", by=alice, title_th="ร่าง")  # a draft
    fresh = services.listing_create(community=alice_community, kind="product", by=alice, title_th="ใหม่", price=10)

    request = Request(APIRequestFactory().get("/api/v1/listings/", secure=True))
    loaded = list(Listing.objects.for_cards().prefetch_related("tags", "themes").order_by("pk"))
    assert {listing.kind for listing in loaded} == {"product", "experience", "route"} and route in loaded
    for language, zone in (("th", "Asia/Bangkok"), ("en", "UTC")):
        with translation.override(language), timezone.override(zone):
            for listing in [*loaded, fresh]:
                fast = ListingSerializer(context={"request": request}).to_representation(listing)
                generic = serializers.ModelSerializer.to_representation(
                    ListingSerializer(context={"request": request}), listing
                )
                assert list(fast.items()) == list(generic.items())
                assert [type(value) for value in fast.values()] == [type(value) for value in generic.values()]
                assert JSONRenderer().render(fast) == JSONRenderer().render(generic)
    # The list (its own columns and prefetches, searched or not) shows the same.
    plain = Request(APIRequestFactory().get("/api/v1/listings/"))
    for query in ("", "ผ้า"):
        items = APIClient().get("/api/v1/listings/", {"q": query}).json()["results"]
        expected = [
            json.loads(JSONRenderer().render(serializers.ModelSerializer.to_representation(
                ListingSerializer(context={"request": plain}), Listing.objects.get(pk=item["id"])
            )))
            for item in items
        ]  # fmt: skip
        assert [list(item.items()) for item in items] == [list(item.items()) for item in expected]
        assert len(items) == 2  # the product and the experience (the route and the drafts are not published)
    shown = ListingSerializer(context={"request": request}).to_representation(loaded[0])
    assert shown["url"].startswith("https://testserver/") and shown["community_external_id"] == "community-7"
    assert [photo["alt"] for photo in shown["photos"]] == ["ผ้า", "ภาพที่สอง"] and "1024w" in shown["photos"][0]["srcset"]
    assert shown["tags"] == ["OTOP", "ผ้าทอมือ"] and shown["price"] == "3500.50"
    assert ListingSerializer().to_representation(loaded[0])["url"] == loaded[0].get_absolute_url()


def test_every_list_shows_its_listings_as_the_orm_reads_them(
    alice, alice_community, settings, tmp_path, django_capture_on_commit_callbacks
):
    """The list reads its page in plain statements (selectors.listing_page): whatever the route to
    the page (newest first, searched, searched and filtered, a seller's own in every status) and the
    language, each listing shows exactly as DRF's generic representation of it loaded by the ORM."""
    settings.MEDIA_ROOT = tmp_path
    theme, other_theme = Theme.objects.order_by("name_th")[:2]
    textiles = Category.objects.get(slug="textiles")
    sarong = services.listing_create(
        community=alice_community, kind="product", by=alice, title_th="ผ้าซิ่นตีนจก", title_en="Sarong",
        price=Decimal("3500.5"), wholesale_price=2900, category=textiles, themes=[other_theme, theme],
        tags=["ผ้าทอมือ", "OTOP", "ลายโบราณ"],
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.photo_add(listing=sarong, upload=jpeg(2000, 1500), alt_th="ผ้า", alt_en="Cloth")
    services.photo_add(listing=sarong, upload=jpeg(), alt_th="ภาพที่สอง")
    services.listing_publish_directly(listing=sarong, by=None)
    for n in range(3):
        services.listing_publish_directly(
            listing=services.listing_create(
                community=alice_community, kind="experience", by=alice, title_th=f"เรียนทอผ้า {n}", capacity=8,
                price=0, price_unit="person",
            ),
            by=None,
        )  # fmt: skip
    draft = services.listing_create(community=alice_community, kind="product", by=alice, title_th="ผ้าร่าง")
    # A published listing of a community that is not published is nobody's to see but its seller's.
    elsewhere = CommunityFactory.create(organisation=alice_community.organisation, is_published=False)
    hidden = services.listing_create(community=elsewhere, kind="product", by=alice, title_th="ผ้าซ่อน")
    services.listing_publish_directly(listing=hidden, by=None)

    def expected(client: APIClient, item: dict, language: str) -> list:
        request = Request(APIRequestFactory().get("/api/v1/listings/"))
        with translation.override(language):
            listing = Listing.objects.get(pk=item["id"])
            shown = serializers.ModelSerializer.to_representation(
                ListingSerializer(context={"request": request}), listing
            )
            return list(json.loads(JSONRenderer().render(shown)).items())

    seller = token_client(alice)
    routes = [
        (APIClient(), {}, 4),
        (APIClient(), {"q": "ผ้า"}, 4),
        (APIClient(), {"q": "ผ้า", "kind": "product"}, 1),
        (APIClient(), {"q": "ผ้าซิ่น", "page_size": 1}, 1),
        (seller, {"mine": "1"}, 6),
    ]
    for language in ("th", "en"):
        for client, params, count in routes:
            data = client.get("/api/v1/listings/", params, HTTP_ACCEPT_LANGUAGE=language).json()
            assert data["count"] == count, params
            assert [list(item.items()) for item in data["results"]] == [
                expected(client, item, language) for item in data["results"]
            ]
    mine = {item["id"] for item in seller.get("/api/v1/listings/", {"mine": "1", "page_size": 100}).json()["results"]}
    assert {draft.pk, hidden.pk} <= mine
    shown = APIClient().get("/api/v1/listings/", {"q": "ผ้าซิ่น"}).json()["results"][0]
    assert shown["tags"] == ["OTOP", "ผ้าทอมือ", "ลายโบราณ"] and [p["alt"] for p in shown["photos"]] == ["ผ้า", "ภาพที่สอง"]
    assert shown["themes"] == [theme.slug, other_theme.slug] and shown["category"] == "textiles"
    assert hidden.pk not in {item["id"] for item in APIClient().get("/api/v1/listings/", {"q": "ผ้า"}).json()["results"]}
