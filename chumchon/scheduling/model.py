"""Plain data classes for meeting-scheduling instances and schedules (no Django)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

INSTANCE_FORMAT = "meeting-schedule-instance/1"
SCHEDULE_FORMAT = "meeting-schedule/1"

#: ``progress(fraction, message)``: fraction goes from 0.0 to 1.0.
ProgressCallback = Callable[[float, str], None]
StatValue = int | float | str | None


class InstanceError(ValueError):
    """The instance (or a schedule file) breaks the format; the message names the item."""


@dataclass(frozen=True)
class Slot:
    """One meeting slot; consecutive slots of one session form a morning or an afternoon."""

    id: str
    session: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Participant:
    """A buyer or seller; ``available=None`` means every slot, ``max_meetings=None`` no limit."""

    id: str
    role: str | None = None
    available: tuple[str, ...] | None = None
    max_meetings: int | None = None
    booth: str | None = None


@dataclass(frozen=True)
class Request:
    """An unordered pair of participants asking for one meeting."""

    id: str
    a: str
    b: str
    weight: float = 1


@dataclass
class Instance:
    """Everything the solver needs: slots, tables, participants and requests."""

    name: str
    slots: list[Slot]
    tables: list[str]
    participants: list[Participant]
    requests: list[Request]


@dataclass(frozen=True)
class Meeting:
    """A scheduled request: its slot and its location (a table or a booth)."""

    request: str
    slot: str
    location: str
    locked: bool = False


@dataclass(frozen=True)
class Unscheduled:
    """A request left out, with the reason it could not be placed."""

    request: str
    reason: str


@dataclass
class Schedule:
    """A solver result; ``stats`` holds requests, scheduled, weight, upper_bound, seconds…"""

    meetings: list[Meeting]
    unscheduled: list[Unscheduled] = field(default_factory=list)
    stats: dict[str, StatValue] = field(default_factory=dict)
