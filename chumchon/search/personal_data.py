"""The search index stores no queries and no person; it follows the listings and communities it indexes."""

from __future__ import annotations

from chumchon.accounts.personal_data import Erase, Rule, register

register(
    Rule(
        "search.ListingDocument",
        Erase.FOLLOWS_PARENT,
        "Rebuilt from its listing, which holds no personal data.",
        parent="catalog.Listing",
    ),
    Rule(
        "search.CommunityDocument",
        Erase.FOLLOWS_PARENT,
        "Rebuilt from its community: names and places, no contact details.",
        parent="places.Community",
    ),
)
