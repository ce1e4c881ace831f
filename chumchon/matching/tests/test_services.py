"""Event setup, registration and meeting requests, through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from chumchon.matching import services
from chumchon.matching.models import Meeting, MeetingRequest, RequestStatus, Seat
from chumchon.matching.services._common import _notify
from chumchon.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in English here; the Thai ones are checked on the pages."""
    with translation.override("en"):
        yield


def test_it_derives_the_slots_from_the_sessions_meeting_length_and_breaks(event):
    morning, afternoon = event.sessions.all()
    # 09:00–12:00 with 20 + 5 minutes: 09:00, 09:25 … 11:30 (ends 11:50); 11:55 would end at 12:15.
    assert morning.slots.count() == 7
    assert afternoon.slots.count() == 5  # 13:00 … 14:40, the last ends at 15:00
    first = timezone.localtime(morning.slots.first().starts_at)
    assert (first.hour, first.minute) == (9, 0)
    last = timezone.localtime(morning.slots.last().ends_at)
    assert (last.hour, last.minute) == (11, 50)


def test_it_rebuilds_the_slots_when_the_meeting_length_changes(event, officer):
    services.event_update(event=event, by=officer, meeting_minutes=30, break_minutes=0)
    assert event.slots.count() == 6 + 4


def test_it_refuses_overlapping_sessions_and_sessions_shorter_than_a_meeting(event):
    with pytest.raises(ValidationError, match="overlaps"):
        services.event_add_session(
            event=event, date=dt.date(2026, 12, 10), starts_at=dt.time(11, 0), ends_at=dt.time(14, 0)
        )
    with pytest.raises(ValidationError, match="shorter"):
        services.event_add_session(
            event=event, date=dt.date(2026, 12, 11), starts_at=dt.time(9, 0), ends_at=dt.time(9, 10)
        )


def test_it_refuses_a_registration_for_an_organisation_one_does_not_belong_to(event, make_participant, bob):
    seller = make_participant(event, "seller")
    with pytest.raises(ValidationError, match="belong"):
        services.registration_create(event=event, organisation=seller.organisation, role="buyer", by=bob)


def test_it_enforces_the_cap_on_sellers(make_event, make_participant):
    event = make_event(seller_cap=1)
    make_participant(event, "seller")
    with pytest.raises(ValidationError, match="taken"):
        make_participant(event, "seller")


def test_it_refuses_registrations_after_the_window_closes(make_event, make_participant):
    event = make_event()
    event.registration_closes = timezone.now() - dt.timedelta(minutes=1)
    event.registration_opens = timezone.now() - dt.timedelta(days=2)
    event.save()
    with pytest.raises(ValidationError, match="closed"):
        make_participant(event, "buyer")


def test_it_merges_two_requests_between_the_same_pair_into_one_heavier_accepted_request(event, make_participant):
    buyer = make_participant(event, "buyer")
    seller = make_participant(event, "seller")
    first = services.request_send(sender=buyer, target=seller, by=buyer.person, priority=3)
    assert first.status == RequestStatus.PENDING
    second = services.request_send(sender=seller, target=buyer, by=seller.person, priority=2)
    assert second.pk == first.pk
    assert MeetingRequest.objects.count() == 1
    second.refresh_from_db()
    assert second.status == RequestStatus.ACCEPTED
    assert second.weight == 5
    assert second.mutual


def test_it_notifies_the_asked_side_through_the_direct_contact_notifier(event, make_participant):
    buyer = make_participant(event, "buyer")
    seller = make_participant(event, "seller")
    services.request_send(sender=buyer, target=seller, by=buyer.person)
    notification = Notification.objects.get(recipient=seller.person, detail="request_received")
    assert notification.link == f"/matching/{event.slug}/requests/"


def test_it_accepts_automatically_when_the_event_says_so(make_event, make_participant):
    event = make_event(request_mode="automatic")
    buyer = make_participant(event, "buyer")
    seller = make_participant(event, "seller")
    request = services.request_send(sender=buyer, target=seller, by=buyer.person)
    assert request.status == RequestStatus.ACCEPTED


def test_it_lets_only_the_asked_side_accept(event, make_participant):
    buyer = make_participant(event, "buyer")
    seller = make_participant(event, "seller")
    request = services.request_send(sender=buyer, target=seller, by=buyer.person)
    with pytest.raises(ValidationError, match="asked"):
        services.request_accept(meeting_request=request, by=buyer.person)
    assert services.request_accept(meeting_request=request, by=seller.person).status == RequestStatus.ACCEPTED


def test_it_enforces_the_per_participant_meeting_limit_on_acceptance_not_on_pending_requests(
    make_event, make_participant
):
    event = make_event(max_meetings=1)
    buyer = make_participant(event, "buyer")
    sellers = [make_participant(event, "seller") for _ in range(3)]
    pending = [services.request_send(sender=buyer, target=seller, by=buyer.person) for seller in sellers[:2]]
    services.request_accept(meeting_request=pending[0], by=sellers[0].person)
    with pytest.raises(ValidationError, match="most meetings"):
        services.request_accept(meeting_request=pending[1], by=sellers[1].person)
    with pytest.raises(ValidationError, match="most meetings"):
        services.request_send(sender=buyer, target=sellers[2], by=buyer.person)


def test_it_expires_unanswered_requests_after_the_deadline_so_they_block_nobody(make_event, make_participant):
    event = make_event(request_deadline=timezone.now() + dt.timedelta(days=1))
    buyer = make_participant(event, "buyer")
    seller = make_participant(event, "seller")
    request = services.request_send(sender=buyer, target=seller, by=buyer.person)
    assert services.requests_expire(event=event) == 0
    assert services.requests_expire(event=event, now=timezone.now() + dt.timedelta(days=2)) == 1
    request.refresh_from_db()
    assert request.status == RequestStatus.EXPIRED


def test_it_refuses_meetings_between_two_buyers(event, make_participant):
    one, two = make_participant(event, "buyer"), make_participant(event, "buyer")
    with pytest.raises(ValidationError, match="buyer and a seller"):
        services.request_send(sender=one, target=two, by=one.person)


def test_it_books_the_earliest_common_free_slot_and_a_table_in_self_scheduling(make_event, make_participant):
    event = make_event(scheduling_mode="self", tables=1)
    buyer = make_participant(event, "buyer")
    first_slot = event.slots.order_by("starts_at")[0]
    sellers = [make_participant(event, "seller") for _ in range(2)]
    sellers[1].unavailable_slots.add(first_slot)
    for seller in sellers:
        request = services.request_send(sender=buyer, target=seller, by=buyer.person)
        services.request_accept(meeting_request=request, by=seller.person)
    meetings = list(Meeting.objects.order_by("slot__starts_at"))
    assert len(meetings) == 2
    assert meetings[0].slot == first_slot
    assert meetings[1].slot != first_slot  # the buyer is busy in the first slot anyway
    assert {m.table.name for m in meetings if m.table} == {"T01"}
    assert all(m.table for m in meetings)
    assert Seat.objects.filter(registration=buyer).count() == 2


def test_it_meets_at_the_sellers_booth_without_using_a_table(make_event, make_participant):
    event = make_event(scheduling_mode="self", tables=0)
    buyer = make_participant(event, "buyer")
    seller = make_participant(event, "seller", booth="B-12")
    request = services.request_send(sender=buyer, target=seller, by=buyer.person)
    services.request_accept(meeting_request=request, by=seller.person)
    meeting = Meeting.objects.get()
    assert (meeting.booth, meeting.table) == ("B-12", None)


def test_it_refuses_a_double_booking_of_a_participant(make_event, make_participant):
    event = make_event(tables=3)
    buyer = make_participant(event, "buyer")
    sellers = [make_participant(event, "seller") for _ in range(2)]
    slot = event.slots.first()
    tables = list(event.tables.all())
    requests = []
    for seller in sellers:
        request = services.request_send(sender=buyer, target=seller, by=buyer.person)
        requests.append(services.request_accept(meeting_request=request, by=seller.person))
    services.meeting_place(meeting_request=requests[0], slot=slot, table=tables[0])
    with pytest.raises(ValidationError, match="already taken"):
        services.meeting_place(meeting_request=requests[1], slot=slot, table=tables[1])


def test_it_frees_the_slot_when_a_meeting_is_withdrawn(make_event, make_participant):
    event = make_event(scheduling_mode="self")
    buyer = make_participant(event, "buyer")
    seller = make_participant(event, "seller")
    request = services.request_send(sender=buyer, target=seller, by=buyer.person)
    services.request_accept(meeting_request=request, by=seller.person)
    services.request_cancel(meeting_request=request, by=buyer.person)
    assert Seat.objects.count() == 0
    assert Meeting.objects.get().status == "cancelled"


def test_it_turns_preferences_into_weighted_requests_and_honours_no_thanks(make_event, make_participant, officer):
    event = make_event(request_mode="preferences")
    buyer = make_participant(event, "buyer")
    s1, s2 = make_participant(event, "seller"), make_participant(event, "seller")
    services.preference_set(registration=buyer, target=s1, level=3, by=buyer.person)
    services.preference_set(registration=s1, target=buyer, level=1, by=s1.person)
    services.preference_set(registration=buyer, target=s2, level=3, by=buyer.person)
    services.preference_set(registration=s2, target=buyer, level=0, by=s2.person)
    assert services.event_requests_from_preferences(event=event, by=officer) == 1
    request = MeetingRequest.objects.get()
    assert {request.a_id, request.b_id} == {buyer.pk, s1.pk}
    assert request.weight == 4
    assert request.status == RequestStatus.ACCEPTED


def test_it_never_gives_an_organisation_two_meetings_with_the_same_partner(event, make_participant, bob):
    """Two representatives of one organisation act for one registration: the second request by a
    colleague is refused as a duplicate, not booked twice."""
    from chumchon.accounts.models import Membership

    buyer = make_participant(event, "buyer")
    Membership.objects.create(user=bob, organisation=buyer.organisation, role="member")
    seller = make_participant(event, "seller")
    services.request_send(sender=buyer, target=seller, by=buyer.person)
    with pytest.raises(ValidationError, match="already asked"):
        services.request_send(sender=buyer, target=seller, by=bob)


def test_it_respects_a_participant_who_turned_off_matching_notifications(
    event, make_participant, django_capture_on_commit_callbacks
):
    from django.core import mail

    from chumchon.notifications.services import preference_update

    buyer = make_participant(event, "buyer")
    sellers = [make_participant(event, "seller") for _ in range(2)]
    preference_update(user=sellers[1].person, on_matching=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for seller in sellers:
            services.request_send(sender=buyer, target=seller, by=buyer.person)
    assert [m.to for m in mail.outbox] == [[sellers[0].person.email]]
    # The in-app list still has it.
    assert Notification.objects.filter(recipient=sellers[1].person, detail="request_received").exists()


def test_it_tells_the_representatives_or_else_the_members_in_a_fixed_number_of_queries(
    event, make_participant, bob, django_assert_max_num_queries
):
    from chumchon.accounts.models import Membership
    from chumchon.accounts.tests.factories import UserFactory

    buyer = make_participant(event, "buyer")
    Membership.objects.create(user=bob, organisation=buyer.organisation, role="member")
    seller = make_participant(event, "seller")
    seller.representatives.clear()  # nobody named: every member of the organisation is told
    colleague = UserFactory.create(email="colleague@example.com")
    Membership.objects.create(user=colleague, organisation=seller.organisation, role="member")
    others = [make_participant(event, "seller") for _ in range(6)]
    Notification.objects.all().delete()

    def told(registrations):
        _notify(registrations=registrations, actor=None, detail="agenda_changed", link="/")
        return set(Notification.objects.values_list("recipient_id", flat=True))

    # bob is a member of the buyer's organisation but not its representative.
    assert told([buyer, seller]) == {buyer.person.pk, seller.person.pk, colleague.pk}
    Notification.objects.all().delete()
    # Two reads of who to tell, one insert, the preferences; the insert runs in a savepoint (2) so
    # that a failed notification never undoes the write that caused it.
    with django_assert_max_num_queries(7) as few:
        told([buyer, seller])
    Notification.objects.all().delete()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(told([buyer, seller, *others])) == 3 + 6
