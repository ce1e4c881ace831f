"""Reads of notifications: a person's list and their preferences."""

from __future__ import annotations

from django.db.models import QuerySet

from chumchon.accounts.models import User
from chumchon.notifications.models import Notification, NotificationPreference


def notifications_of(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related(
        "recipient", "actor", "conversation", "conversation__community"
    )


def preference_of(user: User) -> NotificationPreference:
    """The person's preferences; the defaults (unsaved) when they never changed them."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)
