"""Every write of notifications: marking them read, saving a person's preferences. Recording and
sending notifications is the notifier's job (`notifier.notify`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chumchon.accounts.models import User
from chumchon.notifications.models import Notification, NotificationPreference

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
