"""On the day: check-in by QR code, reminders, no-shows, releasing meetings and walk-ins."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from chumchon.matching import agendas, services
from chumchon.matching.models import Meeting, MeetingSource, MeetingStatus, RequestStatus, Seat
from chumchon.matching.tests.agenda_helpers import meeting_between
from chumchon.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages asserted in English (pages under /en/); one test checks the Thai words."""
    with translation.override("en"):
        yield


@pytest.fixture
def people(event, make_participant):
    buyer = make_participant(event, "buyer", name="Lanna Travel Co")
    seller = make_participant(event, "seller", name="Ban Chiang Potters")
    return buyer, seller


def checkin_path(registration):
    return agendas.checkin_url(registration)


def test_it_encodes_the_officer_check_in_address_in_the_participants_qr_code(event, people):
    buyer, _seller = people
    with translation.override("th"):
        path = checkin_path(buyer)
    assert path == f"/matching/staff/{event.slug}/checkin/{buyer.checkin_token}/"
    assert "<svg" in agendas.checkin_qr_svg(buyer)


def test_it_checks_in_by_the_qr_address_once_and_says_when(client, event, people, officer):
    buyer, _seller = people
    client.force_login(officer)
    page = client.get(checkin_path(buyer)).content.decode()
    assert "Lanna Travel Co" in page and "checkin-button" in page
    client.post(checkin_path(buyer))
    buyer.refresh_from_db()
    first = buyer.checked_in_at
    assert first is not None
    response = client.post(checkin_path(buyer), follow=True)
    buyer.refresh_from_db()
    assert buyer.checked_in_at == first  # idempotent
    html = response.content.decode()
    assert "checkin-button" not in html
    assert timezone.localtime(first).strftime("%H:%M") in html  # "already checked in at …"


def test_it_lets_only_officers_check_in(client, event, people):
    buyer, seller = people
    for person in (buyer.person, seller.person):  # not even the participant themself
        client.force_login(person)
        assert client.get(checkin_path(buyer)).status_code == 404
        assert client.post(checkin_path(buyer)).status_code == 404
    buyer.refresh_from_db()
    assert buyer.checked_in_at is None
    client.logout()
    assert client.post(checkin_path(buyer)).status_code == 302  # sent to sign in
    with pytest.raises(ValidationError):
        services.registration_check_in(registration=buyer, by=seller.person)


def test_it_404s_a_check_in_token_of_another_event(client, make_event, event, people, officer):
    buyer, _seller = people
    other = make_event(slug="other-event")
    client.force_login(officer)
    url = reverse("matching:checkin", kwargs={"slug": other.slug, "token": buyer.checkin_token})
    assert client.get(url).status_code == 404


def test_it_finds_participants_by_name_at_the_desk_and_checks_them_in(client, event, people, officer):
    _buyer, seller = people
    client.force_login(officer)
    url = reverse("matching:day", kwargs={"slug": event.slug})
    html = client.get(url, {"q": "Potters"}).content.decode()
    assert "Ban Chiang Potters" in html and "Lanna Travel Co" not in html
    response = client.post(checkin_path(seller), {"next": "day"})
    assert response.status_code == 302 and response["Location"].startswith(url)
    seller.refresh_from_db()
    assert seller.checked_in_at is not None


def test_it_sends_reminders_once_and_only_inside_the_window(event, people):
    buyer, seller = people
    meeting = meeting_between(event, buyer, seller, slot=0, table=0)
    start = meeting.slot.starts_at  # reminder_minutes is 10
    assert services.meetings_send_reminders(now=start - dt.timedelta(minutes=11)) == 0
    assert not Notification.objects.filter(detail__startswith="meeting_reminder").exists()
    assert services.meetings_send_reminders(now=start - dt.timedelta(minutes=9)) == 1
    assert services.meetings_send_reminders(now=start - dt.timedelta(minutes=5)) == 0  # once
    reminded = Notification.objects.filter(detail__startswith="meeting_reminder")
    assert set(reminded.values_list("recipient", flat=True)) == {buyer.person.pk, seller.person.pk}
    assert reminded.count() == 2
    meeting.refresh_from_db()
    assert meeting.reminded_at is not None


def test_it_does_not_remind_of_meetings_already_begun_or_cancelled(event, people, make_participant):
    buyer, seller = people
    begun = meeting_between(event, buyer, seller, slot=0, table=0)
    other = make_participant(event, "seller")
    cancelled = meeting_between(event, buyer, other, slot=1, table=0)
    services.meeting_cancel(meeting=cancelled)
    assert services.meetings_send_reminders(now=begun.slot.starts_at + dt.timedelta(minutes=1)) == 0
    assert services.meetings_send_reminders(now=cancelled.slot.starts_at - dt.timedelta(minutes=5)) == 0


def test_it_runs_the_reminders_from_the_command(event, people):
    out = io.StringIO()
    call_command("matching_send_reminders", stdout=out)
    assert "0 meeting reminder(s) sent" in out.getvalue()


def _begin(meeting):
    """Move the meeting's slot to the past, so it can be marked."""
    now = timezone.now()
    type(meeting.slot).objects.filter(pk=meeting.slot_id).update(
        starts_at=now - dt.timedelta(minutes=30), ends_at=now - dt.timedelta(minutes=10)
    )
    meeting.refresh_from_db()


def test_it_lets_either_participant_or_an_officer_mark_a_meeting_held_or_no_show(
    client, event, people, officer, make_participant
):
    buyer, seller = people
    meeting = meeting_between(event, buyer, seller, slot=0, table=0)
    with pytest.raises(ValidationError, match="not started"):
        services.meeting_mark(meeting=meeting, status="held", by=buyer.person)
    _begin(meeting)
    client.force_login(seller.person)
    client.post(
        reverse("matching:agenda_meeting_mark", kwargs={"slug": event.slug, "pk": meeting.pk}), {"status": "held"}
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    client.force_login(officer)
    client.post(
        reverse("matching:day_meeting_mark", kwargs={"slug": event.slug, "pk": meeting.pk}),
        {"status": "no_show", "absent": "a"},
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.NO_SHOW
    day_url = reverse("matching:day_meeting_mark", kwargs={"slug": event.slug, "pk": meeting.pk})
    assert client.get(day_url).status_code == 405  # a link or a prefetch never marks a meeting
    stranger = make_participant(event, "buyer")
    client.force_login(stranger.person)
    assert client.post(day_url, {"status": "held"}).status_code == 404  # the officers' day page is theirs
    client.logout()
    assert client.post(day_url, {"status": "held"}).status_code == 302  # sent to sign in
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.NO_SHOW
    client.force_login(stranger.person)
    url = reverse("matching:agenda_meeting_mark", kwargs={"slug": event.slug, "pk": meeting.pk})
    assert client.post(url, {"status": "held"}).status_code == 404  # not their meeting
    with pytest.raises(ValidationError):
        services.meeting_mark(meeting=meeting, status="held", by=stranger.person)
    with pytest.raises(ValidationError):
        services.meeting_mark(meeting=meeting, status="cancelled", by=officer)


def test_it_releases_the_remaining_meetings_of_a_no_show_and_tells_the_partners(
    event, people, officer, make_participant
):
    buyer, seller = people
    second = make_participant(event, "seller")
    under_way = meeting_between(event, buyer, seller, slot=0, table=0)
    later = meeting_between(event, buyer, second, slot=2, table=1)
    now = under_way.slot.starts_at + dt.timedelta(minutes=12)
    released = services.registration_release_meetings(registration=buyer, by=officer, now=now)
    assert {m.pk for m in released} == {under_way.pk, later.pk}
    under_way.refresh_from_db()
    later.refresh_from_db()
    assert under_way.status == MeetingStatus.NO_SHOW
    assert later.status == MeetingStatus.CANCELLED
    # their slots are free: the cancelled meeting's seats are gone, and the no-show's seat of the
    # one who waited no longer counts (she is offered a walk-in)
    assert not Seat.objects.filter(registration=second).exists()
    assert under_way.absent == ("a" if under_way.request.a_id == buyer.pk else "b")
    assert not Seat.objects.filter(registration=buyer, slot=under_way.slot, released=False).exists()
    told = set(Notification.objects.filter(detail="agenda_changed").values_list("recipient", flat=True))
    assert {seller.person.pk, second.person.pk} <= told
    with pytest.raises(ValidationError):
        services.registration_release_meetings(registration=seller, by=seller.person, now=now)


def test_it_lists_checked_in_standby_participants_free_in_a_slot(event, people, officer, make_participant):
    buyer, seller = people
    standby = make_participant(event, "seller", name="Standby Weavers", standby=True)
    absent = make_participant(event, "seller", name="Absent Weavers", standby=True)
    for registration in (buyer, seller, standby):
        services.registration_check_in(registration=registration, by=officer)
    meeting = meeting_between(event, buyer, seller, slot=0, table=0)
    from chumchon.matching import selectors

    assert list(selectors.free_in_slot(event, meeting.slot, standby_only=True)) == [standby]
    assert absent not in selectors.free_in_slot(event, meeting.slot)


def test_it_arranges_a_walk_in_meeting_and_refuses_conflicts(client, event, people, officer, make_participant):
    buyer, seller = people
    walker = make_participant(event, "seller", name="Walk-in Weavers")
    late = make_participant(event, "seller", name="Late Weavers")
    for registration in (buyer, seller, walker):
        services.registration_check_in(registration=registration, by=officer)
    slot = event.slots.order_by("starts_at")[3]
    table = event.tables.order_by("pk")[0]
    meeting_between(event, buyer, seller, slot=3, table=1)
    client.force_login(officer)
    url = reverse("matching:day_walk_in", kwargs={"slug": event.slug})

    # The buyer already has a meeting in that slot: refused, with a message.
    response = client.post(
        url, {"first": buyer.pk, "second": walker.pk, "slot": slot.pk, "table": table.pk}, follow=True
    )
    assert "already has a meeting then" in response.content.decode()
    # Not checked in: refused.
    with pytest.raises(ValidationError, match="not checked in"):
        services.meeting_walk_in(event=event, first=buyer, second=late, slot=slot, table=table, by=officer)

    free_slot = event.slots.order_by("starts_at")[4]
    meeting_between(event, make_participant(event, "buyer"), make_participant(event, "seller"), slot=4, table=0)
    with pytest.raises(ValidationError, match="already taken"):  # table 0 is busy then
        services.meeting_walk_in(event=event, first=buyer, second=walker, slot=free_slot, table=table, by=officer)

    response = client.post(
        url, {"first": buyer.pk, "second": walker.pk, "slot": free_slot.pk, "table": event.tables.order_by("pk")[2].pk}
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(source=MeetingSource.WALK_IN)
    assert meeting.slot == free_slot
    assert meeting.request.status == RequestStatus.ACCEPTED
    told = set(Notification.objects.filter(detail__startswith="walk_in").values_list("recipient", flat=True))
    assert told == {buyer.person.pk, walker.person.pk}
    with pytest.raises(ValidationError, match="already have a meeting"):
        services.meeting_walk_in(
            event=event, first=buyer, second=walker, slot=event.slots.order_by("starts_at")[5], table=table, by=officer
        )
    with pytest.raises(ValidationError):
        services.meeting_walk_in(event=event, first=buyer, second=walker, slot=free_slot, table=table, by=buyer.person)


def test_it_shows_the_desk_to_officers_only(client, event, people, officer):
    buyer, seller = people
    meeting_between(event, buyer, seller, slot=0, table=0)
    url = reverse("matching:day", kwargs={"slug": event.slug})
    client.force_login(buyer.person)
    assert client.get(url).status_code == 404
    client.force_login(officer)
    html = client.get(url, {"slot": event.slots.order_by("starts_at")[0].pk}).content.decode()
    assert "Lanna Travel Co" in html and "Ban Chiang Potters" in html
    assert 'id="walk-in"' in html


def test_it_explains_a_refused_walk_in_in_thai(event, people, officer, make_participant):
    buyer, seller = people
    walker = make_participant(event, "seller")
    for registration in (buyer, seller, walker):
        services.registration_check_in(registration=registration, by=officer)
    meeting = meeting_between(event, buyer, seller, slot=3, table=1)
    with translation.override("th"), pytest.raises(ValidationError) as refused:
        services.meeting_walk_in(
            event=event, first=buyer, second=walker, slot=meeting.slot, table=event.tables.first(), by=officer
        )
    assert refused.value.messages == [f"{buyer.organisation} มีนัดในช่วงเวลานั้นแล้ว"]


def test_it_shows_the_desk_and_table_sheets_in_the_same_number_of_queries_whatever_the_crowd(
    client, event, officer, make_participant
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n, start=0):
        for index in range(start, start + n):
            buyer = make_participant(event, "buyer", standby=True)
            seller = make_participant(event, "seller", standby=True)
            services.registration_check_in(registration=buyer, by=officer)
            meeting_between(event, buyer, seller, slot=0, table=index)

    client.force_login(officer)
    slot = event.slots.order_by("starts_at")[0].pk
    urls = [
        reverse("matching:day", kwargs={"slug": event.slug}) + f"?slot={slot}",
        reverse("matching:table_sheets", kwargs={"slug": event.slug}),
    ]
    add(1)
    counts = []
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts.append(len(queries))
    add(3, start=1)
    for url, before in zip(urls, counts, strict=True):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) == before, url
