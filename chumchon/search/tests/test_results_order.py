"""The results page in other orders than relevance: price, newest and distance from the buyer
("near me"), and the map of a page's results."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chumchon.catalog.models import Listing
from chumchon.search import sorting

pytestmark = pytest.mark.django_db


def _results(response: Any) -> list[Listing]:
    return [listing for listing, _snippet, _distance in response.context["results"]]


def _prices(listings: list[Listing]) -> list[Decimal | None]:
    return [listing.price for listing in listings]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13.75,100.5", sorting.Near(13.75, 100.5)),
        (" 18.79 , 98.98 ", sorting.Near(18.79, 98.98)),
        ("-33.9,151.2", sorting.Near(-33.9, 151.2)),
    ],
)
def test_it_reads_a_location(value: str, expected: sorting.Near) -> None:
    assert sorting.parse_near(value) == (expected, False)


@pytest.mark.parametrize("value", ["13.75", "abc,def", "91,100", "13,181", "nan,1", "inf,2", "1,2,3", "1e999,3"])
def test_it_ignores_a_location_it_cannot_read(value: str) -> None:
    assert sorting.parse_near(value) == (None, True)


def test_a_blank_location_is_no_location() -> None:
    assert sorting.parse_near("") == (None, False)
    assert sorting.parse_near(None) == (None, False)


def test_it_chooses_the_order() -> None:
    here = sorting.Near(13.0, 100.0)
    assert sorting.parse_sort(None, near=None, query="ผ้า") == "relevance"
    assert sorting.parse_sort(None, near=None, query="") == "newest"
    assert sorting.parse_sort("relevance", near=None, query="") == "newest"
    assert sorting.parse_sort("price", near=None, query="ผ้า") == "price"
    assert sorting.parse_sort("-price", near=here, query="ผ้า") == "-price"
    assert sorting.parse_sort(None, near=here, query="ผ้า") == "distance"
    assert sorting.parse_sort("distance", near=None, query="ผ้า") == "relevance"
    assert sorting.parse_sort("cheapest';--", near=None, query="ผ้า") == "relevance"


def test_it_measures_great_circle_distances() -> None:
    # Bangkok to Chiang Mai: about 580 km as the crow flies.
    assert 570 < sorting.haversine_km(13.7563, 100.5018, 18.7883, 98.9853) < 600
    assert sorting.haversine_km(13.0, 100.0, 13.0, 100.0) == 0


def test_it_sorts_the_matches_by_price_cheapest_first_and_unpriced_last(client, demo_data) -> None:
    relevance = _results(client.get("/search/", {"q": "ผ้า"}))
    response = client.get("/search/", {"q": "ผ้า", "sort": "price"})
    assert response.status_code == 200
    found = _results(response)
    assert {listing.pk for listing in found} == {listing.pk for listing in relevance}
    priced = [p for p in _prices(found) if p is not None]
    assert priced == sorted(priced) and len(priced) >= 2
    assert _prices(found)[: len(priced)] == priced  # those without a price come last
    dearest = _results(client.get("/search/", {"q": "ผ้า", "sort": "-price"}))
    assert [p for p in _prices(dearest) if p is not None] == sorted(priced, reverse=True)


def test_it_sorts_by_price_without_a_query_too(client, demo_data) -> None:
    found = _results(client.get("/search/", {"kind": "product", "sort": "price"}))
    priced = [p for p in _prices(found) if p is not None]
    assert priced == sorted(priced) and len(priced) >= 2


def test_it_sorts_the_newest_first(client, demo_data) -> None:
    found = _results(client.get("/search/", {"q": "ผ้า", "sort": "newest"}))
    dates = [listing.published_at for listing in found if listing.published_at is not None]
    assert len(dates) == len(found)
    assert len(set(dates)) >= 2 and dates == sorted(dates, reverse=True)


def test_it_sorts_by_name_in_thai_dictionary_order_with_a_query_or_without(client, demo_data) -> None:
    from chumchon.core.text import thai_sorted

    for params in ({"q": "ผ้า", "sort": "name"}, {"kind": "product", "sort": "name"}):
        titles = [listing.title_th for listing in _results(client.get("/search/", params))]
        assert len(titles) >= 2 and titles == thai_sorted(titles), params


def test_the_order_is_kept_by_the_pages_and_the_filters(client, demo_data, monkeypatch) -> None:
    from chumchon.search import views

    monkeypatch.setattr(views, "RESULTS_PER_PAGE", 2)
    response = client.get("/search/", {"q": "ผ้า", "sort": "price"})
    body = response.content.decode()
    assert re.search(r'href="\?q=[^"]*sort=price[^"]*&amp;page=2"', body)
    second = _results(client.get("/search/", {"q": "ผ้า", "sort": "price", "page": 2}))
    first = _results(response)
    priced = [p for p in _prices(first + second) if p is not None]
    assert priced == sorted(priced)
    assert '<option value="price" selected>' in body
    assert '<input type="hidden" name="q" value="ผ้า">' in body  # the sort form keeps the query


def test_near_me_orders_by_distance_and_shows_kilometres(client, demo_data) -> None:
    placed = [
        listing for listing in _results(client.get("/search/", {"q": "ผ้า"})) if listing.community.latitude is not None
    ]
    assert len({listing.community_id for listing in placed}) >= 2
    target = placed[-1].community
    response = client.get("/en/search/", {"q": "ผ้า", "near": f"{target.latitude},{target.longitude}"})
    assert response.status_code == 200 and response.context["sort"] == "distance"
    found = response.context["results"]
    assert found[0][0].community_id == target.pk
    kms = [float(distance.split()[0].replace(",", "")) for _listing, _snippet, distance in found if distance]
    assert kms == sorted(kms) and kms[0] == 0
    assert "0.0 km away" in response.content.decode()
    assert "Nearest to your location first." in response.content.decode()


def test_near_me_without_a_query_orders_in_sql(client, demo_data) -> None:
    listing = Listing.objects.published().exclude(community__latitude=None).order_by("pk").last()
    assert listing is not None
    here = f"{listing.community.latitude},{listing.community.longitude}"
    found = client.get("/search/", {"kind": listing.kind, "near": here}).context["results"]
    assert found[0][0].community_id == listing.community_id
    kms = [sorting.distance_km(item, sorting.parse_near(here)[0]) for item, _s, _d in found]
    placed = [km for km in kms if km is not None]
    assert placed == sorted(placed)


def test_a_bad_location_is_ignored_with_a_message(client, demo_data) -> None:
    for value in ("here", "1000,1000", "13.7," + "9" * 400):
        response = client.get("/en/search/", {"q": "ผ้า", "near": value})
        assert response.status_code == 200
        assert response.context["near"] is None and response.context["sort"] == "relevance"
        assert "The location in the address could not be read" in response.content.decode()


def test_the_map_shows_the_page_results_that_have_coordinates(client, demo_data, settings) -> None:
    settings.MAP_TILE_URL = ""
    response = client.get("/search/", {"q": "ผ้า"})
    body = response.content.decode()
    data = re.search(r'<script id="results-map-points" type="application/json">(.*?)</script>', body)
    assert data is not None
    points = json.loads(data[1])
    placed = [listing for listing in _results(response) if listing.community.latitude is not None]
    assert len(points) == len(placed) >= 1
    assert {p["url"] for p in points} == {listing.get_absolute_url() for listing in placed}
    assert 'aria-label="แผนที่' in body and "leaflet/leaflet.js" in body and "js/results-map.js" in body
    # No inline code in the page's content: every script is a file (or JSON data).
    content = body[body.index("<main") : body.index("</main>")]
    assert not re.search(r"<script(?![^>]*\b(src|type=\"application/json\"))[^>]*>", content)
    assert not re.search(r"\son[a-z]+=", content)


def _queries(client: Any, params: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/search/", params).status_code == 200
    return len(queries.captured_queries)


def test_a_sorted_page_runs_a_constant_number_of_queries(client, demo_data) -> None:
    from chumchon.search.tests.test_scale import _more_cloth

    _queries(client, {"q": "ผ้า", "sort": "price"})  # dictionaries, sessions and the like, once
    for sort in ("price", "-price", "newest"):
        relevance = _queries(client, {"q": "ผ้า"})
        few = _queries(client, {"q": "ผ้า", "sort": sort})
        assert few <= relevance + 1, (sort, relevance, few)  # one more: the matches' prices
    few = _queries(client, {"q": "ผ้า", "sort": "price"})
    _more_cloth(30)
    assert _queries(client, {"q": "ผ้า", "sort": "price"}) == few
    assert _queries(client, {"q": "ผ้า", "near": "17.0,99.8"}) == few
