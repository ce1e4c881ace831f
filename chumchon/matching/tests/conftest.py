"""Fixtures for business matching: an open event with two sessions, tables, buyers and sellers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from chumchon.accounts.services import organisation_create
from chumchon.accounts.tests.factories import UserFactory
from chumchon.matching import services
from chumchon.matching.models import Event, Registration
from chumchon.places.tests.factories import CommunityFactory

EVENT_DAY = dt.date(2026, 12, 10)


@pytest.fixture
def make_event(officer: Any) -> Callable[..., Event]:
    """An open event on 10 Dec 2026: a morning 09:00–12:00 and an afternoon 13:00–15:00, 20-minute
    meetings with 5-minute breaks (7 + 5 slots), and `tables` tables."""

    def make(*, slug: str = "sukhothai-2569", tables: int = 4, **fields: Any) -> Event:
        now = timezone.now()
        defaults: dict[str, Any] = {
            "name_th": "เจรจาจับคู่ธุรกิจสุโขทัย",
            "name_en": "Sukhothai business matching",
            "slug": slug,
            "venue": "ศูนย์ประชุมสุโขทัย",
            "registration_opens": now - dt.timedelta(days=1),
            "registration_closes": now + dt.timedelta(days=10),
            "meeting_minutes": 20,
            "break_minutes": 5,
        }
        defaults.update(fields)
        event = services.event_create(by=officer, tables=tables, **defaults)
        services.event_add_session(
            event=event, date=EVENT_DAY, starts_at=dt.time(9, 0), ends_at=dt.time(12, 0), name="เช้า"
        )
        services.event_add_session(
            event=event, date=EVENT_DAY, starts_at=dt.time(13, 0), ends_at=dt.time(15, 0), name="บ่าย"
        )
        return services.event_open(event=event, by=officer)

    return make


@pytest.fixture
def event(make_event: Callable[..., Event]) -> Event:
    return make_event()


@pytest.fixture
def make_participant(officer: Any) -> Callable[..., Registration]:
    """An approved registration of a new organisation with one member (returned as `.person`)."""
    counter = {"n": 0}

    def make(event: Event, role: str, *, name: str = "", person: Any = None, approve: bool = True, **fields: Any):
        counter["n"] += 1
        n = counter["n"]
        person = person or UserFactory(email=f"{role}{n}@example.com", name=f"{role.title()} {n}", role=role)
        kind = "community_enterprise" if role == "seller" else "company"
        organisation = organisation_create(by=person, name=name or f"{role} org {n}", kind=kind)
        if role == "seller" and "community" not in fields:
            fields["community"] = CommunityFactory.create(organisation=organisation, slug=f"community-{n}")
        registration = services.registration_create(
            event=event, organisation=organisation, role=role, by=person, **fields
        )
        if approve:
            registration = services.registration_approve(registration=registration, by=officer)
        registration.person = person  # type: ignore[attr-defined]
        return registration

    return make
