"""A fixed-window count per person and action, kept in the cache (shared by every web process):
used for new conversations, messages (direct contact and meeting requests alike) and comments.
Logins are limited by allauth (accounts/adapter.py)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy

# (how many, per how many seconds), per person, for the actions every app shares; settings.RATE_LIMITS
# may change them (tests do).
DEFAULT_LIMITS = {"conversation": (10, 3600), "message": (60, 600)}

TOO_MANY_MESSAGES = gettext_lazy("You are sending messages very fast. Please wait a few minutes and try again.")


def hit(*, action: str, who: int, allowed: int, seconds: int) -> bool:
    """Count one more `action` by `who`; False when that makes more than `allowed` within the
    current window of `seconds`."""
    window = int(timezone.now().timestamp()) // seconds
    key = f"rate:{action}:{who}:{window}"
    cache.add(key, 0, timeout=seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=seconds)
        count = 1
    return count <= allowed


def seconds_left(seconds: int) -> int:
    """Seconds until the current fixed window of `seconds` ends (what a client should wait)."""
    return seconds - int(timezone.now().timestamp()) % seconds


class RateLimited(ValidationError):
    """Too many of one action in a short time. Pages show it like any other validation message;
    the API answers 429 with a Retry-After header of `retry_after` seconds."""

    def __init__(self, message: Any, code: str | None = "rate_limited", *, retry_after: int = 60) -> None:
        super().__init__(message, code=code)
        self.retry_after = retry_after


def enforce(*, action: str, who: int, message: Any = TOO_MANY_MESSAGES) -> None:
    """Count one `action` (a key of DEFAULT_LIMITS) by person `who`; RateLimited, saying `message`,
    once they pass the site's limit for it."""
    allowed, seconds = {**DEFAULT_LIMITS, **getattr(settings, "RATE_LIMITS", {})}[action]
    if not hit(action=action, who=who, allowed=allowed, seconds=seconds):
        raise RateLimited(message, retry_after=seconds_left(seconds))
