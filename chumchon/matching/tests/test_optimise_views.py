"""The organiser's scheduling page: run, progress, result, apply, move, lock, import, publish."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from chumchon.matching import services
from chumchon.matching.models import Meeting, RunStatus, ScheduleRun
from chumchon.scheduling import parse_instance

pytestmark = pytest.mark.django_db


def accepted(buyer, seller):
    request = services.request_send(sender=buyer, target=seller, by=buyer.person, priority=2)
    return services.request_accept(meeting_request=request, by=seller.person)


@pytest.fixture
def small(event, make_participant):
    buyers = [make_participant(event, "buyer", name=f"โรงแรม {n}") for n in range(2)]
    sellers = [make_participant(event, "seller", name=f"กลุ่มผ้าทอ {n}") for n in range(3)]
    requests = [accepted(b, s) for b in buyers for s in sellers]
    return event, buyers, sellers, requests


def url(name: str, event: Any, *args: Any) -> str:
    with translation.override("en"):  # the English pages (Thai ones are at the same path without /en/)
        return reverse(f"matching:{name}", args=[event.slug, *args])


def test_it_runs_shows_the_result_and_applies_it(client, officer, small, django_capture_on_commit_callbacks):
    event, *_ = small
    client.force_login(officer)
    assert client.get(url("schedule", event)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("schedule_start", event), {"time_limit": "5"})
    text = client.get(url("schedule", event)).content.decode()
    assert "6 of 6 accepted requests" in text
    assert "100.0%" in text  # of the proven bound
    assert "โรงแรม 0 – กลุ่มผ้าทอ" in text  # the result, slot by slot, with names
    run = ScheduleRun.objects.get(event=event)
    response = client.post(url("schedule_apply", event, run.pk), follow=True)
    assert "The schedule was applied: 6 meetings" in response.content.decode()
    assert Meeting.objects.filter(event=event).count() == 6
    response = client.post(url("event_publish", event), follow=True)
    assert "5 participants were notified" in response.content.decode()


def test_the_time_limit_must_be_between_5_and_600_seconds(client, officer, small):
    event, *_ = small
    client.force_login(officer)
    response = client.post(url("schedule_start", event), {"time_limit": "1000"}, follow=True)
    assert "less than or equal to 600" in response.content.decode()
    assert not ScheduleRun.objects.exists()


def test_the_progress_is_polled_while_running_and_refreshes_when_done(client, officer, small):
    event, *_ = small
    client.force_login(officer)
    run = ScheduleRun.objects.create(event=event, created_by=officer, status=RunStatus.RUNNING, progress=0.42)
    run.message = "improving"
    run.save()
    page = client.get(url("schedule", event)).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert '<progress id="schedule-progress-bar" max="100" value="42">' in page
    assert "Refresh this page" in page  # works without JavaScript
    partial = client.get(url("schedule_progress", event, run.pk), headers={"HX-Request": "true"})
    assert "42% done · improving the schedule" in partial.content.decode()
    ScheduleRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE)
    done = client.get(url("schedule_progress", event, run.pk), headers={"HX-Request": "true"})
    assert done.headers["HX-Refresh"] == "true"


def test_the_instance_downloads_as_valid_json(client, officer, small):
    event, _buyers, _sellers, requests = small
    client.force_login(officer)
    response = client.get(url("schedule_instance", event))
    assert response["Content-Disposition"].startswith("attachment")
    instance = parse_instance(json.loads(response.content))
    assert len(instance.participants) == 5
    assert {r.id for r in instance.requests} == {r.code for r in requests}


def test_a_broken_schedule_file_is_refused_and_nothing_is_saved(client, officer, small):
    event, *_ = small
    client.force_login(officer)
    bad = SimpleUploadedFile("s.json", b"{not json", content_type="application/json")
    response = client.post(url("schedule_import", event), {"file": bad}, follow=True)
    assert "not JSON" in response.content.decode()
    wrong = io.BytesIO(
        json.dumps(
            {"format": "meeting-schedule/1", "meetings": [{"request": "r999999", "slot": "s1", "location": "T01"}]}
        ).encode()
    )
    upload = SimpleUploadedFile("s.json", wrong.getvalue(), content_type="application/json")
    response = client.post(url("schedule_import", event), {"file": upload}, follow=True)
    assert "unknown request r999999" in response.content.decode()
    assert not ScheduleRun.objects.exists()


def test_moving_into_a_clash_shows_who_is_in_the_way(client, officer, small):
    event, _buyers, _sellers, requests = small
    first, second = event.slots.order_by("starts_at")[:2]
    table = event.tables.first()
    services.meeting_assign(meeting_request=requests[0], slot=first, table=table, by=officer)
    meeting = services.meeting_assign(meeting_request=requests[1], slot=second, table=table, by=officer)
    client.force_login(officer)
    response = client.post(url("meeting_move", event, meeting.pk), {"slot": first.pk, "table": table.pk})
    assert response.status_code == 200
    assert "โรงแรม 0 already has a meeting then (with กลุ่มผ้าทอ 0)" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.slot == second
    response = client.post(url("meeting_lock", event, meeting.pk), {"locked": "1"}, follow=True)
    meeting.refresh_from_db()
    assert meeting.locked
    assert "locked" in response.content.decode()


def test_an_officer_places_a_request_by_hand(client, officer, small):
    event, _buyers, _sellers, requests = small
    client.force_login(officer)
    page = client.get(url("schedule", event)).content.decode()
    assert "Accepted requests without a meeting (6)" in page
    slot = event.slots.order_by("starts_at").first()
    client.post(url("meeting_assign", event, requests[0].pk), {"slot": slot.pk, "table": event.tables.first().pk})
    assert Meeting.objects.get(request=requests[0]).slot == slot


def test_the_page_runs_a_bounded_number_of_queries(client, officer, small, django_assert_max_num_queries):
    event, _buyers, _sellers, requests = small
    slot = event.slots.order_by("starts_at").first()
    # Three meetings in the first slot: one per buyer... and per seller (2 buyers: two meetings).
    services.meeting_assign(meeting_request=requests[0], slot=slot, table=event.tables.all()[0], by=officer)
    services.meeting_assign(meeting_request=requests[4], slot=slot, table=event.tables.all()[1], by=officer)
    client.force_login(officer)
    with django_assert_max_num_queries(20):
        assert client.get(url("schedule", event) + f"?slot={slot.pk}").status_code == 200


def test_participants_get_a_404_on_every_scheduling_page(client, small):
    event, buyers, _sellers, requests = small
    client.force_login(buyers[0].person)
    for name, args in [
        ("schedule", []),
        ("schedule_instance", []),
        ("schedule_progress", [1]),
        ("meeting_move", [1]),
        ("meeting_assign", [requests[0].pk]),
    ]:
        assert client.get(url(name, event, *args)).status_code == 404, name
    for name, args in [
        ("schedule_start", []),
        ("schedule_import", []),
        ("event_publish", []),
        ("schedule_apply", [1]),
        ("meeting_lock", [1]),
    ]:
        assert client.post(url(name, event, *args), {"time_limit": "5"}).status_code == 404, name
    assert not ScheduleRun.objects.exists()


def test_the_page_and_its_messages_are_in_thai_by_default(client, officer, small):
    event, _buyers, _sellers, requests = small
    first, second = event.slots.order_by("starts_at")[:2]
    table = event.tables.first()
    services.meeting_assign(meeting_request=requests[0], slot=first, table=table, by=officer)
    meeting = services.meeting_assign(meeting_request=requests[1], slot=second, table=table, by=officer)
    client.force_login(officer)
    page = client.get(reverse("matching:schedule", args=[event.slug])).content.decode()
    assert "เริ่มจัดตารางอัตโนมัติ" in page
    assert "คำขอที่ตอบรับแล้วแต่ยังไม่มีเวลานัด" in page
    response = client.post(
        reverse("matching:meeting_move", args=[event.slug, meeting.pk]), {"slot": first.pk, "table": table.pk}
    )
    assert "โรงแรม 0 มีนัดหมายในเวลานั้นแล้ว (กับ กลุ่มผ้าทอ 0)" in response.content.decode()


def test_a_run_whose_worker_stopped_beating_shows_failed_and_another_may_start(client, officer, small, settings):
    import datetime as dt

    from django.utils import timezone

    settings.MATCHING_RUN_STALE_SECONDS = 2
    event, *_ = small
    client.force_login(officer)
    run = ScheduleRun.objects.create(
        event=event, created_by=officer, status=RunStatus.RUNNING, time_limit=5, progress=0.4, message="improving"
    )
    # Quiet for 6 s: within its time limit plus 2 s (the LP solver may hold the worker that long).
    ScheduleRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - dt.timedelta(seconds=6))
    assert "40% done" in client.get(url("schedule", event)).content.decode()
    assert client.post(url("schedule_start", event), {"time_limit": "5"}).status_code == 302
    assert ScheduleRun.objects.filter(event=event).count() == 1  # refused: it is still running

    ScheduleRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - dt.timedelta(seconds=8))
    partial = client.get(url("schedule_progress", event, run.pk), headers={"HX-Request": "true"})
    assert partial.headers["HX-Refresh"] == "true"  # the page reloads to show the failure
    page = client.get(url("schedule", event)).content.decode()
    assert "The optimiser stopped before it finished" in page and "The current schedule is unchanged" in page
    thai = client.get(url("schedule", event).removeprefix("/en")).content.decode()
    assert "ระบบจัดตารางหยุดก่อนทำเสร็จ" in thai
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.finished_at is not None
    client.post(url("schedule_start", event), {"time_limit": "5"})  # queued (the test never commits)
    assert ScheduleRun.objects.filter(event=event, status=RunStatus.QUEUED).count() == 1


def test_the_periodic_sweep_fails_a_lost_run_nobody_looks_at(officer, small, settings):
    import datetime as dt

    from django.utils import timezone

    from chumchon.matching.tasks import expire_lost_schedule_runs

    settings.MATCHING_RUN_STALE_SECONDS = 2
    event, *_ = small
    quiet = ScheduleRun.objects.create(event=event, created_by=officer, status=RunStatus.RUNNING, time_limit=5)
    ScheduleRun.objects.filter(pk=quiet.pk).update(heartbeat_at=timezone.now() - dt.timedelta(seconds=8))
    assert expire_lost_schedule_runs.call() == 1
    quiet.refresh_from_db()
    assert quiet.status == RunStatus.FAILED
    assert expire_lost_schedule_runs.call() == 0  # once
