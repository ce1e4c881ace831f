import pytest
from rest_framework.test import APIClient

from chumchon.accounts.tests.factories import api_key_for
from chumchon.catalog import services
from chumchon.catalog.models import Listing, Status

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
