"""On a phone (360 px), a standby participant is offered a freed meeting and takes it in one tap."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chumchon.matching import services
from chumchon.matching.models import Meeting, MeetingSource, MeetingStatus
from chumchon.matching.tests.agenda_helpers import meeting_between
from chumchon.matching.tests.test_optimise_browser import sign_in
from chumchon.notifications.models import Notification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_standby_participant_takes_a_freed_meeting_from_a_phone(
    page, live_server, places_data, officer, make_event, make_participant
):
    event = make_event(slug="standby-day")
    buyer = make_participant(event, "buyer", name="Lanna Travel Co")
    absent = make_participant(event, "seller", name="Absent Weavers")
    standby = make_participant(event, "seller", name="Quick Potters")
    for registration in (buyer, standby):
        services.registration_check_in(registration=registration, by=officer)
    site, en = live_server.url, f"{live_server.url}/en/matching/{event.slug}"
    sign_in(page, site, standby.person.email)

    page.goto(f"{en}/agenda/")
    page.get_by_role("button", name="Put me on standby").click()
    expect(page.get_by_text("You are on standby.", exact=True)).to_be_visible()

    meeting = meeting_between(event, buyer, absent, slot=0, table=0)
    now = timezone.now()
    type(meeting.slot).objects.filter(pk=meeting.slot_id).update(
        starts_at=now - dt.timedelta(minutes=5), ends_at=now + dt.timedelta(minutes=15)
    )
    side = "a" if meeting.request.a_id == absent.pk else "b"
    services.meeting_mark(meeting=meeting, status=MeetingStatus.NO_SHOW, absent=side, by=officer)

    link = Notification.objects.get(recipient=standby.person, detail__startswith="standby_offer:").link
    page.goto(site + "/en" + link.removeprefix("/en"))
    expect(page.get_by_role("heading", name="Lanna Travel Co")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
    page.get_by_role("button", name="Take this meeting").click()
    page.wait_for_url("**/agenda/")
    expect(page.get_by_text("The meeting is yours")).to_be_visible()
    expect(page.locator(".agenda-item", has_text="Lanna Travel Co")).to_be_visible()
    assert Meeting.objects.filter(source=MeetingSource.WALK_IN, event=event).count() == 1
    assert page.console_errors == []
