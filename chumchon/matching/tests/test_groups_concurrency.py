"""Ten people take the three places of a group session at the same moment (PostgreSQL): exactly
three get one, the others are told it is full."""

from __future__ import annotations

from functools import partial

import pytest
from django.db import connection

from chumchon.core.tests.concurrency import side_by_side
from chumchon.matching import services
from chumchon.matching.models import GroupGuest, GroupSession, Meeting


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
    outcome = side_by_side(
        *(partial(services.group_join, group=group, registration=person, by=person.person) for person in people)
    )
    assert outcome.errors == []
    assert GroupGuest.objects.filter(group=group).count() == 3
    assert GroupSession.objects.get(pk=group.pk).guest_count == 3
    assert outcome.refused == ["This group session is full."] * 7


@pytest.mark.django_db(transaction=True)
def test_a_group_and_a_meeting_never_take_the_same_time_or_table_at_once(
    places_data, make_event, make_participant, officer
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writes, so nothing would run side by side; run with DATABASE_URL=postgres://…")
    event = make_event(slug="group-clash")
    slots, tables = list(event.slots.order_by("starts_at")), list(event.tables.order_by("pk"))
    host = make_participant(event, "seller")
    for round_ in range(4):
        buyer, seller = make_participant(event, "buyer"), make_participant(event, "seller")
        meeting_request = services.request_send(sender=buyer, target=seller, by=buyer.person)
        services.request_accept(meeting_request=meeting_request, by=seller.person)
        meeting_request.refresh_from_db()
        slot = slots[round_ % len(slots)]
        group = services.group_create(
            event=event, slot=slot, table=tables[0], host=host, title=f"Talk {round_}", capacity=5, by=officer
        )
        # The buyer joins the group while a walk-in puts the buyer in a meeting at the same time.
        outcome = side_by_side(
            partial(services.group_join, group=group, registration=buyer, by=buyer.person),
            partial(services.meeting_place, meeting_request=meeting_request, slot=slot, table=tables[1]),
        )
        assert outcome.errors == [] and len(outcome.done) == 1 and len(outcome.refused) == 1, (round_, outcome)
        services.group_cancel(group=group, by=officer)
        Meeting.objects.filter(request=meeting_request).delete()
        # An officer sets up a group at a table while a walk-in takes the same table then.
        outcome = side_by_side(
            partial(
                services.group_create,
                event=event,
                slot=slot,
                table=tables[1],
                host=host,
                title=f"Demo {round_}",
                capacity=5,
                by=officer,
            ),
            partial(services.meeting_place, meeting_request=meeting_request, slot=slot, table=tables[1]),
        )
        assert outcome.errors == [] and len(outcome.done) == 1 and len(outcome.refused) == 1, (round_, outcome)
        GroupSession.objects.filter(event=event).update(status="cancelled")
        Meeting.objects.filter(request=meeting_request).delete()
