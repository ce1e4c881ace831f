"""Meeting scheduling for business-matching days (pure Python, no Django import).

from chumchon.scheduling import load_instance, solve, check_schedule, resolve_incremental
"""

from .check import check_schedule
from .formats import (
    dump_schedule,
    instance_to_dict,
    load_instance,
    load_schedule,
    parse_instance,
    parse_schedule,
    schedule_to_dict,
)
from .incremental import resolve_incremental
from .model import (
    Instance,
    InstanceError,
    Meeting,
    Participant,
    ProgressCallback,
    Request,
    Schedule,
    Slot,
    Unscheduled,
)
from .solver import solve, solve_fcfs

__all__ = [
    "Instance",
    "InstanceError",
    "Meeting",
    "Participant",
    "ProgressCallback",
    "Request",
    "Schedule",
    "Slot",
    "Unscheduled",
    "check_schedule",
    "dump_schedule",
    "instance_to_dict",
    "load_instance",
    "load_schedule",
    "parse_instance",
    "parse_schedule",
    "resolve_incremental",
    "schedule_to_dict",
    "solve",
    "solve_fcfs",
]
