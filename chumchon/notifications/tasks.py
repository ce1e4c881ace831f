"""Background work of notifications: thin tasks that take an id and call the notifier."""

from __future__ import annotations

from django_tasks import task

from chumchon.notifications import notifier as notifiers
from chumchon.notifications.models import Notification


@task()
def deliver_notification(notification_id: int, channel: str) -> bool:
    """Send one notification on one channel (e-mail, LINE)."""
    notification = Notification.objects.select_related("recipient", "actor").filter(pk=notification_id).first()
    if notification is None:  # what it was about was deleted before the worker got to it
        return False
    return notifiers.notifier.deliver(notification=notification, channel_name=channel)


@task()
def line_reply(reply_token: str, text: str) -> bool:
    """Answer a message or a follow in the official account's chat (the webhook only saves)."""
    from chumchon.notifications import line

    return line.reply(reply_token, text)
