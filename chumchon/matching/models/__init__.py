"""Business-matching events: setup, registrations, requests, meetings, outcomes.

Meetings are between registrations (one per organisation and event), never between people, so an
organisation that sends several representatives cannot get two meetings with the same partner.
A participant's seat in a slot is a row of its own (`Seat`, unique per registration and slot): the
database itself refuses a double booking, even when many people accept requests at once.

One module per part: `events`, `registrations`, `requests`, `meetings`, `scheduling` (runs of the
optimiser) and `outcomes`; every model and choice is imported here, so that
`from chumchon.matching.models import X` and the app registry see them all.
"""

from .announcements import GROUP_AUDIENCES, Announcement, AnnouncementAudience
from .events import (
    Audience,
    Event,
    EventQuerySet,
    EventSession,
    EventStatus,
    RequestMode,
    Role,
    SchedulingMode,
    Slot,
    Table,
)
from .groups import GROUP_MAX_GUESTS, GROUP_MIN_GUESTS, GroupGuest, GroupSession, GroupSessionStatus
from .imports import ParticipantImport, ParticipantImportStatus
from .meetings import AbsentSide, Meeting, MeetingQuerySet, MeetingSource, MeetingStatus, Seat
from .outcomes import MONEY, FollowUp, FollowUpResult, Interest, NextStep, Outcome
from .participants import ParticipantType
from .registrations import Registration, RegistrationQuerySet, RegistrationStatus
from .requests import MeetingRequest, MeetingRequestQuerySet, Preference, PreferenceLevel, Priority, RequestStatus
from .scheduling import RunStatus, ScheduleRun
from .standby import StandbyOffer, StandbyOfferStatus

__all__ = [
    "GROUP_AUDIENCES",
    "GROUP_MAX_GUESTS",
    "GROUP_MIN_GUESTS",
    "MONEY",
    "AbsentSide",
    "Announcement",
    "AnnouncementAudience",
    "Audience",
    "Event",
    "EventQuerySet",
    "EventSession",
    "EventStatus",
    "FollowUp",
    "FollowUpResult",
    "GroupGuest",
    "GroupSession",
    "GroupSessionStatus",
    "Interest",
    "Meeting",
    "MeetingQuerySet",
    "MeetingRequest",
    "MeetingRequestQuerySet",
    "MeetingSource",
    "MeetingStatus",
    "NextStep",
    "Outcome",
    "ParticipantImport",
    "ParticipantImportStatus",
    "ParticipantType",
    "Preference",
    "PreferenceLevel",
    "Priority",
    "Registration",
    "RegistrationQuerySet",
    "RegistrationStatus",
    "RequestMode",
    "RequestStatus",
    "Role",
    "RunStatus",
    "ScheduleRun",
    "SchedulingMode",
    "Seat",
    "Slot",
    "StandbyOffer",
    "StandbyOfferStatus",
    "Table",
]
