"""The ways of reaching people beyond the in-app list (which is the `Notification` row itself):
e-mail (Django's mail backends) and LINE (Messaging API push, off unless the site enables it).

Settings (all optional): LINE_NOTIFICATIONS_ENABLED, LINE_CHANNEL_ACCESS_TOKEN,
LINE_MESSAGING_API_URL, LINE_TIMEOUT_SECONDS.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from chumchon.accounts.models import User
from chumchon.core.links import site_url
from chumchon.core.mail import delivery_connection
from chumchon.notifications.models import NotificationPreference

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

    def send(self, notice: Notice, preference: NotificationPreference, *, key: str = "") -> bool:
        """Send once; `key` identifies this delivery (the same on a retry) for channels that
        deduplicate (LINE's X-Line-Retry-Key)."""
        ...


class EmailChannel:
    name = "email"

    def is_enabled(self) -> bool:
        return True

    def reaches(self, preference: NotificationPreference) -> bool:
        user = preference.user
        return preference.by_email and bool(user.email) and user.is_active and user.erased_at is None

    def send(self, notice: Notice, preference: NotificationPreference, *, key: str = "") -> bool:
        # Sent with the EMAIL_TIMEOUT setting: a mail server that hangs cannot hold a worker forever.
        # Text with an HTML alternative, both in the recipient's language (as `notice` already is).
        language = notice.recipient.language or settings.LANGUAGE_CODE
        with translation.override(language):
            context = {
                "notice": notice,
                "language": language,
                "site_name": _("Chumchon"),
                "settings_url": site_url(reverse("notifications:settings")),
            }
            body = render_to_string("notifications/email/notification.txt", context)
            html = render_to_string("notifications/email/notification.html", context)
            subject = _("[Chumchon] %(subject)s") % {"subject": notice.subject}
        # Already in the worker: straight to the backend that sends (not queued a second time).
        message = EmailMultiAlternatives(
            subject, body, None, [notice.recipient.email], connection=delivery_connection()
        )
        message.attach_alternative(html, "text/html")
        try:
            message.send()
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

    def send(self, notice: Notice, preference: NotificationPreference, *, key: str = "") -> bool:
        url = getattr(settings, "LINE_MESSAGING_API_URL", DEFAULT_LINE_URL)
        token = getattr(settings, "LINE_CHANNEL_ACCESS_TOKEN", "")
        timeout = float(getattr(settings, "LINE_TIMEOUT_SECONDS", 5))
        text = f"{notice.subject}\n{notice.text}\n{notice.url}"[:5000]  # LINE's limit per text message
        payload = {"to": preference.line_user_id, "messages": [{"type": "text", "text": text}]}
        headers = {"Content-Type": "application/json; charset=utf-8", "Authorization": f"Bearer {token}"}
        if key:  # a UUID: LINE accepts a push with the same key only once (for 24 hours)
            headers["X-Line-Retry-Key"] = key
        request = urllib.request.Request(  # noqa: S310 (the URL comes from settings, not from users)
            url, data=json.dumps(payload, ensure_ascii=False).encode("utf-8"), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                response.read()
        except urllib.error.HTTPError as exc:
            if exc.code == 409 and key:  # "already accepted with this retry key": it was delivered
                logger.info("LINE push to user %s was already accepted (retry key %s)", notice.recipient.pk, key)
                return True
            logger.warning("LINE push to user %s refused: HTTP %s %s", notice.recipient.pk, exc.code, exc.reason)
            return False
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            logger.warning("LINE push to user %s failed: %s", notice.recipient.pk, exc)
            return False
        return True
