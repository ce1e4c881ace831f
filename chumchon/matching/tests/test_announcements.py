"""The organiser writes to a group of participants; those with no meeting request are nudged once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from chumchon.matching import services
from chumchon.matching.models import Announcement
from chumchon.matching.tests.agenda_helpers import meeting_between
from chumchon.matching.tests.conftest import EVENT_DAY
from chumchon.notifications.kinds import kind_of
from chumchon.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_the_organiser_writes_to_those_with_no_meeting_yet_and_only_they_receive_it(
    client, event, officer, make_participant
):
    buyer = make_participant(event, "buyer", name="Lanna Travel Co")
    seller = make_participant(event, "seller", name="Ban Chiang Potters")
    idle = make_participant(event, "seller", name="Quiet Weavers")
    make_participant(event, "buyer", name="Not Yet Approved", approve=False)
    meeting_between(event, buyer, seller)
    client.force_login(officer)
    url = reverse("matching:announce", kwargs={"slug": event.slug})
    page = client.get(url).content.decode()
    assert "Those with no meeting yet" in page and "(1 participant)" in page and "(3 participants)" in page

    response = client.post(url, {"audience": "no_meetings", "subject": "Tables open", "body": "Come to desk 2."})
    assert response.status_code == 302
    told = Notification.objects.filter(detail__startswith="announcement")
    assert {n.recipient_id for n in told} == {idle.person.pk}
    subject, text = kind_of(told.get()).words(told.get())
    assert subject == f"{event.name}: Tables open" and "Come to desk 2." in text
    assert "Tables open" in client.get(url).content.decode()  # listed as sent


def test_an_announcement_without_words_or_to_nobody_is_refused_and_nothing_is_sent(
    client, event, officer, make_participant
):
    make_participant(event, "buyer")
    client.force_login(officer)
    url = reverse("matching:announce", kwargs={"slug": event.slug})
    empty = client.post(url, {"audience": "all", "subject": " ", "body": "Hello"})
    assert empty.status_code == 400 and "This field is required." in empty.content.decode()
    nobody = client.post(url, {"audience": "sellers", "subject": "Hi", "body": "Hello"})
    assert nobody.status_code == 400 and "Nobody is in this group yet" in nobody.content.decode()
    assert not Announcement.objects.exists() and not Notification.objects.filter(detail__startswith="announce").exists()
    # Participants and strangers cannot reach the page.
    participant = make_participant(event, "seller")
    client.force_login(participant.person)
    assert client.get(url).status_code == 404


def test_participants_with_no_request_are_nudged_once_a_few_days_before(event, make_participant):
    buyer = make_participant(event, "buyer")
    seller = make_participant(event, "seller")
    idle = make_participant(event, "seller", name="Quiet Weavers")
    services.request_send(sender=buyer, target=seller, by=buyer.person)
    too_early = timezone.make_aware(dt.datetime.combine(EVENT_DAY - dt.timedelta(days=12), dt.time(9)))
    assert services.registrations_nudge(now=too_early) == 0
    in_time = timezone.make_aware(dt.datetime.combine(EVENT_DAY - dt.timedelta(days=3), dt.time(9)))
    assert services.registrations_nudge(now=in_time) == 1
    assert services.registrations_nudge(now=in_time + dt.timedelta(days=1)) == 0  # once only
    nudge = Notification.objects.get(detail__startswith="nudge")
    assert nudge.recipient_id == idle.person.pk
    subject, _text = kind_of(nudge).words(nudge)
    assert subject == f"No meetings yet at {event.name}"
