"""The results page reads the filter form's category tree and themes, and the categories it offers
when nothing matched, from the cache between changes (catalog/cached.py): what an officer changes
shows at the next request all the same."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chumchon.accounts.tests.factories import UserFactory
from chumchon.catalog.cached import category_tree
from chumchon.catalog.models import Category, Listing
from chumchon.catalog.selectors import top_categories
from chumchon.catalog.services import category_create, listing_unpublish

# Committed writes, as in production: inside a transaction the cache is neither read nor written.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def officer(places_data: None, demo_data: None) -> Any:
    """An officer besides the demo's (demo_data has officer@example.com)."""
    return UserFactory(email="catalog-officer@example.com", name="Officer", is_staff=True)


def _page(client: Any, query: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


def test_it_offers_a_new_category_in_the_filter_at_once(client, officer):
    _page(client, "ผ้า")  # dictionaries, sessions and the like, once
    _body, first = _page(client, "ผ้า")
    body, again = _page(client, "ผ้า")
    assert again == first  # the same queries at every request, the tree and themes not among them
    assert "เครื่องแขวนผนังจากเศษผ้า" not in body

    category = category_create(name="เครื่องแขวนผนังจากเศษผ้า", by=officer)

    body, queries = _page(client, "ผ้า")
    assert f'<option value="{category.slug}" >เครื่องแขวนผนังจากเศษผ้า</option>' in body
    assert queries == first + 2  # the tree (in one query) and the themes read again, once
    assert _page(client, "ผ้า")[1] == first
    assert category.slug in client.get("/listings/").content.decode()  # the browse page's filter too
    assert [top for top, _children in category_tree()] == list(Category.objects.filter(parent=None))


def test_the_categories_offered_when_nothing_matched_count_the_listings_of_now(client, officer):
    top = top_categories()[0]
    count: int = top.count  # type: ignore[attr-defined]
    chip = f"?category={top.slug}"
    body, first = _page(client, "qwxzv")
    assert f'{chip}">{top.name_th} ({count})</a>' in body
    _body, again = _page(client, "qwxzv")
    assert again < first  # counted once, then read from the cache

    listing = Listing.objects.published().filter(category__parent=top).first() or (
        Listing.objects.published().filter(category=top).first()
    )
    assert listing is not None
    listing_unpublish(listing=listing, by=officer)

    body, _queries = _page(client, "qwxzv")
    assert f'{chip}">{top.name_th} ({count - 1})</a>' in body
