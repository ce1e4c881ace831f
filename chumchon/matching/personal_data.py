"""A person's part in business-matching events (see accounts.personal_data)."""

from __future__ import annotations

from chumchon.accounts.personal_data import Erase, Person, Rule, register


def _leave_registrations(subject: Person) -> None:
    """The organisation's registration stays (its meetings are in the event's report); the person no
    longer represents it."""
    subject.user.matching_registrations.clear()


register(
    Rule(
        "matching.Announcement",
        Erase.KEEP,
        "A message an officer sent to participants stays (they received it), pointing at the anonymised account.",
        owners=("sent_by",),
        section="announcements_sent",
        fields=("event__name_th", "audience", "subject", "sent_at"),
    ),
    Rule(
        "matching.ParticipantImport",
        Erase.NULL_OWNER,
        "An officer's import of participants stays in the event's history; only who uploaded it is forgotten.",
        owners=("created_by",),
        section="participant_imports",
        fields=("event__name_th", "status", "original_name", "row_count", "created_at"),
    ),
    Rule(
        "matching.Event",
        Erase.KEEP,
        "An event an officer created stays, pointing at the anonymised account.",
        owners=("created_by",),
        section="events_created",
        fields=("slug", "name_th", "created_at"),
    ),
    Rule(
        "matching.Registration",
        Erase.CUSTOM,
        "The registration is the organisation's and stays for the event's report; the person is removed "
        "from its representatives (who registered it points at the anonymised account), and its texts are "
        "cleaned of the person's identifiers.",
        owners=("representatives", "registered_by"),
        section="registrations",
        fields=(
            "event__name_th",
            "organisation__name",
            "role",
            "status",
            "offers_text",
            "seeks_text",
            "languages",
            "booth",
            "checked_in_at",
            "created_at",
        ),
        erase_with=_leave_registrations,
        scrub=("offers_text", "seeks_text"),
    ),
    Rule(
        "matching.MeetingRequest",
        Erase.ANONYMISE,
        "The other side keeps the request (and its meeting); the message the person wrote is blanked.",
        owners=("requested_by",),
        section="meeting_requests_made",
        fields=("event__name_th", "a__organisation__name", "b__organisation__name", "message", "status", "created_at"),
        blank={"message": ""},
        scrub=("message",),
    ),
    Rule(
        "matching.MeetingRequest",
        Erase.KEEP,
        "A request the person answered stays for the other side, pointing at the anonymised account.",
        owners=("answered_by",),
        section="meeting_requests_answered",
        fields=("event__name_th", "a__organisation__name", "b__organisation__name", "status", "answered_at"),
    ),
    Rule(
        "matching.Meeting",
        Erase.KEEP,
        "Meetings are between organisations and stay in the event's report; they hold no personal data.",
        owners=("seats__registration__representatives",),
        section="meetings",
        fields=("event__name_th", "slot__starts_at", "table__name", "booth", "status", "room_code"),
    ),
    Rule(
        "matching.Outcome",
        Erase.ANONYMISE,
        "What came of a meeting counts in the report; the note the person wrote is blanked.",
        owners=("recorded_by",),
        section="outcomes",
        fields=("meeting", "interest", "next_step", "expected_value", "note", "recorded_at"),
        blank={"note": ""},
        scrub=("note",),
    ),
    Rule(
        "matching.FollowUp",
        Erase.KEEP,
        "The organisation's answer to the survey stays for the report; its note is cleaned of the person's "
        "identifiers.",
        owners=("registration__representatives",),
        section="follow_ups",
        fields=("meeting", "result", "value", "note", "answered_at"),
        scrub=("note",),
    ),
    Rule(
        "matching.ScheduleRun",
        Erase.KEEP,
        "An optimiser run an officer started stays, pointing at the anonymised account.",
        owners=("created_by",),
    ),
    Rule(
        "matching.GroupSession",
        Erase.KEEP,
        "A group session an officer set up stays on the participants' agendas, pointing at the anonymised account.",
        owners=("created_by",),
    ),
    Rule("matching.EventSession", Erase.NOT_PERSONAL, "Names of an event's sessions, not of people."),
    Rule("matching.Table", Erase.NOT_PERSONAL, "Names of meeting tables, not of people."),
)
