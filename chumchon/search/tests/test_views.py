from __future__ import annotations

import pytest

from chumchon.search.tests.test_search import BAD_QUERIES

pytestmark = pytest.mark.django_db


def test_header_search_box_on_every_page(client, demo_data):
    body = client.get("/").content.decode()
    assert 'role="search"' in body and 'action="/search/"' in body and "hx-get=" in body


def test_results_page(client, demo_data):
    response = client.get("/search/", {"q": "ผ้า"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<mark>ผ้า</mark>" in body
    assert "facet-count" in body
    assert "ผ้าซิ่นตีนจกลายนกคู่ ทอมือ" in body


def test_results_page_filters_facets_and_communities(client, demo_data):
    body = client.get("/search/", {"q": "ผ้า", "kind": "experience"}).content.decode()
    assert "เรียนทอผ้าตีนจกหนึ่งวันกับแม่ครู" in body
    assert "ผ้าซิ่นตีนจกลายนกคู่ ทอมือ" not in body
    body = client.get("/search/", {"q": "เตาทุเรียง"}).content.decode()
    assert body.index("ชุมชนเตาทุเรียงเมืองเก่า") < body.index("search-results")
    assert client.get("/search/", {"q": "ผ้า", "kind": "boat"}).status_code == 400


def test_did_you_mean_and_empty_state(client, demo_data):
    body = client.get("/search/", {"q": "สังคโลค"}).content.decode()
    assert "did-you-mean" in body and "สังคโลก" in body
    # No listing has both words: those with either are found (issue 21), not an empty page.
    body = client.get("/en/search/", {"q": "ขนมหม้อแกง สังคโลก"}).content.decode()
    assert "search-empty" not in body and "search-results" in body
    response = client.get("/en/search/", {"q": "qwxzv"})
    body = response.content.decode()
    assert "search-empty" in body and "Browse communities" in body
    # A way on: the categories holding most listings, counted with their subcategories (the
    # demo's listings are all in subcategories), each a working filter.
    chips = response.context["popular_categories"]
    assert [c.slug for c in chips][:1] == ["crafts"]
    crafts = chips[0]
    assert f'href="?category=crafts">{crafts.name} ({crafts.count})' in body
    filtered = client.get("/en/search/", {"category": "crafts"}).content.decode()
    assert f"{crafts.count} listings" in filtered


def test_suggest_fragment_and_page(client, demo_data):
    fragment = client.get("/search/suggest/", {"q": "สังค"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "ชามสังคโลกเคลือบเขียวไข่กา" in fragment
    page = client.get("/search/suggest/", {"q": "สังค"}).content.decode()
    assert "<html" in page and "ชามสังคโลกเคลือบเขียวไข่กา" in page


def test_bad_queries_on_every_endpoint(client, demo_data):
    for query in BAD_QUERIES:
        for url in ("/search/", "/search/suggest/", "/api/v1/search/suggest", "/api/v1/listings/"):
            response = client.get(url, {"q": query})
            assert response.status_code == 200, (url, query)


def test_api(client, demo_data):
    data = client.get("/api/v1/listings/", {"q": "Sangkhalok", "page_size": 1}).json()
    assert data["results"][0]["external_id"] == "demo-l-03"
    data = client.get("/api/v1/search/suggest", {"q": "homest"}).json()
    assert data["query"] == "homest"
    assert any("โฮมสเตย์" in item["text"] for item in data["suggestions"])
