"""Ten people take the three places of a group session at the same moment (PostgreSQL): exactly
three get one, the others are told it is full."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from chumchon.matching import services
from chumchon.matching.models import GroupGuest, GroupSession


@pytest.mark.django_db(transaction=True)
def test_ten_people_joining_a_three_place_group_end_with_three(places_data, make_event, make_participant, officer):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writes, so nothing would run side by side; run with DATABASE_URL=postgres://…")
    event = make_event(slug="group-rush")
    host = make_participant(event, "seller")
    group = services.group_create(
        event=event,
        slot=event.slots.order_by("starts_at").first(),
        table=event.tables.first(),
        host=host,
        title="Rush",
        capacity=3,
        by=officer,
    )
    people = [make_participant(event, "buyer") for _ in range(10)]
    barrier = threading.Barrier(len(people))
    full: list[str] = []
    errors: list[BaseException] = []

    def join(registration) -> None:
        try:
            translation.activate("en")
            barrier.wait(timeout=30)
            services.group_join(group=group, registration=registration, by=registration.person)
        except ValidationError as error:
            full.extend(error.messages)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=join, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert GroupGuest.objects.filter(group=group).count() == 3
    assert GroupSession.objects.get(pk=group.pk).guest_count == 3
    assert full == ["This group session is full."] * 7
