"""One notifier for everything the platform tells people, with pluggable channels.

`notify(...)` records an in-app `Notification` for each recipient (the list they always have) and,
after the transaction commits, hands it to every channel the person chose for that kind of
notification (`channels.py`: e-mail, LINE). Delivery runs in a task (`tasks.py`), so a slow mail
server or LINE never slows down the page that caused it. What a notification says comes from its
kind (`kinds.py`), which each domain app registers.

Settings (optional): SITE_URL (absolute links in e-mails and LINE messages).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation

from chumchon.accounts.models import User
from chumchon.core.links import site_url
from chumchon.notifications import kinds
from chumchon.notifications.channels import Channel, EmailChannel, LineChannel, Notice
from chumchon.notifications.models import Delivery, Notification, NotificationPreference

if TYPE_CHECKING:  # only named in annotations: this app imports nothing from inquiries
    from chumchon.inquiries.models import Conversation, Deal

logger = logging.getLogger(__name__)

#: A delivery claimed this long ago and never marked sent (its worker died mid-send) may be tried
#: again; longer than any channel's timeout (EMAIL_TIMEOUT, LINE_TIMEOUT_SECONDS).
CLAIM_SECONDS = 5 * 60


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

        def enqueue() -> None:
            # The request that caused the notification has saved its data: a queue that cannot
            # be reached is logged, never turned into an error page.
            try:
                deliver_notification.enqueue(notification.pk, channel_name)
            except Exception:
                logger.exception("Could not queue notification %s by %s", notification.pk, channel_name)

        # After commit: no message about a write that was rolled back, and a task worker can
        # see the row.
        transaction.on_commit(enqueue)

    def deliver(self, *, notification: Notification, channel_name: str) -> bool:
        """Send a notification on one channel, once: True only when this call sent it."""
        channel = self.channels.get(channel_name)
        if channel is None or not channel.is_enabled():
            return False
        preference = preferences_of([notification.recipient])[notification.recipient_id]
        if not channel.reaches(preference):
            return False
        delivery = claim_delivery(notification=notification, channel_name=channel_name)
        if delivery is None:
            return False
        try:
            sent = channel.send(self.describe(notification), preference, key=str(delivery.key))
        except BaseException:
            Delivery.objects.filter(pk=delivery.pk).update(claimed_at=None)
            raise
        # Sent: never again. Not sent (the channel logged why): a later retry may try again.
        Delivery.objects.filter(pk=delivery.pk).update(
            sent_at=timezone.now() if sent else None, claimed_at=delivery.claimed_at if sent else None
        )
        return sent

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


def claim_delivery(*, notification: Notification, channel_name: str) -> Delivery | None:
    """Check and set the notification's delivery on a channel in one step, before sending: None when
    it was sent already or another worker is sending it now."""
    delivery = Delivery.objects.filter(notification=notification, channel=channel_name).first()
    if delivery is None:
        try:
            with transaction.atomic():
                delivery = Delivery.objects.create(notification=notification, channel=channel_name)
        except IntegrityError:  # another worker created it between our read and our insert
            delivery = Delivery.objects.get(notification=notification, channel=channel_name)
    now = timezone.now()
    free = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - dt.timedelta(seconds=CLAIM_SECONDS))
    # A conditional update is atomic on every database: of two workers, one updates the row.
    claimed = Delivery.objects.filter(free, pk=delivery.pk, sent_at__isnull=True).update(
        claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    delivery.claimed_at = now
    return delivery


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
    """`notifier.notify(...)`, looked up at call time so that tests can swap the notifier.

    A notification is a consequence of a write, never a condition of it: when recording one fails
    (a database error, a channel's bug), the failure is logged and the write the person asked for is
    kept and answered as done; a savepoint leaves the caller's transaction usable. An unknown event
    is a programming error and still raises."""
    if not kinds.is_known_event(kwargs.get("event", "")):
        return notifier.notify(**kwargs)  # raises ValueError
    try:
        with transaction.atomic():
            return notifier.notify(**kwargs)
    except Exception:
        logger.exception("Could not record the notification of %s", kwargs.get("event"))
        return []
