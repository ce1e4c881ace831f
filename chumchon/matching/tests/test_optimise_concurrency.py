"""Self-scheduling under load: many people accept requests at the same moment (PostgreSQL).

Each thread has its own database connection, so the acceptances really run side by side; the
database constraints (a seat per participant and slot, a meeting per table and slot) must keep
every agenda free of double bookings whatever the timing.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection

from chumchon.matching import optimise, services
from chumchon.matching.models import Meeting, MeetingRequest, Seat
from chumchon.scheduling import check_schedule


def accept_all_at_once(requests: list[MeetingRequest], people: dict[int, object]) -> list[BaseException]:
    barrier = threading.Barrier(len(requests))
    errors: list[BaseException] = []

    def accept(request: MeetingRequest) -> None:
        try:
            barrier.wait(timeout=30)
            services.request_accept(meeting_request=request, by=people[request.pk])  # type: ignore[arg-type]
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()  # each thread's own connection

    threads = [threading.Thread(target=accept, args=(r,)) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.django_db(transaction=True)
def test_parallel_acceptances_never_double_book_a_participant_or_a_table(places_data, make_event, make_participant):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writes, so nothing would run side by side; run with DATABASE_URL=postgres://…")
    # Two tables for two buyers who each asked eight sellers: every slot is fought over.
    event = make_event(slug="rush", scheduling_mode="self", tables=2, max_meetings=12)
    buyers = [make_participant(event, "buyer") for _ in range(2)]
    sellers = [make_participant(event, "seller") for _ in range(8)]
    requests, people = [], {}
    for buyer in buyers:
        for seller in sellers:
            request = services.request_send(sender=buyer, target=seller, by=buyer.person)
            requests.append(request)
            people[request.pk] = seller.person
    errors = accept_all_at_once(requests, people)
    assert errors == []
    assert MeetingRequest.objects.filter(event=event, status="accepted").count() == 16
    meetings = list(Meeting.objects.filter(event=event).active())
    # Every acceptance found a place: 12 slots and 2 tables are room enough for 16 meetings.
    assert len(meetings) == 16
    assert max(Counter((m.slot_id, m.table_id) for m in meetings).values()) == 1
    seats = Counter(Seat.objects.filter(meeting__event=event).values_list("registration_id", "slot_id"))
    assert max(seats.values()) == 1
    assert check_schedule(optimise.event_instance(event), optimise.schedule_of(event)) == []


@pytest.mark.django_db
def test_sequential_acceptances_book_the_earliest_common_free_slot(make_event, make_participant):
    """The SQLite variant: the same bookings one after the other are free of double booking too."""
    event = make_event(slug="queue", scheduling_mode="self", tables=1, max_meetings=12)
    buyer = make_participant(event, "buyer")
    sellers = [make_participant(event, "seller") for _ in range(4)]
    for seller in sellers:
        request = services.request_send(sender=buyer, target=seller, by=buyer.person)
        services.request_accept(meeting_request=request, by=seller.person)
    slots = list(event.slots.order_by("starts_at")[:4])
    assert [m.slot for m in Meeting.objects.filter(event=event).order_by("slot__starts_at")] == slots
    assert check_schedule(optimise.event_instance(event), optimise.schedule_of(event)) == []
