"""The heart button on listing cards and pages: which listings the person saved, in one query."""

from __future__ import annotations

from typing import Any

from django import template

from chumchon.trips import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def saved_listing_ids(context: template.Context, listings: Any = None) -> set[int]:
    """`{% saved_listing_ids page.object_list as saved_ids %}` before a loop of cards."""
    request = context.get("request")
    return selectors.saved_listing_ids(getattr(request, "user", None), None if listings is None else list(listings))


@register.filter
def is_in(value: Any, collection: Any) -> bool:
    return value in (collection or ())
