"""One notifier for everything the platform tells people, with pluggable channels.

`notify(...)` records an in-app `Notification` for each recipient (the list they always have) and,
after the transaction commits, hands it to every channel the person chose for that kind of
notification (`channels.py`: e-mail, LINE). Delivery runs in a task (`tasks.py`), so a slow mail
server or LINE never slows down the page that caused it. What a notification says comes from its
kind (`kinds.py`), which each domain app registers.

Settings (optional): SITE_URL (absolute links in e-mails and LINE messages).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from chumchon.accounts.models import User
from chumchon.core.links import site_url
from chumchon.notifications import kinds
from chumchon.notifications.channels import Channel, EmailChannel, LineChannel, Notice
from chumchon.notifications.models import Notification, NotificationPreference

if TYPE_CHECKING:  # only named in annotations: this app imports nothing from inquiries
    from chumchon.inquiries.models import Conversation, Deal


class Notifier:
    """Records notifications and delivers them on each person's chosen channels."""

    def __init__(self, channels: Sequence[Channel] | None = None) -> None:
        self.channels: dict[str, Channel] = {
            channel.name: channel for channel in (channels or (EmailChannel(), LineChannel()))
        }

    def notify(
        self,
        *,
        event: str,
        recipients: Iterable[User],
        actor: User | None = None,
        conversation: Conversation | None = None,
        deal: Deal | None = None,
        detail: str = "",
        excerpt: str = "",
        link: str = "",
    ) -> list[Notification]:
        if not kinds.is_known_event(event):
            raise ValueError(f"no notification kind is registered for the event {event!r}")
        people = {person.pk: person for person in recipients if person != actor and person.is_active}
        if not people:
            return []
        notifications = Notification.objects.bulk_create(
            [
                Notification(
                    recipient=person,
                    event=event,
                    actor=actor,
                    conversation=conversation,
                    deal=deal,
                    detail=detail[:200],
                    excerpt=excerpt[:280],
                    link=link[:300],
                )
                for person in people.values()
            ]
        )
        preferences = preferences_of(people.values())
        for notification in notifications:
            if not wants(preferences[notification.recipient_id], notification):
                continue
            for channel in self.channels.values():
                if channel.is_enabled() and channel.reaches(preferences[notification.recipient_id]):
                    self._deliver_later(notification, channel.name)
        return notifications

    def _deliver_later(self, notification: Notification, channel_name: str) -> None:
        from chumchon.notifications.tasks import deliver_notification

        # After commit: no message about a write that was rolled back, and a task worker can
        # see the row.
        transaction.on_commit(lambda: deliver_notification.enqueue(notification.pk, channel_name))

    def deliver(self, *, notification: Notification, channel_name: str) -> bool:
        channel = self.channels.get(channel_name)
        if channel is None or not channel.is_enabled():
            return False
        preference = preferences_of([notification.recipient])[notification.recipient_id]
        if not channel.reaches(preference):
            return False
        return channel.send(self.describe(notification), preference)

    def describe(self, notification: Notification, *, language: str | None = None, absolute: bool = True) -> Notice:
        """The words of a notification, in its recipient's language unless told otherwise (the
        in-app list speaks the page's language)."""
        recipient = notification.recipient
        kind = kinds.kind_of(notification)
        with translation.override(language or recipient.language or settings.LANGUAGE_CODE):
            subject, text = kind.words(notification)
            path = kind.link(notification) or reverse("notifications:list")
            url = site_url(path) if absolute else path
            return Notice(recipient=recipient, subject=subject, text=text, url=url)


def wants(preference: NotificationPreference, notification: Notification) -> bool:
    """Whether the person wants this notification on their channels (its kind may be switched off)."""
    switch = kinds.kind_of(notification).preference
    return switch is None or bool(getattr(preference, switch))


def preferences_of(people: Iterable[User]) -> dict[int, NotificationPreference]:
    """Each person's preferences; the defaults for people who never changed them."""
    people = list(people)
    stored = {
        preference.user_id: preference
        for preference in NotificationPreference.objects.filter(user__in=people).select_related("user")
    }
    return {person.pk: stored.get(person.pk) or NotificationPreference(user=person) for person in people}


notifier = Notifier()


def notify(**kwargs: Any) -> list[Notification]:
    """`notifier.notify(...)`, looked up at call time so that tests can swap the notifier."""
    return notifier.notify(**kwargs)
