"""Helpers the service modules share: notifications through the direct-contact notifier (in each
recipient's language), the links they carry, and meeting room codes."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from chumchon.accounts.models import User
from chumchon.matching.models import Event, Registration


def _people_of(registrations: Iterable[Registration]) -> dict[int, User]:
    """Whoever acts for each registration: its representatives, or else its organisation's
    members. Two queries, however many registrations (publishing an event tells hundreds)."""
    registrations = list(registrations)
    people: dict[int, User] = {}
    represented: set[int] = set()
    links = Registration.representatives.through.objects.filter(
        registration_id__in=[r.pk for r in registrations], user__is_active=True
    ).select_related("user")
    for link in links:
        represented.add(link.registration_id)
        people[link.user_id] = link.user
    organisations = {r.organisation_id for r in registrations if r.pk not in represented}
    if organisations:
        for person in User.objects.filter(memberships__organisation_id__in=organisations, is_active=True).distinct():
            people[person.pk] = person
    return people


def _notify(*, registrations: Iterable[Registration], actor: User | None, detail: str, link: str) -> None:
    from chumchon.notifications.models import Event as NotificationEvent
    from chumchon.notifications.notifier import notify

    people = _people_of(registrations)
    notify(event=NotificationEvent.MATCHING, recipients=people.values(), actor=actor, detail=detail, link=link)


def _link(name: str, **kwargs: Any) -> str:
    """A path for a notification, in the default language: the notifier words it in each
    recipient's language, and the page offers the other language."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(f"matching:{name}", kwargs=kwargs)


def _requests_link(event: Event) -> str:
    return _link("requests", slug=event.slug)


def _agenda_link(event: Event) -> str:
    return _link("agenda", slug=event.slug)


def _room_code() -> str:
    return secrets.token_urlsafe(9)
