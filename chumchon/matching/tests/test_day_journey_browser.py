"""Issue 19's "Done when": an officer runs a 300-participant matching day without one-by-one chores.

She imports 300 participants from a spreadsheet (checked and imported by a real task worker, with
its progress shown), approves them all in at most three clicks, runs the optimiser, publishes,
moves one meeting (both sides are told and both agendas say "Changed"), and on the day marks a
no-show choosing the absent side: only that side's seat is freed, and a walk-in takes it.
"""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from chumchon.accounts.models import User
from chumchon.matching import services
from chumchon.matching.models import (
    Meeting,
    MeetingRequest,
    MeetingSource,
    MeetingStatus,
    ParticipantImport,
    ParticipantImportStatus,
    Registration,
    RequestStatus,
    Seat,
    Slot,
)
from chumchon.matching.tests.participant_sheet import participant_rows, participant_xlsx
from chumchon.matching.tests.test_optimise_browser import sign_in
from chumchon.notifications.models import Notification

pytestmark = [pytest.mark.browser, pytest.mark.worker]

TIMEOUT = 240_000  # ms: the machine is shared and the worker slow to start


class Clicks:
    """Every click the officer makes, by phase."""

    def __init__(self) -> None:
        self.by_phase: dict[str, int] = {}
        self.phase = ""

    def click(self, locator) -> None:
        locator.click(timeout=TIMEOUT)
        self.by_phase[self.phase] = self.by_phase.get(self.phase, 0) + 1


def _people_of(registration: Registration) -> set[int]:
    return set(User.objects.filter(memberships__organisation=registration.organisation).values_list("pk", flat=True))


def test_an_officer_runs_a_300_participant_day(
    page, db_worker, live_server, places_data, officer, make_event, tmp_path
):
    expect.set_options(timeout=TIMEOUT)
    page.set_default_timeout(TIMEOUT)
    event = make_event(slug="big-day", tables=30, max_meetings=12)
    site = live_server.url
    en = f"{site}/en/matching"
    clicks = Clicks()
    sign_in(page, site, officer.email)

    # --- 1. Import 300 participants from a spreadsheet -------------------------------------
    clicks.phase = "import"
    sheet = tmp_path / "participants.xlsx"
    sheet.write_bytes(participant_xlsx(participant_rows(300)))
    page.goto(f"{en}/staff/{event.slug}/")
    clicks.click(page.get_by_role("link", name="Import participants"))
    page.get_by_label("File").set_input_files(str(sheet))
    clicks.click(page.get_by_role("button", name="Check the file"))
    run = page.get_by_role("button", name="Import 300 participants")
    expect(run).to_be_visible()  # the worker checked the file: the preview shows every row
    expect(page.get_by_text("person300@example.com")).to_be_visible()
    began = time.monotonic()
    clicks.click(run)
    progress_seen = page.locator("#import-progress-bar").count() > 0
    expect(page.locator("#import-status")).to_have_text("Imported", timeout=TIMEOUT)
    import_seconds = time.monotonic() - began
    job = ParticipantImport.objects.get(event=event)
    assert (job.status, job.created_count, job.invited_count) == (ParticipantImportStatus.DONE, 300, 300)
    assert Registration.objects.filter(event=event, status="pending").count() == 300
    assert Notification.objects.filter(detail=f"invitation:{event.pk}").count() == 300

    # --- 2. Approve all of them: at most three clicks ----------------------------------------
    clicks.phase = "approve"
    clicks.click(page.get_by_role("link", name="Back to the registrations"))
    clicks.click(page.get_by_role("button", name="Approve all 300 waiting registrations"))
    expect(page.get_by_text("300 registrations were approved")).to_be_visible()
    assert Registration.objects.filter(event=event, status="approved").count() == 300
    assert clicks.by_phase["approve"] <= 3

    # The participants ask for meetings (set up directly: this journey is the officer's).
    buyers = list(Registration.objects.filter(event=event, role="buyer").order_by("pk"))
    sellers = list(Registration.objects.filter(event=event, role="seller").order_by("pk"))
    now = timezone.now()
    pairs = [(buyer, sellers[(i + shift) % len(sellers)]) for i, buyer in enumerate(buyers) for shift in (0, 1)]
    MeetingRequest.objects.bulk_create(
        MeetingRequest(
            event=event,
            a=min(pair, key=lambda r: r.pk),
            b=max(pair, key=lambda r: r.pk),
            status=RequestStatus.ACCEPTED,
            requested_by=officer,
            answered_by=officer,
            answered_at=now,
            **{"priority_a" if pair[0].pk < pair[1].pk else "priority_b": 2},
        )
        for pair in pairs
    )

    # --- 3. Run the optimiser, apply and publish ---------------------------------------------
    clicks.phase = "schedule"
    page.goto(f"{en}/staff/{event.slug}/schedule/")
    page.get_by_label("Time limit (seconds)").fill("10")
    clicks.click(page.get_by_role("button", name="Run the optimiser"))
    clicks.click(page.get_by_role("button", name="Apply this schedule"))
    clicks.click(page.get_by_role("button", name="Publish the agendas"))
    expect(page.get_by_text(re.compile("The agendas are published"))).to_be_visible()
    assert Meeting.objects.filter(event=event, status=MeetingStatus.SCHEDULED).count() == 300
    event.refresh_from_db()
    assert event.published_at is not None

    # --- 4. Move one meeting: both sides told, both agendas marked ---------------------------
    clicks.phase = "move"
    moved = Meeting.objects.filter(event=event).select_related("request", "slot").order_by("slot__starts_at")[0]
    busy = set(
        Seat.objects.filter(registration__in=[moved.request.a, moved.request.b], released=False).values_list(
            "slot_id", flat=True
        )
    )
    target = Slot.objects.filter(event=event).exclude(pk__in=busy).order_by("-starts_at")[0]
    taken = set(
        Meeting.objects.filter(slot=target).exclude(status=MeetingStatus.CANCELLED).values_list("table_id", flat=True)
    )
    table = event.tables.exclude(pk__in=taken).order_by("pk")[0]
    page.goto(f"{en}/staff/{event.slug}/schedule/?slot={moved.slot_id}#meetings")
    row = page.locator("tr", has_text=moved.request.a.organisation.name).filter(
        has_text=moved.request.b.organisation.name
    )
    clicks.click(row.get_by_role("link", name="Move"))
    page.locator("select[name=slot]").select_option(str(target.pk))
    page.locator("select[name=table]").select_option(str(table.pk))
    clicks.click(page.get_by_role("button", name="Move", exact=True))
    expect(page.get_by_text("The meeting was moved.")).to_be_visible()
    moved.refresh_from_db()
    assert (moved.slot_id, moved.table_id) == (target.pk, table.pk) and moved.changed_at is not None
    told = set(Notification.objects.filter(detail=f"meeting_moved:{moved.pk}").values_list("recipient_id", flat=True))
    for side in (moved.request.a, moved.request.b):
        assert _people_of(side) <= told
        participant = Client()
        participant.force_login(User.objects.get(pk=min(_people_of(side))))
        agenda = participant.get(f"/en/matching/{event.slug}/agenda/").content.decode()
        assert "Changed" in agenda and table.name in agenda

    # --- 5. On the day: a no-show, only the absent side's seat freed, a walk-in takes it ------
    clicks.phase = "day"
    meeting = (
        Meeting.objects.filter(event=event, status=MeetingStatus.SCHEDULED)
        .exclude(pk=moved.pk)
        .select_related("request__a__organisation", "request__b__organisation", "slot", "table")
        .order_by("slot__starts_at", "pk")[0]
    )
    sides = {meeting.request.a.role: meeting.request.a, meeting.request.b.role: meeting.request.b}
    buyer, absent = sides["buyer"], sides["seller"]
    absent_side = "a" if meeting.request.a_id == absent.pk else "b"
    # The day has come: this slot started twelve minutes ago; the buyer and a free seller are in.
    Slot.objects.filter(pk=meeting.slot_id).update(
        starts_at=timezone.now() - dt.timedelta(minutes=12), ends_at=timezone.now() + dt.timedelta(minutes=8)
    )
    in_slot = set(Seat.objects.filter(slot=meeting.slot, released=False).values_list("registration_id", flat=True))
    walk_in = next(seller for seller in sellers if seller.pk not in in_slot)
    for present in (buyer, walk_in):
        services.registration_check_in(registration=present, by=officer)

    page.goto(f"{en}/staff/{event.slug}/day/?slot={meeting.slot_id}#meetings")
    row = page.locator("tr", has_text=buyer.organisation.name).filter(has_text=absent.organisation.name)
    clicks.click(row.locator("summary", has_text="No-show"))
    clicks.click(row.get_by_label(absent.organisation.name, exact=True))
    clicks.click(row.get_by_role("button", name="Record the no-show"))
    expect(page.get_by_text(f"{absent.organisation.name} did not come")).to_be_visible()
    meeting.refresh_from_db()
    assert (meeting.status, meeting.absent) == (MeetingStatus.NO_SHOW, absent_side)
    assert Seat.objects.get(meeting=meeting, registration=absent).released
    assert not Seat.objects.get(meeting=meeting, registration=buyer).released

    page.goto(f"{en}/staff/{event.slug}/day/?slot={meeting.slot_id}#walk-in")
    form = page.locator("form", has=page.get_by_role("button", name="Arrange the meeting"))
    form.get_by_label("Buyer").select_option(str(buyer.pk))
    form.get_by_label("Seller").select_option(str(walk_in.pk))
    form.get_by_label("Time").select_option(str(meeting.slot_id))
    form.get_by_label("Table").select_option(str(meeting.table_id))
    clicks.click(form.get_by_role("button", name="Arrange the meeting"))
    expect(page.get_by_text("The walk-in meeting is on both agendas")).to_be_visible()
    new = Meeting.objects.get(event=event, source=MeetingSource.WALK_IN)
    assert (new.slot_id, new.table_id) == (meeting.slot_id, meeting.table_id)
    assert {seat.registration_id for seat in new.seats.all()} == {buyer.pk, walk_in.pk}

    total = sum(clicks.by_phase.values())
    print(
        f"\nclicks by phase: {clicks.by_phase}; total {total}; import of 300 rows in the worker: "
        f"{import_seconds:.1f} s; progress bar seen: {progress_seen}"
    )
    assert page.console_errors == []
