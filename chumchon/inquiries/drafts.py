"""A visitor's unsent message, kept in her session while she signs up or signs in.

Never in the database: nothing is stored about a person before she has an account. One draft per
session (the latest written), each value cut to the length the form accepts, and forgotten after
MAX_AGE. The session outlives sign-in (Django's `login` cycles the session key but keeps its data),
so the draft is there when she comes back to confirm and send it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.urls import reverse
from django.utils import timezone

from chumchon.core.resume import resume_after_sign_in, resume_forget

SESSION_KEY = "inquiries:draft"
MAX_AGE = dt.timedelta(days=1)

#: The fields kept (files cannot be) and the most characters kept of each.
FIELD_LIMITS = {
    "kind": 20,
    "quantity": 20,
    "date_from": 20,
    "date_to": 20,
    "budget": 20,
    "body": 5000,
}


@dataclass(frozen=True)
class Draft:
    listing_pk: int | None
    community_slug: str
    fields: dict[str, str]
    saved_at: dt.datetime

    def is_for(self, *, listing_pk: int | None, community_slug: str) -> bool:
        if self.listing_pk is not None or listing_pk is not None:
            return self.listing_pk == listing_pk
        return self.community_slug == community_slug


def draft_keep(
    session: SessionBase,
    *,
    listing_pk: int | None,
    community_slug: str,
    values: Mapping[str, Any],
    now: dt.datetime | None = None,
) -> None:
    """Keep what was typed (replacing any earlier draft)."""
    fields = {name: str(values.get(name) or "")[:limit] for name, limit in FIELD_LIMITS.items()}
    saved_at = now or timezone.now()
    # Coming back through the e-mail confirmation link loses `next`: sign-in resumes here instead.
    resume_after_sign_in(session, url=reverse("inquiries:draft_confirm"), until=saved_at + MAX_AGE)
    session[SESSION_KEY] = {
        "listing": listing_pk,
        "community": "" if listing_pk is not None else community_slug[:100],
        "fields": {name: value for name, value in fields.items() if value},
        "saved_at": saved_at.isoformat(),
    }


def draft_of(session: SessionBase, *, now: dt.datetime | None = None) -> Draft | None:
    """The session's draft, if there is one younger than MAX_AGE (an older one is forgotten)."""
    raw = session.get(SESSION_KEY)
    if not raw:
        return None
    try:
        saved_at = dt.datetime.fromisoformat(raw["saved_at"])
        listing = raw["listing"]
        draft = Draft(
            listing_pk=int(listing) if listing is not None else None,
            community_slug=str(raw["community"]),
            fields={name: str(raw["fields"][name]) for name in FIELD_LIMITS if name in raw["fields"]},
            saved_at=saved_at,
        )
    except (KeyError, TypeError, ValueError):
        draft_drop(session)
        return None
    if (now or timezone.now()) - draft.saved_at > MAX_AGE:
        draft_drop(session)
        return None
    return draft


def draft_drop(session: SessionBase) -> None:
    session.pop(SESSION_KEY, None)
    resume_forget(session)
