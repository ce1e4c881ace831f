"""Every write of business matching: event setup, registrations, requests, meetings.

Functions are named `<entity>_<action>`, take keyword-only arguments and run in a transaction;
business rules raise `ValidationError` with a message the person can act on.

One module per part: `events`, `registrations`, `requests`, `meetings`, `scheduling` (by the
organiser), `onsite` (agendas and the day itself) and `outcomes`; `_common` holds the notification
helpers they share. Callers use `from chumchon.matching import services` and `services.<name>`.
"""

from .events import (
    EVENT_FIELDS,
    RESERVED_SLUGS,
    event_add_session,
    event_close,
    event_create,
    event_generate_slots,
    event_open,
    event_problems,
    event_remove_session,
    event_set_tables,
    event_update,
)
from .meetings import available_slots, meeting_book, meeting_cancel, meeting_counts, meeting_place
from .onsite import (
    MARKABLE,
    NO_SHOW_GRACE_MINUTES,
    meeting_mark,
    meeting_walk_in,
    meetings_send_reminders,
    registration_check_in,
    registration_new_calendar_token,
    registration_release_meetings,
)
from .outcomes import (
    follow_up_answer,
    follow_ups_send,
    meeting_deal_record,
    meeting_has_started,
    meeting_sides,
    outcome_record,
)
from .registrations import (
    REGISTRATION_FIELDS,
    REGISTRATION_M2M,
    registration_approve,
    registration_cancel,
    registration_create,
    registration_reject,
    registration_set_representatives,
    registration_update,
)
from .requests import (
    accepted_count,
    event_requests_from_preferences,
    preference_set,
    request_accept,
    request_cancel,
    request_decline,
    request_send,
    requests_expire,
)
from .scheduling import (
    PROGRESS_EVERY,
    RUN_STALE_SECONDS,
    event_publish,
    meeting_assign,
    meeting_lock,
    meeting_move,
    schedule_run_apply,
    schedule_run_execute,
    schedule_run_import,
    schedule_run_start,
)

__all__ = [
    "EVENT_FIELDS",
    "MARKABLE",
    "NO_SHOW_GRACE_MINUTES",
    "PROGRESS_EVERY",
    "REGISTRATION_FIELDS",
    "REGISTRATION_M2M",
    "RESERVED_SLUGS",
    "RUN_STALE_SECONDS",
    "accepted_count",
    "available_slots",
    "event_add_session",
    "event_close",
    "event_create",
    "event_generate_slots",
    "event_open",
    "event_problems",
    "event_publish",
    "event_remove_session",
    "event_requests_from_preferences",
    "event_set_tables",
    "event_update",
    "follow_up_answer",
    "follow_ups_send",
    "meeting_assign",
    "meeting_book",
    "meeting_cancel",
    "meeting_counts",
    "meeting_deal_record",
    "meeting_has_started",
    "meeting_lock",
    "meeting_mark",
    "meeting_move",
    "meeting_place",
    "meeting_sides",
    "meeting_walk_in",
    "meetings_send_reminders",
    "outcome_record",
    "preference_set",
    "registration_approve",
    "registration_cancel",
    "registration_check_in",
    "registration_create",
    "registration_new_calendar_token",
    "registration_reject",
    "registration_release_meetings",
    "registration_set_representatives",
    "registration_update",
    "request_accept",
    "request_cancel",
    "request_decline",
    "request_send",
    "requests_expire",
    "schedule_run_apply",
    "schedule_run_execute",
    "schedule_run_import",
    "schedule_run_start",
]
