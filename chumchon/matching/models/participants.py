"""Participant types: who an organisation is at an event (community, business, government…),
besides its side (buyer or seller), and which types an event lets meet which.

An event stores the types it admits (`Event.participant_types`, empty: all) and the pairs of
types that may meet (`Event.meeting_pairs`, empty: anyone with anyone). A pair is unordered and
written `"a:b"` with the two values sorted, so `community:government` is also
`government:community`."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ParticipantType(models.TextChoices):
    COMMUNITY = "community", pgettext_lazy("participant type", "Community")
    BUSINESS = "business", _("Business or tour operator")
    GOVERNMENT = "government", _("Government or agency")
    GUIDE = "guide", pgettext_lazy("participant type", "Guide")
    MEDIA = "media", pgettext_lazy("participant type", "Media")
    OTHER = "other", pgettext_lazy("participant type", "Other")


def pair_key(first: str, second: str) -> str:
    """The unordered pair of two types, as stored in `Event.meeting_pairs`."""
    low, high = sorted((first, second))
    return f"{low}:{high}"


def all_pairs() -> list[tuple[str, str, str]]:
    """Every unordered pair of types (with a type and itself): (key, first, second), in the
    order of the choices."""
    values = ParticipantType.values
    return [(pair_key(a, b), a, b) for i, a in enumerate(values) for b in values[i:]]


def clean_pairs(pairs: Iterable[str]) -> list[str]:
    """The pairs normalised (sorted halves), known ones only, without repeats, in a stable order."""
    known = {key for key, _a, _b in all_pairs()}
    normalised = set()
    for pair in pairs:
        first, _sep, second = str(pair).partition(":")
        key = pair_key(first.strip(), second.strip())
        if key in known:
            normalised.add(key)
    return [key for key, _a, _b in all_pairs() if key in normalised]
