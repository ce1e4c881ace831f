"""A page to come back to after signing in, kept in the session by the app that needs it.

allauth forgets `next` when a person signs up and comes back through the e-mail confirmation link.
An app whose visitor was half-way through something (a message to a community, kept as a draft)
names the page that finishes it here; the accounts adapter sends her there after she signs in.
Core keeps only the address and how long it stays good, so accounts needs no domain app.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

SESSION_KEY = "core:resume_after_sign_in"


def resume_after_sign_in(session: SessionBase, *, url: str, until: dt.datetime) -> None:
    """After the next sign-in (before `until`), go to `url` when no `next` says otherwise."""
    session[SESSION_KEY] = {"url": url, "until": until.isoformat()}


def resume_url(session: SessionBase, *, now: dt.datetime | None = None) -> str | None:
    """The page to resume, if one is waiting and still good (a stale one is forgotten)."""
    raw = session.get(SESSION_KEY)
    if raw is None:
        return None
    try:
        url, until = str(raw["url"]), dt.datetime.fromisoformat(raw["until"])
    except (KeyError, TypeError, ValueError):
        resume_forget(session)
        return None
    on_site = url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=set())
    if (now or timezone.now()) > until or not on_site:
        resume_forget(session)
        return None
    return url


def resume_forget(session: SessionBase) -> None:
    session.pop(SESSION_KEY, None)
