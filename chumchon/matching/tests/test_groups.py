"""Group sessions: one host at one table in one slot with several guests. Their slot is busy for
the host and guests and their table is taken, for self-booking, walk-ins and the optimiser."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone, translation

from chumchon.matching import optimise, services
from chumchon.matching.models import GroupGuest, GroupSession, Meeting, RunStatus, Seat
from chumchon.matching.services.groups import group_busy_slots
from chumchon.matching.tests.agenda_helpers import meeting_between
from chumchon.notifications.models import Notification
from chumchon.scheduling import Meeting as SMeeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English here (the Thai ones are checked on the pages)."""
    with translation.override("en"):
        yield


def slots(event):
    return list(event.slots.order_by("starts_at"))


def tables(event):
    return list(event.tables.order_by("pk"))


@pytest.fixture
def host(event, make_participant):
    return make_participant(event, "seller", name="Ban Na Weavers")


@pytest.fixture
def group(event, host, officer):
    return services.group_create(
        event=event,
        slot=slots(event)[0],
        table=tables(event)[0],
        host=host,
        title="Weaving demo",
        capacity=3,
        by=officer,
    )


def told(person, detail):
    return Notification.objects.filter(recipient=person, detail=detail).exists()


def test_an_officer_sets_up_a_group_and_the_host_is_told(group, host):
    assert group.guest_count == 0 and group.places_left == 3
    assert told(host.person, f"group_created:{group.pk}")
    assert group_busy_slots(host) == {group.slot_id}


def test_capacity_is_between_two_and_twenty(event, host, officer):
    for capacity in (1, 21):
        with pytest.raises(ValidationError, match="between 2 and 20"):
            services.group_create(
                event=event,
                slot=slots(event)[0],
                table=tables(event)[0],
                host=host,
                title="x",
                capacity=capacity,
                by=officer,
            )


def test_only_officers_set_up_groups(event, host):
    with pytest.raises(ValidationError):
        services.group_create(
            event=event, slot=slots(event)[0], table=tables(event)[0], host=host, title="x", capacity=3, by=host.person
        )


def test_a_table_or_host_already_taken_is_refused(event, group, host, officer, make_participant):
    other = make_participant(event, "buyer")
    with pytest.raises(ValidationError, match="already holds a group session"):
        services.group_create(
            event=event, slot=group.slot, table=group.table, host=other, title="x", capacity=3, by=officer
        )
    with pytest.raises(ValidationError, match="already in a group session"):
        services.group_create(
            event=event, slot=group.slot, table=tables(event)[1], host=host, title="x", capacity=3, by=officer
        )
    buyer, seller = make_participant(event, "buyer"), make_participant(event, "seller")
    meeting = meeting_between(event, buyer, seller, slot=1, table=1)
    with pytest.raises(ValidationError, match="is taken then by"):
        services.group_create(
            event=event, slot=meeting.slot, table=meeting.table, host=other, title="x", capacity=3, by=officer
        )
    with pytest.raises(ValidationError, match="already has a meeting"):
        services.group_create(
            event=event, slot=meeting.slot, table=tables(event)[2], host=buyer, title="x", capacity=3, by=officer
        )


def test_participants_join_and_leave_and_the_host_sees_the_guests(event, group, host, make_participant):
    guests = [make_participant(event, "buyer") for _ in range(3)]
    for guest in guests:
        services.group_join(group=group, registration=guest, by=guest.person)
    group.refresh_from_db()
    assert group.guest_count == 3
    assert not told(guests[0].person, f"group_joined:{group.pk}")  # nobody is told what they did themselves
    assert Notification.objects.filter(recipient=host.person, detail=f"group_guest_joined:{group.pk}").count() == 3
    late = make_participant(event, "seller")
    with pytest.raises(ValidationError, match="full"):
        services.group_join(group=group, registration=late, by=late.person)
    services.group_leave(group=group, registration=guests[0], by=guests[0].person)
    assert told(host.person, f"group_guest_left:{group.pk}")
    services.group_join(group=group, registration=late, by=late.person)
    group.refresh_from_db()
    assert group.guest_count == 3
    assert set(group.guests.values_list("registration", flat=True)) == {guests[1].pk, guests[2].pk, late.pk}


def test_a_participant_busy_then_is_refused_with_a_clear_message(event, group, officer, make_participant):
    buyer, seller = make_participant(event, "buyer"), make_participant(event, "seller")
    meeting_between(event, buyer, seller, slot=0, table=1)
    with pytest.raises(ValidationError, match=r"You already have a meeting with seller org \d+ at"):
        services.group_join(group=group, registration=buyer, by=buyer.person)
    guest = make_participant(event, "buyer")
    other_host = make_participant(event, "seller")
    other = services.group_create(
        event=event, slot=group.slot, table=tables(event)[2], host=other_host, title="Other", capacity=2, by=officer
    )
    services.group_join(group=other, registration=guest, by=guest.person)
    with pytest.raises(ValidationError, match="already in another group session"):
        services.group_join(group=group, registration=guest, by=guest.person)
    with pytest.raises(ValidationError, match="already joined"):
        services.group_join(group=other, registration=guest, by=guest.person)


def test_the_host_the_wrong_role_and_a_cancelled_group_cannot_be_joined(event, group, host, officer, make_participant):
    with pytest.raises(ValidationError, match="You host"):
        services.group_join(group=group, registration=host, by=host.person)
    buyers_only = services.group_create(
        event=event,
        slot=slots(event)[1],
        table=tables(event)[0],
        host=host,
        title="For buyers",
        capacity=2,
        guest_role="buyer",
        by=officer,
    )
    seller = make_participant(event, "seller")
    with pytest.raises(ValidationError, match="for buyer participants"):
        services.group_join(group=buyers_only, registration=seller, by=seller.person)
    services.group_cancel(group=buyers_only, by=officer)
    buyer = make_participant(event, "buyer")
    with pytest.raises(ValidationError, match="cancelled"):
        services.group_join(group=buyers_only, registration=buyer, by=buyer.person)


def test_cancelling_frees_the_time_and_tells_everyone(event, group, host, officer, make_participant):
    guest = make_participant(event, "buyer")
    services.group_join(group=group, registration=guest, by=guest.person)
    assert services.group_cancel(group=group, by=officer) == 2
    assert told(host.person, f"group_cancelled:{group.pk}") and told(guest.person, f"group_cancelled:{group.pk}")
    assert group_busy_slots(host) == set() and group_busy_slots(guest) == set()
    # the places stay (the group stays on the agendas, marked) but no longer hold the slot
    assert not GroupGuest.objects.filter(released=False).exists()
    with pytest.raises(ValidationError, match="already cancelled"):
        services.group_cancel(group=group, by=officer)


# --- the one-to-one scheduling treats the group's slot as busy and its table as taken ------------


def test_self_booking_skips_the_group_slot_and_table(make_event, make_participant, officer):
    event = make_event(slug="self", scheduling_mode="self", tables=1)
    buyer, seller = make_participant(event, "buyer"), make_participant(event, "seller")
    first, second = slots(event)[:2]
    services.group_create(
        event=event, slot=first, table=tables(event)[0], host=buyer, title="Briefing", capacity=2, by=officer
    )
    other_buyer, other_seller = make_participant(event, "buyer"), make_participant(event, "seller")
    request = services.request_send(sender=other_buyer, target=other_seller, by=other_buyer.person)
    services.request_accept(meeting_request=request, by=other_seller.person)
    meeting = Meeting.objects.get(request=request)
    assert meeting.slot == second  # the only table is the group's in the first slot
    request = services.request_send(sender=buyer, target=seller, by=buyer.person)
    services.request_accept(meeting_request=request, by=seller.person)
    assert Meeting.objects.get(request=request).slot not in (first, second)


def test_walk_ins_refuse_a_guest_or_the_group_table(event, group, officer, make_participant):
    guest, seller = make_participant(event, "buyer"), make_participant(event, "seller")
    services.group_join(group=group, registration=guest, by=guest.person)
    buyer = make_participant(event, "buyer")
    now = timezone.now()
    type(group.slot).objects.filter(pk=group.slot_id).update(starts_at=now, ends_at=now + dt.timedelta(minutes=20))
    group.slot.refresh_from_db()
    for person in (guest, seller, buyer):
        services.registration_check_in(registration=person, by=officer)
    with pytest.raises(ValidationError, match="already in a group session"):
        services.meeting_walk_in(
            event=event, first=guest, second=seller, slot=group.slot, table=tables(event)[1], by=officer
        )
    with pytest.raises(ValidationError, match="already taken"):
        services.meeting_walk_in(
            event=event, first=buyer, second=seller, slot=group.slot, table=group.table, by=officer
        )
    from chumchon.matching import selectors

    assert guest not in selectors.free_in_slot(event, group.slot)
    services.meeting_walk_in(
        event=event, first=buyer, second=seller, slot=group.slot, table=tables(event)[1], by=officer
    )


def test_moving_a_meeting_onto_a_group_table_is_refused(event, group, officer, make_participant):
    meeting = meeting_between(event, make_participant(event, "buyer"), make_participant(event, "seller"), slot=2)
    with pytest.raises(ValidationError, match="holds a group session"):
        services.meeting_move(meeting=meeting, slot=group.slot, table=group.table, by=officer)


def test_the_optimiser_leaves_the_group_slot_and_table_alone(event, officer, make_participant):
    buyers = [make_participant(event, "buyer") for _ in range(3)]
    sellers = [make_participant(event, "seller") for _ in range(4)]
    for buyer in buyers:
        for seller in sellers:
            request = services.request_send(sender=buyer, target=seller, by=buyer.person)
            services.request_accept(meeting_request=request, by=seller.person)
    first = slots(event)[0]
    for n, host in enumerate((sellers[0], buyers[0])):
        group = services.group_create(
            event=event, slot=first, table=tables(event)[n], host=host, title="g", capacity=2, by=officer
        )
        guest = make_participant(event, "buyer")
        services.group_join(group=group, registration=guest, by=guest.person)
    instance = optimise.event_instance(event)
    assert instance.tables == ["T03", "T04"]  # two tables held in one slot: two left out, the groups' own
    people = {p.id: p for p in instance.participants}
    assert first.code not in (people[sellers[0].code].available or ())
    with TestCase.captureOnCommitCallbacks(execute=True):
        run = services.schedule_run_start(event=event, by=officer, time_limit=5)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    services.schedule_run_apply(run=run, by=officer)
    in_first = Meeting.objects.filter(slot=first).active()
    assert not in_first.filter(table__in=tables(event)[:2]).exists()
    assert not Seat.objects.filter(slot=first, registration__in=[sellers[0], buyers[0]]).exists()
    assert Meeting.objects.filter(event=event).count() == 12


def test_a_meeting_put_at_a_group_table_is_moved_to_a_free_one(event, group):
    other_slot = slots(event)[1]
    meetings = [
        SMeeting("r1", group.slot.code, "T01"),
        SMeeting("r2", group.slot.code, "T02"),
        SMeeting("r3", other_slot.code, "T01"),
    ]
    placed = optimise.around_groups(event, meetings)
    assert [m.location for m in placed] == ["T03", "T02", "T01"]


def test_a_table_a_fixed_meeting_keeps_is_never_left_out(event, group, make_participant, officer):
    later = meeting_between(event, make_participant(event, "buyer"), make_participant(event, "seller"), slot=3, table=0)
    services.meeting_lock(meeting=later, locked=True, by=officer)
    # T01 holds the group in the first slot but a locked meeting later on: T02 is left out instead.
    assert optimise.event_instance(event).tables == ["T01", "T03", "T04"]


def test_it_sits_on_the_agenda_screen_pdf_and_calendar(client, event, group, host, make_participant):
    from chumchon.matching import agendas

    guest = make_participant(event, "buyer")
    services.group_join(group=group, registration=guest, by=guest.person)
    [entry] = agendas.group_entries(host)
    assert entry.hosting and entry.guests == [guest]
    client.force_login(guest.person)
    page = client.get(f"/en/matching/{event.slug}/agenda/").content.decode()
    assert "Weaving demo" in page and "Leave “Weaving demo”" in page
    ics = client.get(f"/en/matching/{event.slug}/agenda/agenda.ics").content.decode()
    assert "SUMMARY:Group session: Weaving demo" in ics and f"group{group.pk}@chumchon" in ics
    assert "LOCATION:T01" in ics
    client.force_login(host.person)
    page = client.get(f"/en/matching/{event.slug}/agenda/").content.decode()
    assert "You host" in page and str(guest.organisation) in page


def test_the_pdf_agenda_lists_the_group(client, event, group, make_participant):
    from chumchon.matching import agendas
    from chumchon.matching.tests.agenda_helpers import pdf_text

    if not agendas.pdf_available():
        pytest.skip("WeasyPrint is not available")
    guest = make_participant(event, "buyer")
    services.group_join(group=group, registration=guest, by=guest.person)
    client.force_login(guest.person)
    response = client.get(f"/en/matching/{event.slug}/agenda/agenda.pdf")
    assert "Weaving demo" in pdf_text(response.content)


def test_a_group_session_is_counted_in_the_database_never_over_capacity(group):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        GroupSession.objects.filter(pk=group.pk).update(guest_count=4)


def test_the_table_sheet_shows_the_group_in_its_slot(event, group):
    from chumchon.matching import agendas

    sheet = next(sheet for sheet in agendas.table_sheets(event) if sheet.place == "T01")
    assert dict(sheet.rows)[group.slot] == group
