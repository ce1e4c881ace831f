"""The organiser's desk for a large event: bulk approval, and no one-click accidents (closing the
event, releasing a participant's meetings) without a confirmation step."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from chumchon.accounts.models import AuditEntry
from chumchon.matching import services
from chumchon.matching.models import EventStatus, MeetingStatus, Registration, RegistrationStatus
from chumchon.matching.tests.agenda_helpers import meeting_between
from chumchon.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Pages under /en/; one test reads the Thai page."""
    with translation.override("en"):
        yield


def test_it_approves_24_pending_registrations_in_one_request_and_tells_each(client, event, officer, make_participant):
    pending = [make_participant(event, "seller" if n % 2 else "buyer", approve=False) for n in range(24)]
    approved_before = make_participant(event, "buyer")
    client.force_login(officer)
    page = client.get(reverse("matching:manage", kwargs={"slug": event.slug})).content.decode()
    assert "Approve all 24 waiting registrations on this page" in page
    # A tick box beside each registration (the approved one can be ticked to be messaged) ...
    assert page.count('form="bulk-approve"') == 25

    url = reverse("matching:registrations_approve", kwargs={"slug": event.slug})
    response = client.post(url, {"scope": "page", "page": [r.pk for r in pending]}, follow=True)

    assert "24 registrations were approved." in response.content.decode()
    assert event.registrations.filter(status=RegistrationStatus.APPROVED).count() == 25
    told = Notification.objects.filter(detail="registration_approved")
    assert set(told.values_list("recipient", flat=True)) >= {r.person.pk for r in pending}
    assert told.filter(recipient=approved_before.person).count() == 1  # not told twice
    assert AuditEntry.objects.filter(action="matching.registration_approve").count() == 25


def test_it_approves_only_the_ticked_registrations(client, event, officer, make_participant):
    first, second, third = (make_participant(event, "buyer", approve=False) for _ in range(3))
    client.force_login(officer)
    url = reverse("matching:registrations_approve", kwargs={"slug": event.slug})
    # The page's list is sent too, but without "approve all" only the ticked ones count.
    client.post(url, {"registration": [first.pk, third.pk], "page": [first.pk, second.pk, third.pk]})
    statuses = {r.pk: r.status for r in event.registrations.all()}
    assert (statuses[first.pk], statuses[second.pk], statuses[third.pk]) == ("approved", "pending", "approved")


def test_it_hides_bulk_approval_from_non_officers(client, event, make_participant):
    pending = make_participant(event, "buyer", approve=False)
    participant = make_participant(event, "seller")
    client.force_login(participant.person)
    url = reverse("matching:registrations_approve", kwargs={"slug": event.slug})
    assert client.post(url, {"registration": [pending.pk]}).status_code == 404
    pending.refresh_from_db()
    assert pending.status == RegistrationStatus.PENDING


def test_a_full_role_refuses_the_whole_batch(make_event, officer, make_participant):
    event = make_event(buyer_cap=3)
    for _ in range(3):
        make_participant(event, "buyer", approve=False)
    event.buyer_cap = 2
    event.save(update_fields=["buyer_cap"])
    with pytest.raises(ValidationError):
        services.registrations_approve(registrations=list(event.registrations.all()), by=officer)
    assert not event.registrations.filter(status=RegistrationStatus.APPROVED).exists()


def test_closing_the_event_asks_first_and_an_officer_can_reopen_it(client, event, officer):
    client.force_login(officer)
    close = reverse("matching:event_status", kwargs={"slug": event.slug, "action": "close"})
    desk = reverse("matching:manage", kwargs={"slug": event.slug})
    assert 'name="confirm" value="1"' in client.get(desk).content.decode()

    response = client.post(close)  # a single click: only the question
    assert response.status_code == 200
    assert "Close the event?" in response.content.decode()
    event.refresh_from_db()
    assert event.status == EventStatus.OPEN

    client.post(close, {"confirm": "1"})
    event.refresh_from_db()
    assert event.status == EventStatus.CLOSED
    page = client.get(desk).content.decode()
    assert "Reopen the event" in page

    client.post(reverse("matching:event_status", kwargs={"slug": event.slug, "action": "reopen"}))
    event.refresh_from_db()
    assert event.status == EventStatus.OPEN
    assert AuditEntry.objects.filter(action="matching.event_reopen", actor=officer).exists()
    with pytest.raises(ValidationError):
        services.event_reopen(event=event, by=officer)  # only a closed event


def test_reopening_keeps_published_agendas_published(event, officer):
    event.published_at = timezone.now()
    event.status = EventStatus.CLOSED
    event.save(update_fields=["published_at", "status"])
    assert services.event_reopen(event=event, by=officer).status == EventStatus.PUBLISHED


def _under_way(meeting, minutes=12):
    """Move the meeting's slot so that it began `minutes` ago (past the no-show grace)."""
    now = timezone.now()
    type(meeting.slot).objects.filter(pk=meeting.slot_id).update(
        starts_at=now - dt.timedelta(minutes=minutes), ends_at=now + dt.timedelta(minutes=20 - minutes)
    )
    meeting.refresh_from_db()


def test_releasing_asks_first_and_is_offered_only_beside_the_absent_side(client, event, officer, make_participant):
    buyer = make_participant(event, "buyer", name="Lanna Travel Co")
    seller = make_participant(event, "seller", name="Ban Chiang Potters")
    services.registration_check_in(registration=seller, by=officer)
    meeting = meeting_between(event, buyer, seller, slot=0, table=0)
    _under_way(meeting)
    client.force_login(officer)
    day = reverse("matching:day", kwargs={"slug": event.slug}) + f"?slot={meeting.slot_id}"
    release_buyer = reverse("matching:day_release", kwargs={"slug": event.slug, "pk": buyer.pk})
    release_seller = reverse("matching:day_release", kwargs={"slug": event.slug, "pk": seller.pk})

    page = client.get(day).content.decode()
    assert release_buyer in page
    assert release_seller not in page  # the seller is here: no button beside them

    response = client.post(release_buyer)  # a single click: only the question
    assert response.status_code == 200
    assert "Release the meetings of Lanna Travel Co?" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED

    client.post(release_buyer, {"confirm": "1"})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.NO_SHOW


def test_a_no_show_meeting_offers_release_only_for_the_side_not_checked_in(client, event, officer, make_participant):
    buyer = make_participant(event, "buyer")
    seller = make_participant(event, "seller")
    services.registration_check_in(registration=buyer, by=officer)
    meeting = meeting_between(event, buyer, seller, slot=0, table=0)
    _under_way(meeting, minutes=5)
    absent = "a" if meeting.request.a_id == seller.pk else "b"
    services.meeting_mark(meeting=meeting, status=MeetingStatus.NO_SHOW, absent=absent, by=officer)
    later = meeting_between(event, buyer, make_participant(event, "seller"), slot=3, table=1)
    client.force_login(officer)
    page = client.get(reverse("matching:day", kwargs={"slug": event.slug}) + f"?slot={meeting.slot_id}")
    html = page.content.decode()
    assert reverse("matching:day_release", kwargs={"slug": event.slug, "pk": seller.pk}) in html
    assert reverse("matching:day_release", kwargs={"slug": event.slug, "pk": buyer.pk}) not in html
    # Even a hand-made request cannot release the meetings of someone who checked in.
    client.post(reverse("matching:day_release", kwargs={"slug": event.slug, "pk": buyer.pk}), {"confirm": "1"})
    later.refresh_from_db()
    assert later.status == MeetingStatus.SCHEDULED
    with pytest.raises(ValidationError, match="has checked in"):
        services.registration_release_meetings(registration=buyer, by=officer)


def test_the_open_status_reads_open_for_registration_in_thai(client, event, officer):
    client.force_login(officer)
    with translation.override("th"):
        page = client.get(reverse("matching:manage", kwargs={"slug": event.slug})).content.decode()
        question = client.post(reverse("matching:event_status", kwargs={"slug": event.slug, "action": "close"}))
    assert "เปิดรับลงทะเบียน" in page
    assert "ยังไม่เสร็จ" not in page
    assert "ปิดงานนี้หรือไม่" in question.content.decode()  # the confirmation step, in Thai too


# --- No destructive action without its confirmation step --------------------------------------

#: Every POST of the matching pages that takes something away (url name, action): closing the event,
#: releasing a participant's meetings, rejecting one registration or many, removing a session, a
#: participant cancelling their registration or withdrawing a request, cancelling a group session,
#: admitting someone from the waiting list. (There is no "unpublish":
#: re-publishing is the only way to change published agendas.)
DESTRUCTIVE = [
    ("event_status", "close"),
    ("day_release", None),
    ("registration_decide", "reject"),
    ("registrations_reject", None),
    ("session_remove", None),
    ("registration_cancel", None),
    ("request_answer", "cancel"),
    ("group_cancel", None),
    ("waitlist_promote", None),
]


def _state(event):
    """Everything a destructive action could change, as one comparable value."""
    from chumchon.matching.models import Event, GroupSession, Meeting, MeetingRequest, Seat

    return (
        Event.objects.filter(pk=event.pk).values_list("status", flat=True).get(),
        event.sessions.count(),
        event.slots.count(),
        sorted(Registration.objects.filter(event=event).values_list("pk", "status")),
        sorted(MeetingRequest.objects.filter(event=event).values_list("pk", "status")),
        sorted(Meeting.objects.filter(event=event).values_list("pk", "status", "slot_id", "table_id")),
        sorted(Seat.objects.filter(meeting__event=event).values_list("pk", "released")),
        sorted(GroupSession.objects.filter(event=event).values_list("pk", "status")),
        Notification.objects.count(),
    )


def test_no_destructive_action_changes_anything_without_its_confirmation(client, event, officer, make_participant):
    buyer = make_participant(event, "buyer", name="Lanna Travel Co")
    seller = make_participant(event, "seller", name="Ban Chiang Potters")
    waiting = make_participant(event, "seller", approve=False)
    in_line = make_participant(event, "buyer", approve=False)
    Registration.objects.filter(pk=in_line.pk).update(status=RegistrationStatus.WAITLISTED)
    meeting = meeting_between(event, buyer, seller, slot=0, table=0)
    _under_way(meeting)
    slots, tables = list(event.slots.order_by("starts_at")), list(event.tables.order_by("pk"))
    group = services.group_create(
        event=event, slot=slots[-1], table=tables[-1], host=seller, title="Indigo dyeing", capacity=5, by=officer
    )
    slug = event.slug
    session = event.sessions.order_by("starts_at").last()
    cases: dict[tuple[str, str | None], tuple[Any, dict[str, Any], dict[str, Any]]] = {
        ("event_status", "close"): (officer, {"slug": slug, "action": "close"}, {}),
        ("day_release", None): (officer, {"slug": slug, "pk": buyer.pk}, {}),
        ("registration_decide", "reject"): (
            officer,
            {"slug": slug, "pk": waiting.pk, "action": "reject"},
            {"reason": "Not a tourism business"},
        ),
        ("registrations_reject", None): (
            officer,
            {"slug": slug},
            {"registration": [waiting.pk], "reason": "Not a tourism business"},
        ),
        ("session_remove", None): (officer, {"slug": slug, "pk": session.pk}, {}),
        ("registration_cancel", None): (buyer.person, {"slug": slug}, {}),
        ("request_answer", "cancel"): (buyer.person, {"slug": slug, "pk": meeting.request_id, "action": "cancel"}, {}),
        ("group_cancel", None): (officer, {"slug": slug, "pk": group.pk}, {}),
        ("waitlist_promote", None): (officer, {"slug": slug, "pk": in_line.pk}, {}),
    }
    assert set(cases) == set(DESTRUCTIVE)
    for (name, _action), (person, kwargs, data) in cases.items():
        client.force_login(person)
        before = _state(event)
        url = reverse(f"matching:{name}", kwargs=kwargs)
        response = client.post(url, data)
        assert response.status_code == 200, (name, response.status_code)
        page = response.content.decode()
        assert 'name="confirm" value="1"' in page and f'action="{url}"' in page, name
        for key, value in data.items():  # what was typed comes along to the confirmation
            for item in value if isinstance(value, list) else [value]:
                assert f'value="{item}"' in page, (name, key)
        assert _state(event) == before, f"{name} changed something without its confirmation"


def test_bulk_reject_asks_then_rejects_each_with_the_reason(client, event, officer, make_participant):
    pending = [make_participant(event, "buyer", approve=False) for _ in range(3)]
    client.force_login(officer)
    url = reverse("matching:registrations_reject", kwargs={"slug": event.slug})
    data = {"registration": [r.pk for r in pending[:2]], "reason": "Outside the region"}
    assert "Reject 2 registrations?" in client.post(url, data).content.decode()
    response = client.post(url, {**data, "confirm": "1"}, follow=True)
    assert "2 registrations were rejected." in response.content.decode()
    statuses = {r.pk: (r.status, r.rejection_reason) for r in event.registrations.all()}
    assert statuses[pending[0].pk] == ("rejected", "Outside the region")
    assert statuses[pending[2].pk] == ("pending", "")
    told = Notification.objects.filter(detail="registration_rejected").values_list("recipient", flat=True)
    assert set(told) == {pending[0].person.pk, pending[1].person.pk}


def test_the_organiser_messages_the_ticked_participants_only(client, event, officer, make_participant):
    chosen = [make_participant(event, "buyer") for _ in range(2)]
    other = make_participant(event, "seller")
    client.force_login(officer)
    url = reverse("matching:registrations_message", kwargs={"slug": event.slug})
    response = client.post(
        url, {"registration": [r.pk for r in chosen], "subject": "Parking", "body": "Use gate 2."}, follow=True
    )
    assert "Your message was sent to 2 participants." in response.content.decode()
    told = set(Notification.objects.filter(detail__startswith="announcement:").values_list("recipient", flat=True))
    assert told == {r.person.pk for r in chosen} and other.person.pk not in told
