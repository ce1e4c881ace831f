"""Background work of business matching: thin tasks that take an id and call a service."""

from __future__ import annotations

from django_tasks import task

from chumchon.matching import services
from chumchon.matching.models import ScheduleRun

# --- Scheduling by the organiser ------------------------------------------------------------


@task()
def run_schedule(run_id: int) -> None:
    run = ScheduleRun.objects.filter(pk=run_id).first()
    if run is not None:  # deleted with its event before the worker got to it
        services.schedule_run_execute(run=run)


@task()
def expire_lost_schedule_runs() -> int:
    """Mark failed the optimiser runs whose worker died (run each minute by `run_periodic`), so an
    organiser who never reopens the page still sees the run failed on the officers' jobs page."""
    return services.schedule_runs_expire()


# --- Participant imports -------------------------------------------------------------------


@task()
def check_participant_import(job_id: int) -> None:
    from chumchon.matching import imports

    imports.participant_import_check(job_id=job_id)


@task()
def run_participant_import(job_id: int) -> None:
    from chumchon.matching import imports

    imports.participant_import_run(job_id=job_id)


@task()
def fail_stalled_participant_imports() -> int:
    """Participant imports whose worker stopped, marked failed (run each minute by run_periodic)."""
    from chumchon.matching import imports

    return imports.participant_imports_fail_stalled()


# --- Reminders ------------------------------------------------------------------------------


@task()
def send_meeting_reminders() -> int:
    """Remind both sides of meetings that start soon (run each minute by `run_periodic`)."""
    return services.meetings_send_reminders()


@task()
def nudge_idle_participants() -> int:
    """Tell participants with no meeting request a few days before the event (daily, `run_periodic`)."""
    return services.registrations_nudge()
