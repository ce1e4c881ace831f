"""What bookings hold about a person, and what erasure does to it (see accounts.personal_data)."""

from __future__ import annotations

from chumchon.accounts.personal_data import Erase, Rule, register

register(
    Rule(
        "bookings.Booking",
        Erase.ANONYMISE,
        "The community keeps its record of a booking (and a paid one counts as income), pointing at the "
        "anonymised account; the buyer's message and transfer slip (their bank details) are deleted.",
        owners=("buyer",),
        section="bookings",
        fields=(
            "reference",
            "listing__title_th",
            "session__starts_at",
            "people",
            "amount",
            "status",
            "note",
            "created_at",
            "paid_at",
        ),
        blank={"note": "", "reason": ""},
        scrub=("note", "reason"),
    ),
    Rule(
        "bookings.BookingPayment",
        Erase.ANONYMISE,
        "A confirmed payment stays the community's record of income; the buyer's transfer slip (their "
        "bank details) is deleted.",
        owners=("booking__buyer",),
        section="payments",
        fields=("booking__reference", "part", "amount", "slip_uploaded_at", "confirmed_at"),
        blank={"slip": "", "slip_kind": ""},
    ),
    Rule(
        "bookings.CommunityDay",
        Erase.NOT_PERSONAL,
        "How many visitors a community's bookings bring on a day: a count, not a person's data.",
    ),
    Rule(
        "bookings.BookingTerms",
        Erase.NOT_PERSONAL,
        "How a listing is booked: the community's terms, not a person's data.",
    ),
)
