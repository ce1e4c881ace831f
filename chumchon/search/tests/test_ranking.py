"""Two-phase ranking (count and rank in the index, fetch one page) and index writes batched per
transaction: same rows and order as the SQL path, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chumchon.catalog import services
from chumchon.catalog.selectors import published_listings
from chumchon.places.models import Community
from chumchon.search import backend, indexing
from chumchon.search.selectors import search_listings

pytestmark = pytest.mark.django_db


def rank_of(listing):
    return getattr(listing, "search_rank")  # noqa: B009 (set by the search, unknown to the model)


def sql_path(results):
    """The same search forced through SQL (values() never takes the fast path)."""
    return list(results.values_list("pk", "search_rank"))


def test_it_gives_the_same_rows_in_the_same_order_as_sql(demo_data):
    for query in ("ผ้า", "สังคโลก", "Sukhothai", "ผ้าพันคอ สุโขทัย", "homest", "ผ้าทอ", "celadon", "bamboo basket"):
        results = search_listings(query=query, listings=published_listings())
        fast = [(listing.pk, rank_of(listing)) for listing in results]
        assert fast, query
        assert results.count() == len(fast)
        assert [pk for pk, _rank in fast] == [pk for pk, _rank in sql_path(results)]
        assert [listing.pk for listing in results[1:3]] == [pk for pk, _rank in fast[1:3]]


def test_it_ranks_the_newest_matches_when_there_are_too_many(demo_data, monkeypatch):
    monkeypatch.setattr(backend, "RANK_WINDOW", 2)
    results = search_listings(query="ผ้า", listings=published_listings())
    everything = [(listing.pk, rank_of(listing)) for listing in results]
    assert results.count() == len(everything) > 3
    ranked, rest = everything[:2], everything[2:]
    assert all(rank > 0 for _pk, rank in ranked) and all(rank == 0 for _pk, rank in rest)
    assert min(pk for pk, _rank in ranked) > max(pk for pk, _rank in rest)  # the newest are ranked
    assert [pk for pk, _rank in rest] == sorted((pk for pk, _rank in rest), reverse=True)
    assert [pk for pk, _rank in everything] == [pk for pk, _rank in sql_path(results)]
    assert [listing.pk for listing in results[1:4]] == [pk for pk, _rank in everything[1:4]]


def test_it_still_filters_a_search(demo_data):
    results = search_listings(query="ผ้า", listings=published_listings())
    experiences = results.filter(kind="experience")
    assert {listing.kind for listing in experiences} == {"experience"}
    assert experiences.count() == len(list(experiences)) < results.count()


def test_it_indexes_a_transaction_once_when_it_commits(demo_data, monkeypatch, django_capture_on_commit_callbacks):
    indexing.flush()  # what the demo data marked
    batches: list[list[int]] = []
    index_listings = indexing.index_listings

    def counting(pks):
        batches.append(sorted(pks))
        index_listings(pks)

    monkeypatch.setattr(indexing, "index_listings", counting)
    community = Community.objects.get(external_id="demo-skt-04")
    with django_capture_on_commit_callbacks(execute=True):
        for title in ("โคมไฟสังคโลกลายปลา", "จานสังคโลกลายปลา", "ถ้วยสังคโลกลายปลา"):
            listing = services.listing_create(community=community, kind="product", by=None, title_th=title)
            services.listing_publish_directly(listing=listing, by=None)
        assert batches == []  # nothing indexed before the commit
    assert len(batches) == 1 and len(batches[0]) == 3
    found = [listing.title_th for listing in search_listings(query="ลายปลา", listings=published_listings())[:3]]
    assert set(found) == {"โคมไฟสังคโลกลายปลา", "จานสังคโลกลายปลา", "ถ้วยสังคโลกลายปลา"}


def test_a_search_in_the_same_transaction_sees_its_writes(demo_data):
    community = Community.objects.get(external_id="demo-skt-04")
    listing = services.listing_create(community=community, kind="product", by=None, title_th="กระปุกสังคโลกลายช้าง")
    services.listing_publish_directly(listing=listing, by=None)
    assert [found.pk for found in search_listings(query="ลายช้าง", listings=published_listings())] == [listing.pk]


def test_it_looks_up_places_only_when_the_query_names_one(demo_data):
    with CaptureQueriesContext(connection) as plain:
        list(search_listings(query="ผ้าทอ", listings=published_listings())[:20])
    assert not [q for q in plain.captured_queries if 'FROM "places_province"' in q["sql"]]
    with CaptureQueriesContext(connection) as named:
        located = list(search_listings(query="ผ้า สุโขทัย", listings=published_listings())[:20])
    assert [q for q in named.captured_queries if 'FROM "places_province"' in q["sql"]]
    assert located[0].community.province.name_th == "สุโขทัย"
