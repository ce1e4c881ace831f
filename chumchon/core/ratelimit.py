"""A fixed-window count per person and action, kept in the cache (shared by every web process):
used for new conversations, messages and comments. Logins are limited by allauth."""

from __future__ import annotations

from django.core.cache import cache
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
