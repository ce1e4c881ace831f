"""Programme work a person owns, and meeting records that may name them (see accounts.personal_data)."""

from __future__ import annotations

from chumchon.accounts.personal_data import Erase, Rule, register

register(
    Rule(
        "programmes.Mou",
        Erase.NULL_OWNER,
        "An MOU is between organisations: it stays, without its coordinator (an officer names a new one); "
        "a person named among its parties is replaced by a placeholder.",
        owners=("coordinator",),
        section="coordinated_mous",
        fields=("title", "signed_on", "duration_years"),
        scrub=("parties",),
    ),
    Rule(
        "programmes.ReviewMeeting",
        Erase.KEEP,
        "The record of a meeting stays; the person's name in its attendees, minutes and decisions is replaced.",
        scrub=("attendees", "minutes", "decisions"),
    ),
    Rule(
        "programmes.ActionItem",
        Erase.KEEP,
        "What a review meeting decided stays in its record, pointing at the anonymised account (an officer "
        "gives it a new owner); its title is cleaned of the person's identifiers.",
        owners=("owner",),
        section="action_items",
        fields=("meeting__title", "city__name_th", "title", "due_on", "status", "done_on", "evidence"),
        scrub=("title",),
    ),
    Rule(
        "programmes.CityStatusChange",
        Erase.NOT_PERSONAL,
        "A step on a city's path to the UNESCO network; a person named in its notes is replaced.",
        scrub=("notes",),
    ),
    Rule(
        "programmes.ReadinessItem",
        Erase.NULL_OWNER,
        "A city's checklist stays; only who owns the criterion is forgotten.",
        owners=("owner",),
        section="readiness_items",
        fields=("city__name_th", "criterion", "status", "evidence", "updated_at"),
    ),
)
