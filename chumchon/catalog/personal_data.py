"""Listings and imports a person made (see accounts.personal_data)."""

from __future__ import annotations

from chumchon.accounts.personal_data import Erase, Rule, register

register(
    Rule(
        "catalog.Listing",
        Erase.NULL_OWNER,
        "A listing belongs to its community, which keeps it; only who created it is forgotten.",
        owners=("created_by",),
        section="listings_created",
        fields=("id", "kind", "title_th", "title_en", "community__name_th", "status", "created_at"),
    ),
    Rule(
        "catalog.ImportJob",
        Erase.NULL_OWNER,
        "An officer's import stays in the history of the catalogue; only who uploaded it is forgotten.",
        owners=("created_by",),
        section="imports",
        fields=("kind", "status", "original_name", "row_count", "created_at"),
    ),
    Rule("catalog.Tag", Erase.NOT_PERSONAL, "Tags name things, not people."),
)
