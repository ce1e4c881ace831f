"""PostgreSQL: a vocabulary word's concept matched by one indexed lexeme (backend.concepts) finds
exactly what its words find, and a vocabulary changed since the last rebuild is searched by its
words until the next."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chumchon.catalog.models import Category
from chumchon.catalog.selectors import published_listings
from chumchon.search import indexing, vocabulary
from chumchon.search.backend import Or, Term, concepts, render_tsquery
from chumchon.search.models import IndexedConcept
from chumchon.search.selectors import search_listings

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concepts are indexed as lexemes in PostgreSQL's tsvectors only"
)

# Vocabulary words whose concepts stand for many others, in both languages.
QUERIES = [
    "จักสาน",
    "ผ้า",
    "ผ้าทอ",
    "pottery",
    "เครื่องปั้น",
    "celadon",
    "homestay",
    "bamboo basket",
    "สมุนไพร",
    "gift",
    "souvenir",
]


def _keys(sql: str, params: list[str]) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {key for (key,) in cursor.fetchall()}


def _ids(query: str) -> list[int]:
    return list(search_listings(query=query, listings=published_listings()).values_list("pk", flat=True))


def test_every_indexed_concept_holds_exactly_the_documents_holding_its_words(demo_data):
    indexing.flush()  # the demo's listings, indexed as they commit
    registered = list(IndexedConcept.objects.filter(index="listing"))
    assert len(registered) > 100  # the vocabulary's concepts, registered as the demo was indexed
    held_somewhere = 0
    for concept in registered:
        words = render_tsquery(Or(tuple(Term(tuple(form)) for form in concept.forms)))
        by_words = _keys("SELECT listing_id FROM search_listingdocument WHERE tsv @@ %s::tsquery", [words])
        by_lexeme = _keys(
            "SELECT listing_id FROM search_listingdocument WHERE tsv @@ %s::tsquery", [f"'{concept.lexeme}'"]
        )
        assert by_lexeme == by_words, (concept.forms, by_words ^ by_lexeme)
        held_somewhere += bool(by_words)
    assert held_somewhere > 30


def test_a_search_finds_the_same_listings_in_the_same_order_with_its_concepts_indexed_or_not(demo_data, monkeypatch):
    vocabulary.forget_categories()
    with CaptureQueriesContext(connection) as queries:
        indexed = {query: _ids(query) for query in QUERIES}
    assert any(concepts.PREFIX in q["sql"] for q in queries.captured_queries)  # the lexemes were searched
    monkeypatch.setattr(concepts, "indexed", lambda index: frozenset())
    with CaptureQueriesContext(connection) as queries:
        by_words = {query: _ids(query) for query in QUERIES}
    assert not any(concepts.PREFIX in q["sql"] for q in queries.captured_queries)
    assert indexed == by_words
    assert all(indexed[query] for query in QUERIES), [query for query in QUERIES if not indexed[query]]


def test_a_category_renamed_since_the_last_rebuild_is_searched_by_its_words_until_the_next(demo_data):
    indexing.flush()  # the demo's listings, indexed as they commit
    basketry = Category.objects.get(slug="basketry")
    listing = published_listings().filter(category=basketry).first()
    assert listing is not None
    basketry.name_en = "Wickerware Goods"  # what the category stands for changes: a new concept
    basketry.save()
    vocabulary.forget_categories()
    expansion = vocabulary.lookup(vocabulary.tokens_of("Wickerware Goods"))
    assert expansion is not None
    lexeme = concepts.lexeme(vocabulary.concept_forms(expansion))
    assert lexeme not in concepts.indexed("listing")  # nothing written yet knows it
    with CaptureQueriesContext(connection) as queries:
        assert listing.pk in _ids("wickerware goods")
    assert not any(lexeme in q["sql"] for q in queries.captured_queries)

    indexing.reindex(workers=0)
    vocabulary.forget_categories()
    assert lexeme in concepts.indexed("listing")
    with CaptureQueriesContext(connection) as queries:
        assert listing.pk in _ids("wickerware goods")
    assert any(lexeme in q["sql"] for q in queries.captured_queries)


def test_a_listing_saved_after_the_rebuild_holds_the_registered_concepts(demo_data):
    indexing.reindex(workers=0)
    listing = published_listings().filter(title_th__contains="ผ้า").first()
    assert listing is not None
    listing.title_th = "ตะกร้าหวายสานมือ"
    listing.description_th = ""
    listing.save()
    indexing.index_listing(listing)  # as the services do once the change commits
    vocabulary.forget_categories()
    with CaptureQueriesContext(connection) as queries:
        found = _ids("จักสาน")  # basketry, through rattan (หวาย) and ตะกร้า: its lexeme
    assert any(concepts.PREFIX in q["sql"] for q in queries.captured_queries)
    assert listing.pk in found
