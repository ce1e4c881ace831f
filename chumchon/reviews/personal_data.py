"""What reviews hold about a person, and what erasure does to it (see accounts.personal_data)."""

from __future__ import annotations

from chumchon.accounts.personal_data import Erase, Rule, register

register(
    Rule(
        "reviews.Review",
        Erase.ANONYMISE,
        "The stars keep counting in the listing's average, pointing at the anonymised account; the words of the "
        "review are deleted.",
        owners=("reviewer",),
        section="reviews",
        fields=("stars", "text", "language", "listing__title_th", "reply", "created_at"),
        blank={"text": ""},
        scrub=("text", "reply", "moderation_reason"),
    ),
    Rule(
        "reviews.ReviewReport",
        Erase.DELETE,
        "A report is the reporter's own message to the officers; it goes with the account.",
        owners=("reporter",),
        section="review reports",
        fields=("review_id", "reason", "created_at"),
    ),
)
