"""Catalog reads that are the same for every visitor, kept in the cache until the catalog changes:
the category tree and the themes of the filter form, and the categories offered when a search
finds nothing (with their counts, a pass over every published listing: 60 ms at 100,000 listings).

Each value is cached under a version that a change replaces when its transaction commits
(`signals`, connected in apps.py): the categories and themes under one, the counts of listings under
another that every listing and community write replaces too. The version is read before the value
is computed, so a value read while a change commits is stored under the version it replaces and
never served. Inside a transaction the cache is neither read nor written: it may hold writes that
the cache knows nothing of yet, or that roll back."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection, transaction

from chumchon.catalog.models import Category, Theme

TAXONOMY = "catalog:version:taxonomy"  # categories and themes
COUNTS = "catalog:version:counts"  # the above, and listings and communities
TIMEOUT = 10 * 60  # beyond this even a change that no signal told of (a bulk update) shows

T = TypeVar("T")


class _Pending(threading.local):
    def __init__(self) -> None:
        self.versions: set[str] = set()


_pending = _Pending()


def _replace_pending() -> None:
    versions, _pending.versions = _pending.versions, set()
    for key in versions:
        cache.set(key, uuid.uuid4().hex, None)


def _changed(*versions: str) -> None:
    # Once per transaction however many rows it writes (an import of 5,000 listings); marks left by
    # a transaction that rolled back only replace a version once more at the next commit.
    _pending.versions.update(versions)
    transaction.on_commit(_replace_pending, robust=True)


def taxonomy_changed(**kwargs: Any) -> None:
    """A category or a theme was written (a signal receiver)."""
    _changed(TAXONOMY, COUNTS)


def listings_changed(**kwargs: Any) -> None:
    """A listing or a community was written (a signal receiver)."""
    _changed(COUNTS)


def _version(key: str) -> str:
    version = cache.get(key)
    if version is None:  # never set, or evicted: a new one, so that no value stored before serves
        cache.add(key, uuid.uuid4().hex, None)
        version = cache.get(key) or ""
    return str(version)


def _cached(version_key: str, name: str, compute: Callable[[], T]) -> T:
    if connection.in_atomic_block:
        return compute()
    key = f"catalog:{name}:{_version(version_key)}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def _category_tree() -> list[tuple[Category, list[Category]]]:
    categories = list(Category.objects.all())
    children: dict[int, list[Category]] = {}
    for category in categories:
        if category.parent_id is not None:
            children.setdefault(category.parent_id, []).append(category)
    return [(category, children.get(category.pk, [])) for category in categories if category.parent_id is None]


def category_tree() -> list[tuple[Category, list[Category]]]:
    """The top-level categories, each with its subcategories, in their order (the filter form)."""
    return _cached(TAXONOMY, "category-tree", _category_tree)


def themes() -> list[Theme]:
    """Every theme, by name (the filter form)."""
    return _cached(TAXONOMY, "themes", lambda: list(Theme.objects.all()))


def top_categories() -> list[Category]:
    """`selectors.top_categories()`: the top-level categories holding the most published listings,
    each with `.count`."""
    from chumchon.catalog.selectors import top_categories

    return _cached(COUNTS, "top-categories", top_categories)
