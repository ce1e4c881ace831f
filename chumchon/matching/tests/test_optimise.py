"""Scheduling by the organiser: the instance, runs of the optimiser, applying, moving, publishing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import translation

from chumchon.matching import optimise, services
from chumchon.matching.models import Meeting, MeetingRequest, RunStatus, ScheduleRun
from chumchon.matching.services import scheduling as scheduling_services
from chumchon.notifications.models import Notification
from chumchon.scheduling import check_schedule, instance_to_dict, parse_instance, schedule_to_dict

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English here; the Thai ones are checked in test_optimise_views."""
    with translation.override("en"):
        yield


def accepted(buyer, seller, priority=2):
    request = services.request_send(sender=buyer, target=seller, by=buyer.person, priority=priority)
    return services.request_accept(meeting_request=request, by=seller.person)


@pytest.fixture
def fair(event, make_participant):
    """3 buyers and 4 sellers; each buyer asked every seller and each seller accepted."""
    buyers = [make_participant(event, "buyer", name=f"ผู้ซื้อ {n}") for n in range(3)]
    sellers = [make_participant(event, "seller", name=f"ผู้ขาย {n}") for n in range(4)]
    requests = [accepted(b, s, priority=1 + (i + j) % 3) for i, b in enumerate(buyers) for j, s in enumerate(sellers)]
    return event, buyers, sellers, requests


def start(event, officer, **kwargs):
    """Start a run; the immediate task backend runs it when the transaction commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        run = services.schedule_run_start(event=event, by=officer, time_limit=5, **kwargs)
    run.refresh_from_db()
    return run


def run_and_apply(event, officer, **kwargs):
    run = start(event, officer, **kwargs)
    assert run.status == RunStatus.DONE, run.error
    services.schedule_run_apply(run=run, by=officer)
    return run


def test_it_exports_the_event_as_a_valid_instance(fair):
    event, buyers, sellers, requests = fair
    first_slot = event.slots.order_by("starts_at").first()
    services.registration_update(registration=buyers[0], by=buyers[0].person, unavailable_slots=[first_slot])
    data: Any = instance_to_dict(optimise.event_instance(event))
    instance = parse_instance(data)  # the format's own validation
    assert len(instance.slots) == 12
    assert data["slots"][0]["id"] == first_slot.code
    assert data["slots"][0]["start"] == "2026-12-10T09:00:00+07:00"
    assert len({s.session for s in instance.slots}) == 2
    assert instance.tables == ["T01", "T02", "T03", "T04"]
    people = {p.id: p for p in instance.participants}
    assert set(people) == {r.code for r in buyers + sellers}
    assert first_slot.code not in (people[buyers[0].code].available or ())
    assert len(people[buyers[1].code].available or ()) == 12
    assert people[buyers[0].code].max_meetings == event.max_meetings
    assert {(r.id, r.weight) for r in instance.requests} == {(r.code, r.weight) for r in requests}


def test_it_gives_online_events_a_room_for_every_possible_meeting(make_event, make_participant):
    event = make_event(is_online=True, tables=0, meeting_link_base="https://meet.example.com/")
    buyers = [make_participant(event, "buyer") for _ in range(3)]
    sellers = [make_participant(event, "seller", booth="B1") for _ in range(5)]
    for b in buyers:
        accepted(b, sellers[0])
    instance = optimise.event_instance(event)
    assert instance.tables == ["online-01", "online-02", "online-03"]
    assert all(p.booth is None for p in instance.participants)  # booths mean nothing online


def test_it_runs_the_optimiser_applies_it_and_nobody_is_double_booked(fair, officer):
    event, _buyers, _sellers, _requests = fair
    run = run_and_apply(event, officer)
    run.refresh_from_db()
    assert run.status == RunStatus.APPLIED
    assert run.progress == 1.0
    assert run.result["stats"]["scheduled"] == 12
    assert Meeting.objects.filter(event=event, source="optimiser").count() == 12
    stored = optimise.schedule_of(event)
    assert check_schedule(optimise.event_instance(event), stored) == []


def test_it_records_each_step_and_a_step_s_progress_at_most_twice_a_second(fair, officer):
    event, *_ = fair
    run = ScheduleRun.objects.create(event=event, created_by=officer, status=RunStatus.RUNNING)
    write = scheduling_services._progress_writer(run)
    write(0.3, "improving")
    write(0.4, "improving")  # too soon
    run.refresh_from_db()
    assert (run.progress, run.message) == (0.3, "improving")
    write(0.5, "shortening waits between meetings")  # a new step is written at once
    run.refresh_from_db()
    assert (run.progress, run.message) == (0.5, "shortening waits between meetings")
    write(1.0, "done")  # the end is always written
    run.refresh_from_db()
    assert (run.progress, run.message) == (1.0, "done")


def test_a_failing_run_is_recorded_with_its_error(fair, officer, monkeypatch):
    event, *_ = fair

    def broken(event):
        raise RuntimeError("out of memory")

    monkeypatch.setattr(optimise, "event_instance", broken)
    run = start(event, officer)
    assert run.status == RunStatus.FAILED
    assert "out of memory" in run.error
    with pytest.raises(ValidationError, match="finished"):
        services.schedule_run_apply(run=run, by=officer)


def test_it_refuses_a_time_limit_out_of_range_and_events_that_self_schedule(fair, officer, make_event):
    event, *_ = fair
    with pytest.raises(ValidationError, match="5 and 600"):
        services.schedule_run_start(event=event, by=officer, time_limit=601)
    self_event = make_event(slug="self", scheduling_mode="self")
    with pytest.raises(ValidationError, match="book their own"):
        services.schedule_run_start(event=self_event, by=officer, time_limit=5)


def test_moving_a_meeting_into_a_clash_is_refused_with_the_name(fair, officer):
    event, buyers, _sellers, _ = fair
    run_and_apply(event, officer)
    mine = Meeting.objects.of_registration(buyers[0]).select_related("slot", "table")[0]
    other = Meeting.objects.of_registration(buyers[0]).exclude(pk=mine.pk).select_related("slot")[0]
    with pytest.raises(ValidationError, match="ผู้ซื้อ 0 already has a meeting then"):
        services.meeting_move(meeting=mine, slot=other.slot, table=mine.table, by=officer)
    # A table taken by someone else in a free slot: the clash names both organisations.
    busy = Meeting.objects.exclude(request__a=buyers[0]).exclude(request__b=buyers[0]).select_related("table", "slot")
    target = next(
        m
        for m in busy
        if not Meeting.objects.of_registration(buyers[0]).filter(slot=m.slot).exists()
        and not Meeting.objects.of_registration(mine.request.other(buyers[0])).filter(slot=m.slot).exists()
    )
    with pytest.raises(ValidationError, match=r"Table .* is taken then by"):
        services.meeting_move(meeting=mine, slot=target.slot, table=target.table, by=officer)
    # An unavailable slot is refused too.
    services.registration_update(registration=buyers[0], by=buyers[0].person, unavailable_slots=[target.slot])
    with pytest.raises(ValidationError, match="not available"):
        services.meeting_move(meeting=mine, slot=target.slot, table=None, by=officer)


def test_moving_to_a_free_place_works(fair, officer):
    event, buyers, *_ = fair
    run_and_apply(event, officer)
    mine = Meeting.objects.of_registration(buyers[0]).select_related("request__a", "request__b")[0]
    partner = mine.request.other(buyers[0])
    taken = set(Meeting.objects.of_registration(buyers[0]).values_list("slot", flat=True)) | set(
        Meeting.objects.of_registration(partner).values_list("slot", flat=True)
    )
    slot = event.slots.exclude(pk__in=taken).order_by("starts_at").first()
    table = event.tables.exclude(meetings__slot=slot).first()
    services.meeting_move(meeting=mine, slot=slot, table=table, by=officer)
    mine.refresh_from_db()
    assert (mine.slot, mine.table, mine.source) == (slot, table, "manual")
    assert set(mine.seats.values_list("slot", flat=True)) == {slot.pk}


def test_locked_meetings_survive_a_new_run(fair, officer):
    event, buyers, *_ = fair
    run_and_apply(event, officer)
    mine = Meeting.objects.of_registration(buyers[0])[0]
    services.meeting_lock(meeting=mine, locked=True, by=officer)
    place = (mine.request_id, mine.slot_id, mine.table_id)
    run_and_apply(event, officer)
    kept = Meeting.objects.get(request_id=place[0])
    assert (kept.request_id, kept.slot_id, kept.table_id) == place
    assert kept.locked
    assert check_schedule(optimise.event_instance(event), optimise.schedule_of(event)) == []


def test_an_officer_places_a_left_out_request_by_hand(event, make_participant, officer):
    buyer = make_participant(event, "buyer", name="ผู้ซื้อเดี่ยว")
    seller = make_participant(event, "seller")
    request = accepted(buyer, seller)
    slot = event.slots.order_by("starts_at").first()
    table = event.tables.first()
    meeting = services.meeting_assign(meeting_request=request, slot=slot, table=table, by=officer)
    assert (meeting.slot, meeting.table, meeting.source) == (slot, table, "manual")
    with pytest.raises(ValidationError, match="already has a meeting"):
        services.meeting_assign(meeting_request=request, slot=slot, table=table, by=officer)


def test_publishing_tells_everyone_then_only_those_whose_agenda_changed(fair, officer, make_participant):
    event, _buyers, sellers, _ = fair
    late = make_participant(event, "buyer", name="ผู้ซื้อมาสาย")  # registered, no meeting yet
    run_and_apply(event, officer)
    told = services.event_publish(event=event, by=officer)
    event.refresh_from_db()
    assert event.status == "published" and event.published_at is not None
    assert told == 8
    assert Notification.objects.filter(detail="agenda_published").count() == 8
    before = {m.request_id: (m.slot_id, m.table_id) for m in Meeting.objects.filter(event=event)}

    # Late changes: two accepted requests of the late buyer; re-solve incrementally, apply, publish.
    accepted(late, sellers[0])
    accepted(late, sellers[1])
    run = run_and_apply(event, officer, incremental=True)
    assert run.incremental
    after = {m.request_id: (m.slot_id, m.table_id) for m in Meeting.objects.filter(event=event)}
    moved = [r for r, place in before.items() if after.get(r, (None, None))[0] != place[0]]
    assert len(after) == 14
    assert len(moved) <= 2, moved  # published agendas change little
    told = services.event_publish(event=event, by=officer)
    changed = Notification.objects.filter(detail="agenda_changed")
    assert told == changed.count()
    assert late.person.pk in set(changed.values_list("recipient", flat=True))
    assert told <= 3 + 2 * len(moved)  # the late buyer, its two sellers, and both sides of moved ones
    # Publishing again without a change tells nobody.
    assert services.event_publish(event=event, by=officer) == 0


def test_it_imports_a_schedule_solved_elsewhere_and_refuses_a_broken_one(fair, officer):
    event, _buyers, _sellers, requests = fair
    slots = list(event.slots.order_by("starts_at"))
    good = {
        "format": "meeting-schedule/1",
        "meetings": [{"request": requests[0].code, "slot": slots[0].code, "location": event.tables.first().name}],
    }
    run = services.schedule_run_import(event=event, by=officer, data=good)
    assert run.status == RunStatus.DONE
    result: Any = run.result
    assert len(result["unscheduled"]) == 11
    bad = {
        "format": "meeting-schedule/1",
        "meetings": [
            {"request": requests[0].code, "slot": slots[0].code, "location": "1"},
            {"request": requests[1].code, "slot": slots[0].code, "location": "2"},  # same buyer, same slot
        ],
    }
    with pytest.raises(ValidationError, match="two meetings"):
        services.schedule_run_import(event=event, by=officer, data=bad)
    with pytest.raises(ValidationError, match="not a schedule file"):
        services.schedule_run_import(event=event, by=officer, data={"format": "something/1"})
    assert ScheduleRun.objects.filter(event=event).count() == 1
    services.schedule_run_apply(run=run, by=officer)
    assert Meeting.objects.filter(event=event).count() == 1


def test_the_unscheduled_reasons_name_the_organisations(event, make_participant, officer):
    buyer = make_participant(event, "buyer", name="โรงแรมริมน้ำ")
    seller = make_participant(event, "seller", name="กลุ่มทอผ้า")
    morning, afternoon = event.sessions.all()
    services.registration_update(registration=buyer, by=buyer.person, sessions=[morning])
    services.registration_update(registration=seller, by=seller.person, sessions=[afternoon])
    accepted(buyer, seller)
    run = start(event, officer)
    [left_out] = run.result["unscheduled"]
    names = {buyer.code: str(buyer.organisation), seller.code: str(seller.organisation)}
    assert optimise.explain(left_out["reason"], names) == ("โรงแรมริมน้ำ and กลุ่มทอผ้า have no free time slot in common.")


def test_applying_a_stale_run_is_refused_and_changes_nothing(fair, officer):
    event, buyers, _sellers, requests = fair
    run = start(event, officer)
    services.request_cancel(meeting_request=MeetingRequest.objects.get(pk=requests[0].pk), by=buyers[0].person)
    with pytest.raises(ValidationError, match="changed since"):
        services.schedule_run_apply(run=run, by=officer)
    assert not Meeting.objects.filter(event=event).exists()
    assert schedule_to_dict(optimise.schedule_of(event))["meetings"] == []
