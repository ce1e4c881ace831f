"""Notifications delivered by a real `db_worker` process (SQLite file or PostgreSQL): each message
reaches each channel once, even when its delivery is enqueued again as a retry would."""

from __future__ import annotations

import re

import pytest
from django_tasks_db.models import DBTaskResult

from chumchon.accounts.tests.factories import UserFactory
from chumchon.notifications.models import Delivery
from chumchon.notifications.notifier import notify
from chumchon.notifications.services import preference_update
from chumchon.notifications.tasks import deliver_notification
from chumchon.notifications.tests.test_notifications import LINE_USER, fake_line  # noqa: F401

pytestmark = pytest.mark.worker

DELIVER = "chumchon.notifications.tasks.deliver_notification"


@pytest.fixture
def worker_channels(fake_line, monkeypatch):  # noqa: F811
    """What the worker process reads from its environment: LINE on (the fake server), e-mail
    printed to its log (the console backend)."""
    monkeypatch.setenv("LINE_NOTIFICATIONS_ENABLED", "1")
    monkeypatch.setenv("LINE_CHANNEL_ACCESS_TOKEN", "test-token")
    from django.conf import settings

    monkeypatch.setenv("LINE_MESSAGING_API_URL", settings.LINE_MESSAGING_API_URL)
    monkeypatch.setenv("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    return fake_line


def test_the_worker_delivers_each_notification_once_per_channel(worker_channels, db_worker, alice, bob):
    people = [UserFactory.create(email=f"buyer{n}@example.com", name=f"Buyer {n}", role="buyer") for n in range(3)]
    for person in people:
        preference_update(user=person, by_line=True, line_user_id=LINE_USER)
    notifications = notify(event="reply", recipients=people, actor=alice, excerpt="พรุ่งนี้ส่งผ้าให้ค่ะ")
    # The test runs outside a transaction: the deliveries were queued at once, 2 per person.
    queued = [str(row.id) for row in DBTaskResult.objects.filter(task_path=DELIVER)]
    assert len(queued) == 6
    # Retries of two of them, as a worker restarted after a crash would enqueue them again.
    queued += [str(deliver_notification.enqueue(notifications[0].pk, channel).id) for channel in ("email", "line")]
    finished = [db_worker.wait_for(job) for job in queued]
    assert all(row.status == "SUCCESSFUL" for row in finished), [row.traceback for row in finished]

    log = db_worker.output()
    recipients: list[str] = re.findall(r"^To: (\S+)$", log, flags=re.MULTILINE)
    assert sorted(recipients) == sorted(str(person.email) for person in people)  # one e-mail each
    assert len(worker_channels.received) == 3  # one LINE push each
    keys = {request["headers"]["X-Line-Retry-Key"] for request in worker_channels.received}
    assert keys == {str(d.key) for d in Delivery.objects.filter(channel="line")}
    assert Delivery.objects.filter(sent_at__isnull=False).count() == 6
