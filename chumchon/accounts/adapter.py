"""django-allauth adapter: login throttling that cannot lock a village out.

allauth's own `login_failed` limit counts every failed login per IP address and per login, and
refuses *every* attempt once a count is full: with "5/5m/ip", five typos on a village's shared
Wi-Fi locked out every account behind that address, the right password included, for five
minutes. Here instead:

- per account (the e-mail typed): the first ACCOUNT_FREE_FAILURES failures cost nothing; then the
  password is not even checked until a wait has passed since the last failure, a wait that doubles
  with each further failure (1, 2, 4, 8, then 10 minutes). The count is forgotten FAILURE_MEMORY
  after the last failure, and a successful login (or a password reset) clears it. Someone who
  typed five wrong passwords gets in with the right one a minute later; a guesser gets about six
  tries an hour. Attempts refused during a wait do not count (nor lengthen it).
- per network address: allauth's limiter, at a far higher threshold (settings.ACCOUNT_RATE_LIMITS
  "login_failed", e.g. 100 failures in 15 minutes), against one machine trying many accounts.

The message says which limit applies and how long to wait.
"""

from __future__ import annotations

import hashlib
import math
import time
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import get_cache_key, get_rates
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext

from chumchon.core.resume import resume_url

ACCOUNT_FREE_FAILURES = 5
FIRST_WAIT_SECONDS = 60
MAX_WAIT_SECONDS = 10 * 60
#: Shorter than this, a guesser waiting out MAX_WAIT_SECONDS would start from zero again.
FAILURE_MEMORY_SECONDS = 15 * 60


def _login_of(credentials: dict[str, Any]) -> str:
    return str(credentials.get("email") or credentials.get("username") or "").strip().lower()


def _failures_key(login: str) -> str:
    return "chumchon:login-failures:" + hashlib.sha256(login.encode("utf-8")).hexdigest()


def account_wait(login: str, *, now: float) -> int:
    """Seconds before the password of `login` is checked again (0: at once)."""
    count, last = cache.get(_failures_key(login), (0, 0.0))
    if count < ACCOUNT_FREE_FAILURES:
        return 0
    doublings = min(count - ACCOUNT_FREE_FAILURES, 10)
    wait = min(FIRST_WAIT_SECONDS * 2**doublings, MAX_WAIT_SECONDS)
    return max(0, math.ceil(last + wait - now))


def account_failure_record(login: str, *, now: float) -> None:
    # Not atomic across processes: two failures at the same instant may count as one, which
    # only makes the wait a step shorter.
    count, _last = cache.get(_failures_key(login), (0, 0.0))
    cache.set(_failures_key(login), (count + 1, now), FAILURE_MEMORY_SECONDS)


def account_failures_clear(login: str) -> None:
    cache.delete(_failures_key(login))


def network_wait(request: HttpRequest, *, now: float) -> int:
    """Seconds until allauth's per-IP `login_failed` limit lets this address try again."""
    wait = 0.0
    for rate in get_rates(app="allauth.account", action="login_failed"):
        if rate.per != "ip":
            continue
        key = get_cache_key(request, app="allauth.account", action="login_failed", rate=rate)
        history: list[float] = cache.get(key, [])  # newest first
        if len(history) >= rate.amount:
            wait = max(wait, history[rate.amount - 1] + rate.duration - now)
    return max(1, math.ceil(wait))


def wait_text(seconds: int) -> str:
    """The wait as "45 seconds" or "2 minutes", rounded up: never promise less than the real wait."""
    if seconds < 60:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter with the throttling described above."""

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        wait = account_wait(_login_of(credentials), now=time.time())
        if wait:
            raise ValidationError(
                gettext("Too many failed sign-in attempts for this account. Please wait %(wait)s and try again.")
                % {"wait": wait_text(wait)},
                code="too_many_login_attempts",
            )
        try:
            super().pre_authenticate(request, **credentials)  # the per-IP limit
        except ValidationError:
            raise ValidationError(
                gettext("Too many failed sign-in attempts from this network. Please wait %(wait)s and try again.")
                % {"wait": wait_text(network_wait(request, now=time.time()))},
                code="too_many_login_attempts",
            ) from None

    def authenticate(self, request: HttpRequest, **credentials: Any) -> AbstractBaseUser | None:
        user = super().authenticate(request, **credentials)  # raises when throttled: nothing counted
        login = _login_of(credentials)
        if user is None:
            account_failure_record(login, now=time.time())
        else:
            account_failures_clear(login)
        return user

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        # A visitor who wrote to a community before signing up may come back through the
        # e-mail confirmation link, which forgets where she was going: her message waits there.
        return resume_url(request.session) or super().get_login_redirect_url(request)

    def _delete_login_attempts_cached_email(self, request: HttpRequest, **credentials: Any) -> None:
        # Called by allauth after a successful password reset: the new password works at once.
        super()._delete_login_attempts_cached_email(request, **credentials)
        account_failures_clear(_login_of(credentials))
