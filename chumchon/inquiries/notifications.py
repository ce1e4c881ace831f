"""One notifier for everything the platform tells people, with pluggable channels.

`notify(...)` records an in-app `Notification` for each recipient (the list they always have) and,
after the transaction commits, hands it to every channel the person chose for that event: e-mail
(Django's mail backends) and LINE (Messaging API push, off unless the site enables it). Delivery
runs in a task, so a slow mail server or LINE never slows down the page that caused it. Other apps
(business matching) call `notify` with their own events' words through `Notifier.describe`.

Settings (all optional): SITE_URL (absolute links in e-mails and LINE messages),
LINE_NOTIFICATIONS_ENABLED, LINE_CHANNEL_ACCESS_TOKEN, LINE_MESSAGING_API_URL,
LINE_TIMEOUT_SECONDS.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from chumchon.accounts.models import User
from chumchon.inquiries.models import Conversation, Deal, Event, Notification, NotificationPreference

logger = logging.getLogger(__name__)

DEFAULT_LINE_URL = "https://api.line.me/v2/bot/message/push"


@dataclass(frozen=True)
class Notice:
    """A notification as its recipient reads it: in their language, with an absolute link."""

    recipient: User
    subject: str
    text: str
    url: str


class Channel(Protocol):
    """A way of reaching people. `send` must not raise: a failed delivery is logged."""

    name: str

    def is_enabled(self) -> bool:
        """Whether the site uses this channel at all."""
        ...

    def reaches(self, preference: NotificationPreference) -> bool:
        """Whether the person chose this channel and gave what it needs."""
        ...

    def send(self, notice: Notice, preference: NotificationPreference) -> bool: ...


class EmailChannel:
    name = "email"

    def is_enabled(self) -> bool:
        return True

    def reaches(self, preference: NotificationPreference) -> bool:
        user = preference.user
        return preference.by_email and bool(user.email) and user.is_active and user.erased_at is None

    def send(self, notice: Notice, preference: NotificationPreference) -> bool:
        with translation.override(notice.recipient.language):
            body = render_to_string("inquiries/email/notification.txt", {"notice": notice})
            subject = _("[Chumchon] %(subject)s") % {"subject": notice.subject}
        try:
            send_mail(subject, body, None, [notice.recipient.email])
        except Exception:  # a mail server being down must not lose the in-app notification
            logger.exception("E-mail notification to user %s failed", notice.recipient.pk)
            return False
        return True


class LineChannel:
    """LINE Messaging API push messages (https://developers.line.biz/en/reference/messaging-api/#send-push-message).

    The recipient's LINE user ID (U followed by 32 hex digits) is what the official account's
    webhook receives when a person adds it as a friend; people paste it in their notification
    settings.
    """

    name = "line"

    def is_enabled(self) -> bool:
        return bool(getattr(settings, "LINE_NOTIFICATIONS_ENABLED", False)) and bool(
            getattr(settings, "LINE_CHANNEL_ACCESS_TOKEN", "")
        )

    def reaches(self, preference: NotificationPreference) -> bool:
        return preference.by_line and bool(preference.line_user_id)

    def send(self, notice: Notice, preference: NotificationPreference) -> bool:
        url = getattr(settings, "LINE_MESSAGING_API_URL", DEFAULT_LINE_URL)
        token = getattr(settings, "LINE_CHANNEL_ACCESS_TOKEN", "")
        timeout = float(getattr(settings, "LINE_TIMEOUT_SECONDS", 5))
        text = f"{notice.subject}\n{notice.text}\n{notice.url}"[:5000]  # LINE's limit per text message
        payload = {"to": preference.line_user_id, "messages": [{"type": "text", "text": text}]}
        request = urllib.request.Request(  # noqa: S310 (the URL comes from settings, not from users)
            url,
            data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
            headers={"Content-Type": "application/json; charset=utf-8", "Authorization": f"Bearer {token}"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                response.read()
        except urllib.error.HTTPError as exc:
            logger.warning("LINE push to user %s refused: HTTP %s %s", notice.recipient.pk, exc.code, exc.reason)
            return False
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            logger.warning("LINE push to user %s failed: %s", notice.recipient.pk, exc)
            return False
        return True


def site_url(path: str) -> str:
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/") + path


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
            preference = preferences[notification.recipient_id]
            if not preference.wants(event):
                continue
            for channel in self.channels.values():
                if channel.is_enabled() and channel.reaches(preference):
                    self._deliver_later(notification, channel.name)
        return notifications

    def _deliver_later(self, notification: Notification, channel_name: str) -> None:
        from chumchon.inquiries.tasks import deliver_notification

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
        with translation.override(language or recipient.language):
            subject, text = describe_event(notification)
            if notification.conversation_id:
                path = reverse("inquiries:conversation", kwargs={"pk": notification.conversation_id})
            elif notification.deal_id:
                path = reverse("inquiries:deal", kwargs={"pk": notification.deal_id})
            elif notification.link:
                path = notification.link
            else:
                path = reverse("inquiries:notifications")
            url = site_url(path) if absolute else path
            return Notice(recipient=recipient, subject=str(subject), text=str(text), url=url)


#: Other apps describe their own events: ``DESCRIBERS[event](notification) -> (subject, text)``,
#: called in the recipient's language (business matching registers its words in its AppConfig).
DESCRIBERS: dict[str, Callable[[Notification], tuple[str, str]]] = {}


def describe_event(notification: Notification) -> tuple[str, str]:
    """Subject and one line of text for a notification, in the active language."""
    describer = DESCRIBERS.get(notification.event)
    if describer is not None:
        return describer(notification)
    actor = str(notification.actor) if notification.actor else _("Someone")
    conversation = notification.conversation
    community = str(conversation.community) if conversation else ""
    detail = notification.detail
    event = notification.event
    if event == Event.NEW_INQUIRY:
        subject = _("New inquiry from %(name)s") % {"name": actor}
        text = _("%(name)s wrote to %(community)s.") % {"name": actor, "community": community}
    elif event == Event.REPLY:
        subject = _("New message from %(name)s") % {"name": actor}
        text = _("%(name)s wrote in your conversation with %(community)s.") % {
            "name": actor,
            "community": community,
        }
    elif event == Event.QUOTE and detail.startswith("sent"):
        subject = _("A quote from %(community)s") % {"community": community}
        text = _("%(name)s sent you a quote for %(total)s.") % {"name": actor, "total": detail.split(":", 1)[-1]}
    elif event == Event.QUOTE and detail == "accepted":
        subject = _("Your quote was accepted")
        text = _("%(name)s accepted your quote. Confirm the deal once it is done.") % {"name": actor}
    elif event == Event.QUOTE:
        subject = _("Your quote was declined")
        text = _("%(name)s declined your quote.") % {"name": actor}
    elif event == Event.DEAL and detail == "confirmed":
        subject = _("A deal was confirmed")
        text = _("%(name)s confirmed the deal.") % {"name": actor}
    elif event == Event.DEAL and detail == "disputed":
        subject = _("A deal was disputed")
        text = _("%(name)s says the deal did not happen as recorded.") % {"name": actor}
    elif event == Event.DEAL:
        subject = _("A deal to confirm")
        text = _("%(name)s recorded a deal with you. Please confirm it.") % {"name": actor}
    else:
        subject = _("A conversation was reported")
        text = _("%(name)s reported a conversation to the officers.") % {"name": actor}
    if notification.excerpt:
        text = f"{text}\n\n{notification.excerpt}"
    return subject, text


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
