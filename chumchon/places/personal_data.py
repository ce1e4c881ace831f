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
    Rule(
        "places.CommunityClaim",
        Erase.NULL_OWNER,
        "A claim is the organisation's request and stays in the officers' record; only who sent or decided it "
        "is forgotten, and contact details that are the person's own are cleared.",
        owners=("submitted_by", "decided_by"),
        section="community_claims",
        fields=("kind", "organisation__name", "community__name_th", "name_th", "status", "reason", "created_at"),
        clear_if_same=("phone", "line_id", "email"),
        scrub=("message",),
    ),
    Rule(
        "places.CommunityInvitation",
        Erase.NULL_OWNER,
        "An invitation to take over a community is the officers' record; who sent or accepted it is forgotten "
        "and the invited address is cleared when it is the person's own.",
        owners=("invited_by", "accepted_by"),
        section="community_invitations",
        fields=("community__name_th", "email", "sent_at", "accepted_at"),
        clear_if_same=("email",),
    ),
)
