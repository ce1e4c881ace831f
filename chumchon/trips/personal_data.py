"""What favourites and trips hold about a person, and what erasure does to it (see accounts.personal_data)."""

from __future__ import annotations

from chumchon.accounts.personal_data import Erase, Rule, register

register(
    Rule(
        "trips.SavedListing",
        Erase.DELETE,
        "The person's own list of favourites; nobody else relies on it.",
        owners=("user",),
        section="saved listings",
        fields=("listing__title_th", "created_at"),
    ),
    Rule(
        "trips.Trip",
        Erase.DELETE,
        "The person's own plan; what was sent to the communities stays in their conversations (inquiries' rules).",
        owners=("buyer",),
        section="trips",
        fields=("title", "group_size", "date_from", "date_to", "note", "status", "created_at"),
    ),
    Rule(
        "trips.TripItem",
        Erase.FOLLOWS_PARENT,
        "A stop of a trip goes with its trip.",
        parent="trips.Trip",
    ),
    Rule(
        "trips.TripPart",
        Erase.FOLLOWS_PARENT,
        "A community's part of a trip goes with its trip.",
        parent="trips.Trip",
    ),
)
