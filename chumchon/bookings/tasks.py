"""Background work of bookings (thin: each task calls a service)."""

from __future__ import annotations

from django_tasks import task

from chumchon.bookings import services


@task()
def expire_unanswered_bookings() -> int:
    """Expire requests left unanswered past the seller's response time (run each minute by `run_periodic`)."""
    return services.booking_expire_unanswered()


@task()
def send_booking_reminders() -> int:
    """Remind both sides of tomorrow's bookings (each morning at 08:00 by `run_periodic`; sent once)."""
    return services.booking_send_reminders()
