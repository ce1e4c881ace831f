"""Places hold no one's account, but a community's contact may be a person's own (see accounts.personal_data)."""

from __future__ import annotations

from chumchon.accounts.personal_data import Erase, Rule, register

register(
    Rule(
        "places.Community",
        Erase.KEEP,
        "A community belongs to its organisation; contact details that are the person's own are cleared.",
        clear_if_same=("phone", "line_id", "email"),
    ),
)
