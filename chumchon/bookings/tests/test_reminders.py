"""The reminder the day before, to both sides, sent once by the periodic job."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from chumchon.bookings import services
from chumchon.catalog.models import Session
from chumchon.core.periodic import PERIODIC_JOBS
from chumchon.notifications.kinds import kind_of
from chumchon.notifications.models import Event, Notification

pytestmark = pytest.mark.django_db


def reminders():
    return Notification.objects.filter(event=Event.BOOKINGS, detail__startswith="booking_reminder:")


def test_both_sides_are_reminded_the_day_before_once(accepted_booking, session, alice, bob):
    morning = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0)
    Session.objects.filter(pk=session.pk).update(starts_at=morning + dt.timedelta(days=1, hours=2))
    assert services.booking_send_reminders(now=morning - dt.timedelta(days=1)) == 0  # two days before
    assert services.booking_send_reminders(now=morning) == 1
    assert set(reminders().values_list("recipient__email", flat=True)) == {alice.email, bob.email}
    notification = reminders().get(recipient=bob)
    subject, _body = kind_of(notification).words(notification)
    assert subject.startswith("พรุ่งนี้") and "เรียนทอผ้าตีนจก" in subject
    assert services.booking_send_reminders(now=morning + dt.timedelta(minutes=5)) == 0
    assert reminders().count() == 2


def test_a_request_not_accepted_is_not_reminded(request_booking, session):
    morning = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0)
    Session.objects.filter(pk=session.pk).update(starts_at=morning + dt.timedelta(days=1, hours=2))
    assert services.booking_send_reminders(now=morning) == 0


def test_the_periodic_job_runs_each_morning(accepted_booking, session):
    from chumchon.bookings.tasks import send_booking_reminders

    job = next(job for job in PERIODIC_JOBS if job.name == "bookings.reminders")
    assert job.daily_at == dt.time(8, 0)
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() + dt.timedelta(hours=20))
    send_booking_reminders.enqueue()
    send_booking_reminders.enqueue()
    assert reminders().count() == 2  # one for each side, once
