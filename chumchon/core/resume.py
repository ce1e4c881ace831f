"""A page to come back to after signing in, kept in the session by the app that needs it.

allauth forgets `next` when a person signs up and comes back through the e-mail confirmation link.
An app whose visitor was half-way through something (a message to a community, kept as a draft)
names the page that finishes it here; the accounts adapter sends her there after she signs in.
Core keeps only the address and how long it stays good, so accounts needs no domain app.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

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


# --- What a person typed when their session had expired ------------------------------------------
#
# A form sent after the session expired reaches `login_required` as a visitor's and is answered with
# the sign-in page: what was typed would be lost. `ResumeFormAfterSignInMiddleware` keeps the form's
# fields here instead (never passwords, never files, at most FORM_STASH_MAX_CHARS), sends the person
# to sign in and back to the page the form was on; that page's view asks `stashed_form_data` for the
# form it shows and renders it filled in.

FORM_SESSION_KEY = "core:form_typed_before_sign_in"
FORM_STASH_MAX_CHARS = 20_000
FORM_STASH_LIFETIME = dt.timedelta(hours=2)
_NEVER_KEPT = ("csrfmiddlewaretoken",)
_SECRET_WORDS = ("password", "secret", "token")


def _kept(name: str) -> bool:
    lowered = name.lower()
    return name not in _NEVER_KEPT and not any(word in lowered for word in _SECRET_WORDS)


def stash_form(
    session: SessionBase, *, page: str, action: str, data: QueryDict, had_files: bool, now: dt.datetime | None = None
) -> bool:
    """Keep what was typed into the form sent to `action` from `page`; False when there is too much
    (nothing is kept then) or nothing to keep."""
    fields = [(name, data.getlist(name)) for name in data if _kept(name)]
    if (
        not fields
        or sum(len(name) + sum(len(value) for value in values) for name, values in fields) > FORM_STASH_MAX_CHARS
    ):
        return False
    until = (now or timezone.now()) + FORM_STASH_LIFETIME
    session[FORM_SESSION_KEY] = {
        "page": page,
        "action": action,
        "fields": fields,
        "had_files": had_files,
        "until": until.isoformat(),
    }
    resume_after_sign_in(session, url=page, until=until)
    return True


def stashed_form_data(request: HttpRequest, *, action: str) -> QueryDict | None:
    """What the person typed into the form that sends to `action` before signing in again, once
    (it is forgotten as it is given back), with a note saying so; None when nothing waits."""
    raw = request.session.get(FORM_SESSION_KEY)
    if not raw or not request.user.is_authenticated or raw.get("action") != action:
        return None
    request.session.pop(FORM_SESSION_KEY, None)
    try:
        if timezone.now() > dt.datetime.fromisoformat(raw["until"]):
            return None
        data = QueryDict(mutable=True)
        for name, values in raw["fields"]:
            data.setlist(str(name), [str(value) for value in values])
    except (KeyError, TypeError, ValueError):
        return None
    note = _("You were signed out before it was sent: here is what you typed. Check it and send it again.")
    if raw.get("had_files"):
        note += " " + _("Attach your files again: they could not be kept.")
    messages.info(request, note)
    return data


def form_data(request: HttpRequest) -> QueryDict | None:
    """The data for a form that is sent to the page it is on: what was posted; on the page shown
    after signing in again, what was typed before (`stashed_form_data`); else None (a blank form)."""
    if request.method == "POST":
        return request.POST or None
    return stashed_form_data(request, action=request.get_full_path())


FormT = TypeVar("FormT", bound=forms.BaseForm)


def stashed_form(request: HttpRequest, form_class: type[FormT], *, action: str, **kwargs: Any) -> FormT | None:
    """The form sent to `action` (from another page), filled in with what was typed before signing in
    again; None when nothing waits for it."""
    data = stashed_form_data(request, action=action)
    return form_class(data, **kwargs) if data is not None else None
