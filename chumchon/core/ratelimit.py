"""A fixed-window count per person and action, kept in the cache (shared by every web process):
used for new conversations, messages and comments. Logins are limited by allauth."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone


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
