"""Background work of bookings (thin: each task calls a service)."""

from __future__ import annotations

from django_tasks import task

from chumchon.bookings import services


@task()
def expire_unanswered_bookings() -> int:
    """Expire requests left unanswered past the seller's response time (run each minute by `run_periodic`)."""
    return services.booking_expire_unanswered()
