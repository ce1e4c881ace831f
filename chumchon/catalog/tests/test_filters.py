"""The listing filters are one FilterSet: the browse page and the API give the same listings and
refuse the same values with the same words."""

import re

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def page_listing_ids(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="/l/(\d+)/"', html)}


@pytest.mark.parametrize(
    "params",
    [
        {"category": "textiles", "province": "สุโขทัย"},  # a category with its sub-categories
        {"kind": "experience", "capacity": "25"},
        {"district": "ศรีสัชนาลัย", "price_max": "500"},
    ],
)
def test_the_browse_page_and_the_api_filter_alike(client, demo_data, params):
    html = client.get("/listings/", params).content.decode()
    data = APIClient().get("/api/v1/listings/", {**params, "page_size": 100}).json()
    assert data["count"] < 24  # one page of the browse page
    assert page_listing_ids(html) == {item["id"] for item in data["results"]}
    assert data["count"] > 0


def test_a_misspelt_province_is_named_next_to_its_field_and_by_the_api(client, demo_data):
    response = client.get("/en/listings/", {"province": "Sukhotai", "kind": "product"})
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r'id="f-province-error">No province is called “Sukhotai”.</span>', html)
    assert 'aria-describedby="f-province-error"' in html

    response = APIClient().get("/api/v1/listings/", {"province": "Sukhotai"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "province", "code": "invalid", "message": "No province is called “Sukhotai”."}
    ]


def test_it_repeats_a_refused_value_whatever_it_holds(client, db):
    response = APIClient().get("/api/v1/listings/", {"category": "50%s off", "price_min": "-1"})
    assert response.status_code == 400
    assert [(error["field"], error["message"]) for error in response.json()["errors"]] == [
        ("category", "ไม่มีหมวดหมู่ชื่อ “50%s off”"),
        ("price_min", "“-1” ไม่ใช่ราคาเป็นบาท"),
    ]


def test_a_district_is_looked_up_within_the_province_given(client, demo_data):
    # Mueang is the name of a district in every province: the province decides which one.
    data = APIClient().get("/api/v1/listings/", {"province": "Sukhothai", "district": "Mueang Sukhothai"}).json()
    assert {item["district"] for item in data["results"]} == {"Mueang Sukhothai"}
    response = APIClient().get("/api/v1/listings/", {"province": "Nan", "district": "Mueang Sukhothai"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "district"


def test_the_schema_documents_the_filters(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/listings/"]["get"]["parameters"]}
    assert {"kind", "category", "theme", "province", "district", "community", "price_min", "price_max"} <= set(
        parameters
    )
    assert parameters["kind"]["schema"]["enum"] == ["experience", "product", "route"]
    assert parameters["capacity"]["schema"]["type"] == "integer"
    assert "Thai or English name" in parameters["province"]["description"]


def test_the_theme_filter_counts_from_indexes_alone(db):
    """The theme's links by (theme, listing), then each listing's status and community by id: both
    indexes exist on either database (EXPLAIN at 20,000 listings in docs/search.md)."""
    from django.db import connection

    with connection.cursor() as cursor:
        links = connection.introspection.get_constraints(cursor, "catalog_listing_themes")
        listings = connection.introspection.get_constraints(cursor, "catalog_listing")
    assert any(c["index"] and c["columns"] == ["theme_id", "listing_id"] for c in links.values())
    assert any(c["index"] and c["columns"] == ["id", "status", "community_id"] for c in listings.values())
