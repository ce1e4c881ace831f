"""Scheduling by the organiser.

Runs of the optimiser (chumchon.scheduling) over an event, applying a result, moving and locking
meetings by hand with conflict checks, and publishing the agendas. Reads live in optimise.py.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chumchon.accounts.models import User
from chumchon.accounts.services import audit_record
from chumchon.matching import optimise
from chumchon.matching.models import (
    Event,
    EventStatus,
    Meeting,
    MeetingRequest,
    MeetingSource,
    MeetingStatus,
    Registration,
    RequestStatus,
    RunStatus,
    ScheduleRun,
    SchedulingMode,
    Seat,
    Slot,
    Table,
)
from chumchon.scheduling import (
    InstanceError,
    Schedule,
    Unscheduled,
    check_schedule,
    instance_to_dict,
    parse_schedule,
    resolve_incremental,
    schedule_to_dict,
    solve,
)

from ._common import _agenda_link, _notify, _room_code
from .groups import group_tables
from .meetings import available_slots, meeting_mark_changed, meeting_place

logger = logging.getLogger(__name__)

#: Seconds between two progress writes of a running optimiser (at most two a second).
PROGRESS_EVERY = 0.5
#: Seconds between two heartbeats of the worker solving a run.
HEARTBEAT_EVERY = 0.5
#: A run still "running" whose heartbeat is older than this was lost with its worker (killed, or its
#: machine restarted): it is marked failed. Setting MATCHING_RUN_STALE_SECONDS (small in tests).
RUN_STALE_SECONDS = 30
#: A run queued this long without a worker taking it no longer blocks a new one.
RUN_QUEUED_SECONDS = 15 * 60


def _stale_seconds() -> float:
    return float(getattr(settings, "MATCHING_RUN_STALE_SECONDS", RUN_STALE_SECONDS))


def _check_organiser_mode(event: Event) -> None:
    if event.scheduling_mode != SchedulingMode.ORGANISER:
        raise ValidationError(_("In this event the participants book their own meetings."))
    if event.status in (EventStatus.DRAFT, EventStatus.CLOSED):
        raise ValidationError(_("Open the event before scheduling its meetings."))


@transaction.atomic
def schedule_run_start(*, event: Event, by: User, time_limit: int = 30, incremental: bool = False) -> ScheduleRun:
    """Queue a run of the optimiser; the task solves and records progress and the result."""
    from chumchon.matching.tasks import run_schedule

    event = Event.objects.select_for_update().get(pk=event.pk)
    _check_organiser_mode(event)
    if not 5 <= time_limit <= 600:
        raise ValidationError(_("The time limit must be between 5 and 600 seconds."))
    schedule_runs_expire(event=event)
    recent = timezone.now() - dt.timedelta(seconds=RUN_QUEUED_SECONDS)
    if (
        event.runs.filter(status=RunStatus.RUNNING).exists()
        or event.runs.filter(status=RunStatus.QUEUED, created_at__gte=recent).exists()
    ):
        raise ValidationError(_("The optimiser is already running for this event; wait for it to finish."))
    if not event.requests.accepted().exists():
        raise ValidationError(_("There are no accepted requests to schedule yet."))
    run = ScheduleRun.objects.create(
        event=event,
        created_by=by,
        time_limit=time_limit,
        incremental=incremental and event.meetings.active().exists(),
        message="Waiting to start",  # the steps are translated when shown (optimise.STEPS)
    )
    transaction.on_commit(lambda: run_schedule.enqueue(run.pk), robust=True)
    return run


def schedule_runs_expire(*, event: Event | None = None) -> int:
    """Mark failed the runs whose worker stopped answering: killed mid-solve, or its machine
    restarted. Nothing of theirs was applied, and the task framework never runs a started task
    again. A run is lost when its heartbeat is older than MATCHING_RUN_STALE_SECONDS beyond its
    time limit (the LP and MILP solvers hold the interpreter for up to a share of the time limit,
    and the heartbeat thread waits meanwhile). Returns how many were marked."""
    now = timezone.now()
    runs = ScheduleRun.objects.filter(status=RunStatus.RUNNING)
    if event is not None:
        runs = runs.filter(event=event)
    lost = [
        pk
        for pk, heartbeat, created, time_limit in runs.values_list("pk", "heartbeat_at", "created_at", "time_limit")
        if (heartbeat or created) < now - dt.timedelta(seconds=_stale_seconds() + time_limit)
    ]
    if not lost:
        return 0
    count = ScheduleRun.objects.filter(pk__in=lost, status=RunStatus.RUNNING).update(
        status=RunStatus.FAILED, error=optimise.WORKER_LOST, message="", finished_at=now
    )
    logger.warning("optimiser runs %s lost their worker and were marked failed", lost)
    return count


class _Heartbeat:
    """Writes the run's heartbeat from a thread (its own database connection, autocommit) every
    HEARTBEAT_EVERY seconds while the solver works, with the latest progress that the writer held
    back. The LP and MILP solvers do not release the interpreter: the thread waits until they
    return (schedule_runs_expire allows for it)."""

    def __init__(self, run: ScheduleRun) -> None:
        self.run_pk = run.pk
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.pending: tuple[float, str] | None = None
        # Inside a transaction (a test's, with the immediate backend) another connection would not
        # see the row: the progress writes are the heartbeat then.
        self.thread = None if connection.in_atomic_block else threading.Thread(target=self._beat, daemon=True)

    def hold(self, fraction: float, message: str) -> None:
        with self.lock:
            self.pending = (fraction, message)

    def clear(self) -> None:
        with self.lock:
            self.pending = None

    def _beat(self) -> None:
        try:
            while not self.stop.wait(HEARTBEAT_EVERY):
                with self.lock:
                    pending, self.pending = self.pending, None
                fields: dict[str, Any] = {"heartbeat_at": timezone.now()}
                if pending is not None:
                    fields.update(progress=round(pending[0], 3), message=pending[1][:200])
                try:
                    ScheduleRun.objects.filter(pk=self.run_pk, status=RunStatus.RUNNING).update(**fields)
                except Exception:  # one missed beat (SQLite busy, say): the next one follows
                    logger.warning("heartbeat of schedule run %s failed", self.run_pk, exc_info=True)
        finally:
            connection.close()  # this thread's own connection

    def __enter__(self) -> _Heartbeat:
        if self.thread is not None:
            self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        if self.thread is not None:
            self.thread.join()


def _progress_writer(run: ScheduleRun, heartbeat: _Heartbeat | None = None) -> Any:
    """Writes the solver's progress: each new step at once (there are a handful), and the
    repeated reports of one step at most twice a second."""
    last = [0.0]
    step = [""]

    def write(fraction: float, message: str) -> None:
        fraction = min(1.0, max(0.0, fraction))
        now = time.monotonic()
        if fraction < 1.0 and message == step[0] and now - last[0] < PROGRESS_EVERY:
            if heartbeat is not None and heartbeat.thread is not None:  # the next heartbeat writes it
                heartbeat.hold(fraction, message)
            return
        last[0] = now
        step[0] = message
        if heartbeat is not None:
            heartbeat.clear()
        # An update of a few columns in its own autocommit statement (the solve runs in no
        # transaction), so the organiser's page sees it at once; it never overwrites the status or
        # the result written elsewhere.
        ScheduleRun.objects.filter(pk=run.pk).update(
            progress=round(fraction, 3), message=message[:200], heartbeat_at=timezone.now()
        )

    return write


def _solve(event: Event, run: ScheduleRun, progress: Any) -> tuple[dict[str, Any], Schedule]:
    instance = optimise.event_instance(event)
    if run.incremental:
        previous = optimise.schedule_of(event)
        schedule = resolve_incremental(instance, previous, time_limit=run.time_limit, progress=progress)
    else:
        fixed = optimise.schedule_of(event, only_fixed=True)
        if not fixed.meetings:
            schedule = solve(instance, time_limit=run.time_limit, progress=progress)
        else:
            # Locked meetings must stay: solve freely, then keep the locked ones first and the
            # solution's other meetings wherever they still fit (the rest are re-placed).
            free = solve(instance, time_limit=max(1, run.time_limit * 0.8), progress=progress)
            kept = {m.request for m in fixed.meetings}
            previous = Schedule(fixed.meetings + [m for m in free.meetings if m.request not in kept])
            schedule = resolve_incremental(instance, previous, time_limit=max(1, run.time_limit * 0.2))
            bound = free.stats.get("upper_bound")
            if isinstance(bound, int | float):
                weight = schedule.stats.get("weight") or 0
                schedule.stats["upper_bound"] = max(bound, float(weight))
            schedule.stats["method"] = f"{free.stats.get('method')}+locks"
    errors = check_schedule(instance, schedule)
    if errors:  # never store a schedule that would double-book anyone
        raise InstanceError("; ".join(errors[:5]))
    return instance_to_dict(instance), schedule


def schedule_run_execute(*, run: ScheduleRun) -> ScheduleRun:
    """Run the optimiser for a queued run (called by the task). Failures are recorded, not raised."""
    # Claimed once: a run that a killed worker had started is never solved again (it is failed by
    # schedule_runs_expire), even if its task were enqueued again.
    claimed = ScheduleRun.objects.filter(pk=run.pk, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, message="Starting", heartbeat_at=timezone.now()
    )
    if not claimed:
        run.refresh_from_db()
        return run
    run.refresh_from_db()
    try:
        # The solve writes only the run's progress; the meetings are touched only when the
        # organiser applies a finished run (schedule_run_apply, one transaction), so a worker
        # killed here leaves the current schedule as it was.
        with _Heartbeat(run) as heartbeat:
            instance, schedule = _solve(run.event, run, _progress_writer(run, heartbeat))
    except Exception as error:
        logger.exception("schedule run %s failed", run.pk)
        run.status = RunStatus.FAILED
        run.error = _("The optimiser stopped with an error: %(error)s") % {"error": error}
        run.message = ""
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "message", "finished_at"])
        return run
    # One statement: the result, the status and the end of the progress appear together.
    ScheduleRun.objects.filter(pk=run.pk, status__in=[RunStatus.RUNNING, RunStatus.FAILED]).update(
        instance=instance,
        result=schedule_to_dict(schedule),
        status=RunStatus.DONE,
        progress=1.0,
        message="Finished",
        error="",
        finished_at=timezone.now(),
    )
    run.refresh_from_db()
    return run


@transaction.atomic
def schedule_run_import(*, event: Event, by: User, data: object) -> ScheduleRun:
    """Take a `meeting-schedule/1` solved elsewhere as a finished run, once it checks out against
    the event as it is now; nothing is saved when it does not."""
    _check_organiser_mode(event)
    try:
        schedule = parse_schedule(data)
    except InstanceError as error:
        raise ValidationError(_("This is not a schedule file: %(error)s") % {"error": error}) from None
    instance = optimise.event_instance(event)
    errors = check_schedule(instance, schedule)
    if errors:
        shown = [_("The schedule does not fit this event: %(error)s") % {"error": e} for e in errors[:10]]
        if len(errors) > 10:
            shown.append(_("… and %(count)s more problems.") % {"count": len(errors) - 10})
        raise ValidationError(shown)
    placed = {m.request for m in schedule.meetings}
    weights = {r.id: r.weight for r in instance.requests}
    schedule.unscheduled = [u for u in schedule.unscheduled if u.request not in placed]
    missing = {r.id for r in instance.requests} - placed - {u.request for u in schedule.unscheduled}
    schedule.unscheduled += [Unscheduled(rid, "not in the imported file") for rid in sorted(missing)]
    schedule.stats.update(
        {
            "requests": len(instance.requests),
            "scheduled": len(schedule.meetings),
            "weight": sum(weights[m.request] for m in schedule.meetings),
            "method": "imported",
        }
    )
    return ScheduleRun.objects.create(
        event=event,
        created_by=by,
        status=RunStatus.DONE,
        time_limit=5,
        progress=1.0,
        message="Imported",
        instance=instance_to_dict(instance),
        result=schedule_to_dict(schedule),
        finished_at=timezone.now(),
    )


@transaction.atomic
def schedule_run_apply(*, run: ScheduleRun, by: User) -> int:
    """Write a finished run into the meetings: the movable meetings are replaced, locked ones and
    those of the day stay. All or nothing; returns the number of meetings now scheduled."""
    run = ScheduleRun.objects.select_for_update().select_related("event").get(pk=run.pk)
    event = run.event
    _check_organiser_mode(event)
    if run.status != RunStatus.DONE or run.result is None:
        raise ValidationError(_("Only a finished run can be applied."))
    schedule = parse_schedule(run.result)
    data = optimise.event_data(event)
    instance = optimise.instance_from(data)
    if check_schedule(instance, schedule):
        raise ValidationError(_("Requests or participants changed since this run: run the optimiser again."))
    fixed = {m.request_id for m in optimise.fixed_meetings(event)}
    Meeting.objects.filter(
        event=event, locked=False, status=MeetingStatus.SCHEDULED, source__in=optimise.MOVABLE_SOURCES
    ).delete()
    Meeting.objects.filter(event=event, status=MeetingStatus.CANCELLED).delete()
    requests = {mr.code: mr for mr in data.requests}
    slots = {s.code: s for s in data.slots}
    schedule.meetings = optimise.around_groups(event, schedule.meetings)
    tables = {t.name: t for t in event.tables.all()}
    new: list[Meeting] = []
    for m in schedule.meetings:
        request = requests[m.request]
        if request.pk in fixed:
            continue
        table = tables.get(m.location) if not event.is_online else None
        booth = "" if event.is_online or table is not None else m.location
        new.append(
            Meeting(
                event=event,
                request=request,
                slot=slots[m.slot],
                table=table,
                booth=booth,
                source=MeetingSource.OPTIMISER,
                locked=m.locked,
                room_code=_room_code(),
            )
        )
    try:
        with transaction.atomic():
            Meeting.objects.bulk_create(new, batch_size=500)
            Seat.objects.bulk_create(
                [
                    Seat(meeting=m, registration_id=r, slot=m.slot)
                    for m in new
                    for r in (m.request.a_id, m.request.b_id)
                ],
                batch_size=1000,
            )
    except IntegrityError:
        raise ValidationError(
            _("A meeting was added meanwhile where this schedule puts another: run the optimiser again.")
        ) from None
    run.status = RunStatus.APPLIED
    run.save(update_fields=["status"])
    audit_record(actor=by, action="matching.schedule_apply", obj=event, after={"run": run.pk, "meetings": len(new)})
    return len(fixed) + len(new)


def _conflicts(*, meeting_request: MeetingRequest, slot: Slot, table: Table | None, exclude: int | None) -> None:
    """Refuse a place that clashes, naming who or what is in the way."""
    event = meeting_request.event
    if slot.event_id != event.pk:
        raise ValidationError(_("Choose a time slot of this event."))
    a, b = meeting_request.a, meeting_request.b
    others = (
        Meeting.objects.active()
        .exclude(status=MeetingStatus.NO_SHOW)  # a no-show's table and the waiting side are free
        .filter(slot=slot)
        .select_related("request__a__organisation", "request__b__organisation", "table")
    )
    if exclude is not None:
        others = others.exclude(pk=exclude)
    for side in (a, b):
        if slot.pk not in available_slots(side):
            raise ValidationError(_("%(name)s is not available then.") % {"name": side.organisation})
        clash = others.filter(seats__registration=side, seats__released=False).first()
        if clash is not None:
            raise ValidationError(
                _("%(name)s already has a meeting then (with %(other)s).")
                % {"name": side.organisation, "other": clash.request.other(side).organisation}
            )
    booth = "" if event.is_online else (a.booth or b.booth)
    if event.is_online:
        return
    if booth:
        clash = others.filter(booth=booth).first()
        if clash is not None:
            raise ValidationError(
                _("Booth %(booth)s is taken then by %(a)s and %(b)s.")
                % {"booth": booth, "a": clash.request.a.organisation, "b": clash.request.b.organisation}
            )
        return
    if table is None:
        raise ValidationError(_("Choose a table."))
    if table.event_id != event.pk:
        raise ValidationError(_("Choose a table of this event."))
    clash = others.filter(table=table).first()
    if clash is not None:
        raise ValidationError(
            _("Table %(table)s is taken then by %(a)s and %(b)s.")
            % {"table": table.name, "a": clash.request.a.organisation, "b": clash.request.b.organisation}
        )
    if table.pk in group_tables(event, slot)[slot.pk]:
        raise ValidationError(_("Table %(table)s holds a group session then.") % {"table": table.name})


@transaction.atomic
def meeting_move(*, meeting: Meeting, slot: Slot, table: Table | None, by: User) -> Meeting:
    """Move a meeting by hand to another slot or table; refused with the clash named."""
    meeting = Meeting.objects.select_for_update().select_related("event", "request__a", "request__b").get(pk=meeting.pk)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError(_("Only scheduled meetings can be moved."))
    request = meeting.request
    _conflicts(meeting_request=request, slot=slot, table=table, exclude=meeting.pk)
    before = {"slot": meeting.slot_id, "table": meeting.table_id, "booth": meeting.booth}
    event = meeting.event
    booth = "" if event.is_online else (request.a.booth or request.b.booth)
    meeting.slot = slot
    meeting.table = None if event.is_online or booth else table
    meeting.booth = booth
    meeting.source = MeetingSource.MANUAL
    moved = meeting.slot_id != before["slot"] or meeting.table_id != before["table"] or meeting.booth != before["booth"]
    if moved:
        meeting_mark_changed(meeting)
    try:
        with transaction.atomic():
            meeting.save(update_fields=["slot", "table", "booth", "source", "changed_at", "sequence", "updated_at"])
            meeting.seats.update(slot=slot)
    except IntegrityError:
        raise ValidationError(_("That time or table was taken meanwhile: choose another.")) from None
    audit_record(actor=by, action="matching.meeting_move", obj=meeting, before=before, after={"slot": slot.pk})
    if moved and event.published_at is not None:
        # Both sides hear it now, with the new time and place; publishing again will not repeat it.
        sides = [request.a, request.b]
        _notify(registrations=sides, actor=by, detail=f"meeting_moved:{meeting.pk}", link=_agenda_link(event))
        prints = optimise.fingerprints(event)
        for side in sides:
            if side.pk in prints:
                Registration.objects.filter(pk=side.pk).update(agenda_fingerprint=prints[side.pk])
    return meeting


@transaction.atomic
def meeting_lock(*, meeting: Meeting, locked: bool, by: User) -> Meeting:
    """Lock a meeting so that no run of the optimiser moves it (or unlock it)."""
    meeting.locked = locked
    meeting.save(update_fields=["locked", "updated_at"])
    return meeting


@transaction.atomic
def meeting_assign(*, meeting_request: MeetingRequest, slot: Slot, table: Table | None, by: User) -> Meeting:
    """Place an accepted request the optimiser left out, by hand, with the same conflict checks."""
    meeting_request = (
        MeetingRequest.objects.select_for_update().select_related("event", "a", "b").get(pk=meeting_request.pk)
    )
    if meeting_request.status != RequestStatus.ACCEPTED:
        raise ValidationError(_("Only accepted requests can be scheduled."))
    if Meeting.objects.active().filter(request=meeting_request).exists():
        raise ValidationError(_("This request already has a meeting."))
    _conflicts(meeting_request=meeting_request, slot=slot, table=table, exclude=None)
    return meeting_place(meeting_request=meeting_request, slot=slot, table=table, source=MeetingSource.MANUAL)


@transaction.atomic
def event_publish(*, event: Event, by: User) -> int:
    """Publish the agendas. The first time everyone hears their agenda is ready; after that only
    participants whose agenda changed are told. Returns how many were notified."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status not in (EventStatus.OPEN, EventStatus.PUBLISHED):
        raise ValidationError(_("Only an open event can publish its agendas."))
    first = event.published_at is None
    prints = optimise.fingerprints(event)
    registrations = list(event.registrations.approved())
    changed = [r for r in registrations if r.agenda_fingerprint != prints[r.pk]]
    for registration in changed:
        registration.agenda_fingerprint = prints[registration.pk]
    Registration.objects.bulk_update(changed, ["agenda_fingerprint"], batch_size=500)
    event.status = EventStatus.PUBLISHED
    event.published_at = timezone.now()
    event.save(update_fields=["status", "published_at"])
    told = registrations if first else changed
    _notify(
        registrations=told, actor=by, detail="agenda_published" if first else "agenda_changed", link=_agenda_link(event)
    )
    audit_record(actor=by, action="matching.event_publish", obj=event, after={"notified": len(told)})
    return len(told)
