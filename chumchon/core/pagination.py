"""Pagination with a last page: deep pages of a long list are not served.

An OFFSET query reads and throws away every row before the page, so page 500 of the listings
walks 12,000 rows to show 24. Nobody reads that far: past `max_pages` a person narrows the list
with its filters instead (the page says so and links to them). The count stays the true one.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator

MAX_PAGES = 50


class CappedPaginator(Paginator):
    """A Paginator whose pages stop at `max_pages`; asking for a later page (or a page that is
    not a number) gives the last one served, as `get_page` does. `capped` tells whether there are
    matches beyond it."""

    def __init__(self, object_list: Any, per_page: int, *, max_pages: int | None = None) -> None:
        super().__init__(object_list, per_page)
        self.max_pages = max_pages or MAX_PAGES

    @cached_property
    def num_pages(self) -> int:
        return min(super().num_pages, self.max_pages)

    @cached_property
    def capped(self) -> bool:
        return self.count > self.max_pages * self.per_page
