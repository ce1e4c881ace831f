"""The day desk records who did not come and frees only that side's place; a meeting moved or
cancelled after the agendas were published shows as changed everywhere and both sides hear it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from chumchon.matching import selectors, services
from chumchon.matching.models import Meeting, MeetingSource, MeetingStatus, Seat
from chumchon.matching.tests.agenda_helpers import meeting_between
from chumchon.notifications.kinds import kind_of
from chumchon.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _under_way(meeting: Meeting, minutes: int = 12) -> None:
    now = timezone.now()
    type(meeting.slot).objects.filter(pk=meeting.slot_id).update(
        starts_at=now - dt.timedelta(minutes=minutes), ends_at=now + dt.timedelta(minutes=20 - minutes)
    )
    meeting.refresh_from_db()


def _side(meeting: Meeting, registration) -> str:
    return "a" if meeting.request.a_id == registration.pk else "b"


def test_the_desk_records_who_was_absent_and_a_walk_in_takes_only_that_place(client, event, officer, make_participant):
    buyer = make_participant(event, "buyer", name="Lanna Travel Co")
    seller = make_participant(event, "seller", name="Absent Weavers")
    walk_in = make_participant(event, "seller", name="Walk-in Potters")
    for present in (buyer, walk_in):
        services.registration_check_in(registration=present, by=officer)
    meeting = meeting_between(event, buyer, seller, slot=0, table=0)
    _under_way(meeting)
    # Before the no-show is recorded the buyer is busy in that slot and the table is taken.
    assert buyer not in selectors.free_in_slot(event, meeting.slot)

    client.force_login(officer)
    url = reverse("matching:day_meeting_mark", kwargs={"slug": event.slug, "pk": meeting.pk})
    client.post(url, {"status": "no_show"})  # who was absent is required
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED
    client.post(url, {"status": "no_show", "absent": _side(meeting, seller)})
    meeting.refresh_from_db()
    assert (meeting.status, meeting.absent) == (MeetingStatus.NO_SHOW, _side(meeting, seller))
    page = client.get(reverse("matching:day", kwargs={"slug": event.slug}) + f"?slot={meeting.slot_id}")
    assert "Absent Weavers did not come" in page.content.decode()
    # Only the absent side's seat is freed; the buyer who waited is now free for a walk-in ...
    assert Seat.objects.get(meeting=meeting, registration=seller).released
    assert not Seat.objects.get(meeting=meeting, registration=buyer).released
    assert buyer in selectors.free_in_slot(event, meeting.slot)
    # ... and the walk-in takes that time at the same table.
    new = services.meeting_walk_in(
        event=event, first=buyer, second=walk_in, slot=meeting.slot, table=meeting.table, by=officer
    )
    assert (new.source, new.table_id, new.slot_id) == (MeetingSource.WALK_IN, meeting.table_id, meeting.slot_id)
    agenda = {m.pk for m in Meeting.objects.of_registration(buyer)}
    assert {meeting.pk, new.pk} <= agenda  # the no-show stays on her agenda as a record
    # The no-show can no longer be undone: its time and table are taken.
    with pytest.raises(ValidationError, match="walk-in meeting has taken"):
        services.meeting_mark(meeting=meeting, status=MeetingStatus.HELD, by=officer)


def test_a_participant_says_the_other_side_did_not_come_but_never_one_who_checked_in(
    client, event, officer, make_participant
):
    buyer = make_participant(event, "buyer")
    seller = make_participant(event, "seller")
    meeting = meeting_between(event, buyer, seller, slot=0, table=0)
    _under_way(meeting)
    client.force_login(buyer.person)
    url = reverse("matching:agenda_meeting_mark", kwargs={"slug": event.slug, "pk": meeting.pk})
    client.post(url, {"status": "no_show", "absent": _side(meeting, buyer)})  # cannot name herself
    meeting.refresh_from_db()
    assert meeting.absent == _side(meeting, seller)
    assert Seat.objects.get(meeting=meeting, registration=seller).released
    # Undo: both seats hold the slot again.
    services.meeting_mark(meeting=meeting, status=MeetingStatus.HELD, by=buyer.person)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.absent) == (MeetingStatus.HELD, "")
    assert not Seat.objects.filter(meeting=meeting, released=True).exists()
    # The seller checked in: the buyer's click cannot mark her absent.
    services.registration_check_in(registration=seller, by=officer)
    with pytest.raises(ValidationError, match="has checked in"):
        services.meeting_mark(meeting=meeting, status=MeetingStatus.NO_SHOW, by=buyer.person)


def test_a_meeting_moved_after_publishing_is_marked_on_both_agendas_and_both_sides_hear_where(
    client, event, officer, make_participant
):
    buyer = make_participant(event, "buyer", name="Lanna Travel Co")
    seller = make_participant(event, "seller", name="Ban Chiang Potters")
    meeting = meeting_between(event, buyer, seller, slot=0, table=0)
    services.event_publish(event=event, by=officer)
    Notification.objects.all().delete()
    slot, table = list(event.slots.order_by("starts_at"))[1], list(event.tables.order_by("pk"))[1]

    services.meeting_move(meeting=meeting, slot=slot, table=table, by=officer)

    meeting.refresh_from_db()
    assert meeting.changed_at is not None and meeting.sequence == 1
    told = Notification.objects.filter(detail__startswith="meeting_moved")
    assert {n.recipient_id for n in told} == {buyer.person.pk, seller.person.pk}
    for notification in told:
        subject, text = kind_of(notification).words(notification)
        partner = "Ban Chiang Potters" if notification.recipient_id == buyer.person.pk else "Lanna Travel Co"
        assert subject == f"Your meeting with {partner} has moved"
        assert event.name in text and f"table {table.name}" in text
        assert timezone.localtime(slot.starts_at).strftime("%H:%M") in text
    for side in (buyer, seller):
        client.force_login(side.person)
        page = client.get(reverse("matching:agenda", kwargs={"slug": event.slug})).content.decode()
        assert "Changed" in page and "the time and place above are the new ones" in page
        ics = client.get(reverse("matching:agenda_ics", kwargs={"slug": event.slug})).content.decode()
        assert "SEQUENCE:1" in ics and "STATUS:CONFIRMED" in ics
    # Publishing again does not tell them a second time.
    services.event_publish(event=event, by=officer)
    assert Notification.objects.filter(detail="agenda_changed").count() == 0


def test_a_meeting_cancelled_after_publishing_stays_on_both_agendas_marked_cancelled(
    client, event, officer, make_participant
):
    buyer = make_participant(event, "buyer")
    seller = make_participant(event, "seller")
    meeting = meeting_between(event, buyer, seller, slot=0, table=0)
    services.event_publish(event=event, by=officer)
    services.request_cancel(meeting_request=meeting.request, by=buyer.person)
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.status == MeetingStatus.CANCELLED and meeting.sequence == 1
    client.force_login(seller.person)
    page = client.get(reverse("matching:agenda", kwargs={"slug": event.slug})).content.decode()
    assert "This meeting was cancelled after the agendas were published." in page
    ics = client.get(reverse("matching:agenda_ics", kwargs={"slug": event.slug})).content.decode()
    assert "STATUS:CANCELLED" in ics and "SEQUENCE:1" in ics
    # The slot is free again for both.
    assert not Seat.objects.filter(meeting=meeting, released=False).exists()


def test_the_reminder_names_the_partner_the_time_and_the_table(event, make_participant):
    buyer = make_participant(event, "buyer", name="Lanna Travel Co")
    seller = make_participant(event, "seller", name="Ban Chiang Potters")
    meeting = meeting_between(event, buyer, seller, slot=0, table=0)
    now = meeting.slot.starts_at - dt.timedelta(minutes=5)
    assert services.meetings_send_reminders(now=now) == 1
    notification = Notification.objects.get(detail__startswith="meeting_reminder", recipient=buyer.person)
    subject, text = kind_of(notification).words(notification)
    start = timezone.localtime(meeting.slot.starts_at).strftime("%H:%M")
    assert subject == f"Your meeting with Ban Chiang Potters starts at {start}"
    assert meeting.table is not None
    assert f"table {meeting.table.name}" in text and event.name in text


def test_in_self_scheduling_each_side_picks_a_time_free_for_both(client, make_event, make_participant):
    event = make_event(scheduling_mode="self", slug="self-2569", tables=2)
    buyer = make_participant(event, "buyer", name="Lanna Travel Co")
    seller = make_participant(event, "seller", name="Ban Chiang Potters")
    other = make_participant(event, "buyer", name="Busy Buyer")
    slots = list(event.slots.order_by("starts_at"))
    # The seller is already busy in the third slot with someone else.
    busy_request = services.request_send(sender=other, target=seller, by=other.person)
    if busy_request.status == "pending":
        services.request_accept(meeting_request=busy_request, by=seller.person, slot=slots[2])
    busy = Meeting.objects.get(request=busy_request)
    services.meeting_rebook(meeting=busy, slot=slots[2], by=seller.person)
    assert Meeting.objects.get(request=busy_request).slot_id == slots[2].pk
    meeting_request = services.request_send(sender=buyer, target=seller, by=buyer.person)

    client.force_login(seller.person)
    page = client.get(reverse("matching:requests", kwargs={"slug": event.slug})).content.decode()
    assert "Time free for both of you" in page
    choice = page.split(f'id="slot-{meeting_request.pk}"', 1)[1].split("</select>", 1)[0]
    assert f'<option value="{slots[2].pk}">' not in choice and f'<option value="{slots[3].pk}">' in choice
    answer = reverse(
        "matching:request_answer", kwargs={"slug": event.slug, "pk": meeting_request.pk, "action": "accept"}
    )
    response = client.post(answer, {"slot": slots[2].pk}, follow=True)  # taken: refused, nothing changes
    assert "not free for both of you" in response.content.decode()
    meeting_request.refresh_from_db()
    assert meeting_request.status == "pending"
    client.post(answer, {"slot": slots[3].pk})
    meeting = Meeting.objects.get(request=meeting_request)
    assert meeting.slot_id == slots[3].pk

    # The buyer moves it to another common time; the seller hears it.
    client.force_login(buyer.person)
    rebook = reverse("matching:meeting_rebook", kwargs={"slug": event.slug, "pk": meeting_request.pk})
    client.post(rebook, {"slot": slots[2].pk})  # the seller is busy then
    meeting.refresh_from_db()
    assert meeting.slot_id == slots[3].pk
    client.post(rebook, {"slot": slots[5].pk})
    meeting.refresh_from_db()
    assert meeting.slot_id == slots[5].pk
    told = Notification.objects.filter(detail=f"meeting_moved:{meeting.pk}").values_list("recipient", flat=True)
    assert set(told) == {seller.person.pk}
    # Someone else's request is a 404.
    client.force_login(other.person)
    assert client.post(rebook, {"slot": slots[6].pk}).status_code == 404
