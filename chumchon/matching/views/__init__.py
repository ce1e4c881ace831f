"""Pages of business matching: events, registration, requests, agendas and the organiser's desk.

Participant pages are the participant's only (someone else's registration or request is a 404);
organiser pages are for officers (`officer_required`, a 404 for everyone else).

One module per part: `events` (pages for everyone), `participant`, `organiser` (the organiser's
desk), `scheduling` (by the organiser), `onsite` (agendas and the day itself) and `results`
(recommendations, directory, outcomes, follow-ups and the event report); `urls.py` refers to the
views through this package.
"""

from .events import event_detail, event_list
from .groups import group_cancel, group_desk, group_join, group_leave
from .imports import import_job, import_job_run, invitation, participant_import
from .onsite import (
    agenda_ics,
    agenda_meeting_mark,
    agenda_pdf,
    calendar_feed,
    calendar_token_new,
    checkin,
    day,
    day_meeting_mark,
    day_release,
    day_walk_in,
    event_publish,
    meeting_assign,
    meeting_lock,
    service_worker,
    table_sheets,
    table_sheets_pdf,
)
from .organiser import (
    announce,
    event_create,
    event_edit,
    event_status,
    manage,
    registration_decide,
    registrations_approve,
    registrations_message,
    registrations_reject,
    session_add,
    session_remove,
    tables_set,
)
from .participant import (
    agenda,
    meeting_rebook,
    participants,
    register,
    registration_cancel,
    request_answer,
    request_send,
    requests,
)
from .results import (
    follow_up,
    follow_ups_send,
    meeting_deal,
    outcome_save,
    outcomes,
    preference_set,
    report,
    report_xlsx,
)
from .scheduling import (
    meeting_move,
    schedule,
    schedule_apply,
    schedule_import,
    schedule_instance,
    schedule_progress,
    schedule_start,
)
from .waitlist import standby_offer, standby_set, waitlist_promote

__all__ = [
    "agenda",
    "agenda_ics",
    "agenda_meeting_mark",
    "agenda_pdf",
    "announce",
    "calendar_feed",
    "calendar_token_new",
    "checkin",
    "day",
    "day_meeting_mark",
    "day_release",
    "day_walk_in",
    "event_create",
    "event_detail",
    "event_edit",
    "event_list",
    "event_publish",
    "event_status",
    "follow_up",
    "follow_ups_send",
    "group_cancel",
    "group_desk",
    "group_join",
    "group_leave",
    "import_job",
    "import_job_run",
    "invitation",
    "manage",
    "meeting_assign",
    "meeting_deal",
    "meeting_lock",
    "meeting_move",
    "meeting_rebook",
    "outcome_save",
    "outcomes",
    "participant_import",
    "participants",
    "preference_set",
    "register",
    "registration_cancel",
    "registration_decide",
    "registrations_approve",
    "registrations_message",
    "registrations_reject",
    "report",
    "report_xlsx",
    "request_answer",
    "request_send",
    "requests",
    "schedule",
    "schedule_apply",
    "schedule_import",
    "schedule_instance",
    "schedule_progress",
    "schedule_start",
    "service_worker",
    "session_add",
    "session_remove",
    "standby_offer",
    "standby_set",
    "table_sheets",
    "table_sheets_pdf",
    "tables_set",
    "waitlist_promote",
]
