"""Each notification is delivered once per channel, however often its delivery runs (a retried or
twice-enqueued task), a hanging mail server fails in EMAIL_TIMEOUT seconds, and a request that saved
its data succeeds even when its notifications cannot be queued."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
import uuid

import pytest
from django.utils import timezone
from django_tasks.backends.immediate import ImmediateBackend

from chumchon.notifications import notifier as notifiers
from chumchon.notifications.models import Delivery, Notification
from chumchon.notifications.services import preference_update
from chumchon.notifications.tasks import deliver_notification
from chumchon.notifications.tests.test_notifications import LINE_USER, fake_line  # noqa: F401

pytestmark = pytest.mark.django_db


def a_notification(recipient, actor) -> Notification:
    [notification] = Notification.objects.bulk_create([Notification(recipient=recipient, event="reply", actor=actor)])
    return notification


def test_delivering_twice_sends_one_email(alice, bob, mailoutbox):
    notification = a_notification(alice, bob)
    first = deliver_notification.enqueue(notification.pk, "email")
    second = deliver_notification.enqueue(notification.pk, "email")  # a retry of the same delivery
    assert (first.return_value, second.return_value) == (True, False)
    assert len(mailoutbox) == 1
    delivery = Delivery.objects.get(notification=notification, channel="email")
    assert delivery.sent_at is not None and delivery.attempts == 1


def test_delivering_twice_pushes_once_to_line_with_the_retry_key(fake_line, alice, bob):  # noqa: F811
    preference_update(user=alice, by_line=True, line_user_id=LINE_USER)
    notification = a_notification(alice, bob)
    deliver_notification.enqueue(notification.pk, "line")
    deliver_notification.enqueue(notification.pk, "line")
    assert len(fake_line.received) == 1
    key = fake_line.received[0]["headers"]["X-Line-Retry-Key"]
    assert str(uuid.UUID(key)) == key  # LINE wants a UUID
    assert key == str(Delivery.objects.get(notification=notification, channel="line").key)


def test_a_failed_push_is_retried_with_the_same_key_and_a_conflict_counts_as_sent(fake_line, alice, bob):  # noqa: F811
    preference_update(user=alice, by_line=True, line_user_id=LINE_USER)
    notification = a_notification(alice, bob)
    fake_line.status = 500
    assert deliver_notification.enqueue(notification.pk, "line").return_value is False
    fake_line.status = 409  # LINE had accepted it after all: "already accepted with this key"
    assert deliver_notification.enqueue(notification.pk, "line").return_value is True
    assert deliver_notification.enqueue(notification.pk, "line").return_value is False  # sent: never again
    keys = [request["headers"]["X-Line-Retry-Key"] for request in fake_line.received]
    assert len(keys) == 2 and keys[0] == keys[1]


def test_a_delivery_left_half_way_by_a_dead_worker_is_tried_again_later(alice, bob, mailoutbox):
    notification = a_notification(alice, bob)
    Delivery.objects.create(notification=notification, channel="email", claimed_at=timezone.now())
    assert deliver_notification.enqueue(notification.pk, "email").return_value is False  # still being sent
    assert mailoutbox == []
    long_ago = timezone.now() - dt.timedelta(seconds=notifiers.CLAIM_SECONDS + 1)
    Delivery.objects.filter(notification=notification).update(claimed_at=long_ago)
    assert deliver_notification.enqueue(notification.pk, "email").return_value is True
    assert len(mailoutbox) == 1


def test_a_mail_server_that_never_answers_fails_after_email_timeout(settings, alice, bob, caplog):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()  # accepts connections and never says a word
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = listener.getsockname()
    settings.EMAIL_TIMEOUT = 1
    notification = a_notification(alice, bob)
    began = time.monotonic()
    try:
        assert deliver_notification.enqueue(notification.pk, "email").return_value is False
    finally:
        listener.close()
    assert time.monotonic() - began < 5
    assert "E-mail notification to user" in caplog.text
    assert Delivery.objects.get(notification=notification).sent_at is None  # a later retry may send it


def test_a_request_that_saved_succeeds_when_its_notifications_cannot_be_queued(
    client, alice, bob, conversation, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise ConnectionError("the queue's database is gone")

    monkeypatch.setattr(ImmediateBackend, "enqueue", broken)
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/inbox/{conversation.pk}/reply/", {"body": "ส่งได้ค่ะ"})
    assert response.status_code in (200, 302)
    assert conversation.messages.filter(body="ส่งได้ค่ะ").exists()
    assert Notification.objects.filter(recipient=bob, event="reply").exists()  # the in-app list has it
    assert "Could not queue notification" in caplog.text


def test_concurrent_deliveries_send_once(alice, bob, mailoutbox, transactional_db):
    notification = a_notification(alice, bob)
    results: list[bool] = []

    def deliver() -> None:
        from django.db import connection

        try:
            results.append(notifiers.notifier.deliver(notification=notification, channel_name="email"))
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, False, False, True]
    assert len(mailoutbox) == 1


def test_a_request_that_saved_succeeds_when_recording_its_notification_fails(
    client, alice, bob, conversation, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise RuntimeError("a notification step broke")

    monkeypatch.setattr(notifiers.Notifier, "notify", broken)
    client.force_login(alice)
    response = client.post(f"/en/inbox/{conversation.pk}/reply/", {"body": "ส่งได้ค่ะ"})
    assert response.status_code in (200, 302)
    assert conversation.messages.filter(body="ส่งได้ค่ะ").exists()
    assert "Could not record the notification" in caplog.text
