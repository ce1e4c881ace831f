"""Every write of notifications: marking them read, saving a person's preferences. Recording and
sending notifications is the notifier's job (`notifier.notify`)."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chumchon.accounts.models import User
from chumchon.accounts.selectors import user_by_line_login
from chumchon.notifications import line
from chumchon.notifications.models import LineLinkCode, Notification, NotificationPreference

LINE_USER_ID = re.compile(r"^U[0-9a-f]{32}$")

PREFERENCE_FIELDS = (
    "on_new_inquiry",
    "on_reply",
    "on_quote",
    "on_deal",
    "on_bookings",
    "on_matching",
    "on_report",
    "by_email",
    "by_line",
    "line_user_id",
)


@transaction.atomic
def notifications_mark_read(*, user: User) -> int:
    """Every unread notification of `user` becomes read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def notifications_mark_read_about(*, user: User, conversation_id: int) -> int:
    """The notifications of `user` about one conversation become read (they opened it)."""
    return Notification.objects.filter(recipient=user, conversation_id=conversation_id, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def preference_update(*, user: User, **changes: Any) -> NotificationPreference:
    unknown = set(changes) - set(PREFERENCE_FIELDS)
    if unknown:
        raise ValueError(f"unknown preference fields: {sorted(unknown)}")
    preference, _created = NotificationPreference.objects.get_or_create(user=user)
    for field, value in changes.items():
        setattr(preference, field, value.strip() if isinstance(value, str) else value)
    if preference.by_line and not preference.line_user_id:
        raise ValidationError(_("Enter your LINE user ID to receive notifications by LINE."))
    preference.full_clean()
    preference.save()
    return preference


# --- LINE: linking a person's LINE to their notifications (chumchon.notifications.line) ----------

#: Wrong codes one LINE user may send in an hour before codes from them are no longer checked.
LINE_CODE_FAILURES_PER_HOUR = 10


@transaction.atomic
def line_code_issue(*, user: User) -> LineLinkCode:
    """The person's code to send to the official account: the current one while it has a few
    minutes left, else a new one (an older code stops working)."""
    now = timezone.now()
    current = LineLinkCode.objects.select_for_update().filter(user=user).first()
    if current is not None and current.expires_at - now > timedelta(minutes=2):
        return current
    LineLinkCode.objects.filter(user=user).delete()
    while True:
        code = line.new_code()
        if not LineLinkCode.objects.filter(code=code).exists():
            break
    return LineLinkCode.objects.create(user=user, code=code, expires_at=now + timedelta(minutes=line.CODE_MINUTES))


@transaction.atomic
def line_link(*, user: User, line_user_id: str) -> NotificationPreference:
    """Notifications of `user` go to this LINE account from now on."""
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    preference.line_user_id = line_user_id
    preference.by_line = True
    preference.full_clean()
    preference.save()
    return preference


@transaction.atomic
def line_unlink(*, user: User) -> None:
    """No more LINE messages for `user`, and their LINE user ID is forgotten."""
    NotificationPreference.objects.filter(user=user).update(line_user_id="", by_line=False)
    LineLinkCode.objects.filter(user=user).delete()


def _failures_key(line_user_id: str) -> str:
    return "chumchon:line-code-failures:" + hashlib.sha256(line_user_id.encode("utf-8")).hexdigest()


@transaction.atomic
def line_link_by_code(*, line_user_id: str, codes: list[str]) -> User | None:
    """Links the sender to the owner of a valid code among `codes` (which is then used up); None
    when no code is valid, expired or not, or the sender tried too many wrong codes."""
    failures = cache.get(_failures_key(line_user_id), 0)
    if failures >= LINE_CODE_FAILURES_PER_HOUR:
        return None
    now = timezone.now()
    for code in codes:
        row = LineLinkCode.objects.select_for_update().filter(code=code).select_related("user").first()
        if row is None:
            continue
        user = row.user
        row.delete()  # used or expired: never again
        if row.expires_at <= now or not user.is_active or user.erased_at is not None:
            continue
        line_link(user=user, line_user_id=line_user_id)
        return user
    cache.set(_failures_key(line_user_id), failures + 1, 60 * 60)
    return None


def _reply_later(reply_token: str, text: str) -> None:
    from chumchon.notifications.tasks import line_reply

    if reply_token:
        transaction.on_commit(lambda: line_reply.enqueue(reply_token, text))


def _in_language_of(user: User | None) -> str:
    return (user.language if user is not None else "") or settings.LANGUAGE_CODE


@transaction.atomic
def line_webhook_handle(*, events: list[dict[str, Any]]) -> None:
    """What the official account's webhook received (already verified): codes and follows link the
    sender; unfollowing forgets them. Only database writes here; replies are sent by a task."""
    for event in events:
        source = event.get("source") or {}
        line_user_id = str(source.get("userId") or "")
        if source.get("type") != "user" or not LINE_USER_ID.match(line_user_id):
            continue
        kind = event.get("type")
        reply_token = str(event.get("replyToken") or "")
        message = event.get("message") or {}
        if kind == "message" and message.get("type") == "text":
            codes = line.codes_in(str(message.get("text", "")))
            if not codes:
                continue
            user = line_link_by_code(line_user_id=line_user_id, codes=codes)
            with translation.override(_in_language_of(user)):
                if user is not None:
                    _reply_later(reply_token, _linked_text(user))
                else:
                    _reply_later(
                        reply_token,
                        _(
                            "This code is not valid or has expired. Open your notification settings on "
                            "Chumchon for a new one."
                        ),
                    )
        elif kind == "follow":
            user = user_by_line_login(line_user_id)
            if user is not None:
                line_link(user=user, line_user_id=line_user_id)
            with translation.override(_in_language_of(user)):
                if user is not None:
                    _reply_later(reply_token, _linked_text(user))
                else:
                    _reply_later(
                        reply_token,
                        _(
                            "Welcome to Chumchon! To be told here about your inquiries and listings, send "
                            "us the code shown in your notification settings."
                        ),
                    )
        elif kind == "unfollow":  # they blocked the account: pushes would fail
            NotificationPreference.objects.filter(line_user_id=line_user_id).update(line_user_id="", by_line=False)


def _linked_text(user: User) -> str:
    return _(
        "Linked! Chumchon will tell %(name)s here about new inquiries, replies and listings. You can "
        "unlink in your notification settings."
    ) % {"name": user.name or user.email}
