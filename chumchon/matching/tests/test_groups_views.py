"""Group sessions on the pages and in the API: officers set up and cancel (after confirming),
participants join and leave with one click; someone else's membership or event is a 404."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from chumchon.matching import services
from chumchon.matching.models import GroupGuest, GroupSession, GroupSessionStatus
from chumchon.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def host(event, make_participant):
    return make_participant(event, "seller", name="Ban Na Weavers")


@pytest.fixture
def group(event, host, officer):
    return services.group_create(
        event=event,
        slot=event.slots.order_by("starts_at").first(),
        table=event.tables.order_by("pk").first(),
        host=host,
        title="Weaving demo",
        capacity=2,
        by=officer,
    )


def url(name, event, *, language="en", **kwargs):
    """The page's address in English (Thai, the default, when `language="th"`)."""
    with translation.override(language):
        return reverse(f"matching:{name}", kwargs={"slug": event.slug, **kwargs})


def test_an_officer_sets_up_a_group_from_the_desk(client, event, host, officer):
    client.force_login(officer)
    page = client.get(url("group_desk", event))
    assert page.status_code == 200
    slot = event.slots.order_by("starts_at").first()
    data = {"title": "Tour briefing", "host": host.pk, "slot": slot.pk, "table": event.tables.first().pk, "capacity": 5}
    response = client.post(url("group_desk", event), data, follow=True)
    assert "Tour briefing" in response.content.decode()
    group = GroupSession.objects.get(title="Tour briefing")
    assert group.capacity == 5 and group.host == host
    response = client.post(url("group_desk", event), {**data, "title": "Clash"}, follow=True)
    assert "already in a group session" in response.content.decode()


def test_the_table_sheets_show_the_group(client, event, group, officer):
    client.force_login(officer)
    page = client.get(url("table_sheets", event)).content.decode()
    assert "Group session “Weaving demo”, hosted by Ban Na Weavers (0 of 2 places taken)" in page


def test_participants_and_visitors_cannot_reach_the_desk(client, event, host, group):
    client.force_login(host.person)
    assert client.get(url("group_desk", event)).status_code == 404
    assert client.post(url("group_cancel", event, pk=group.pk), {"confirm": "1"}).status_code == 404
    group.refresh_from_db()
    assert group.status == GroupSessionStatus.OPEN


def test_cancelling_asks_for_confirmation_then_tells_everyone(client, event, group, host, officer, make_participant):
    guest = make_participant(event, "buyer")
    services.group_join(group=group, registration=guest, by=guest.person)
    client.force_login(officer)
    response = client.post(url("group_cancel", event, pk=group.pk))
    assert response.status_code == 200 and "Yes, cancel it" in response.content.decode()
    group.refresh_from_db()
    assert group.status == GroupSessionStatus.OPEN  # nothing changed before the confirmation
    client.post(url("group_cancel", event, pk=group.pk), {"confirm": "1"})
    group.refresh_from_db()
    assert group.status == GroupSessionStatus.CANCELLED
    assert Notification.objects.filter(recipient=guest.person, detail=f"group_cancelled:{group.pk}").exists()


def test_a_participant_joins_from_the_participants_page_and_leaves_from_the_agenda(
    client, event, group, make_participant
):
    guest = make_participant(event, "buyer")
    client.force_login(guest.person)
    page = client.get(url("participants", event)).content.decode()
    assert "Join “Weaving demo”" in page
    response = client.post(url("group_join", event, pk=group.pk), {"back": "participants"})
    assert response["Location"].endswith(url("participants", event) + "#groups")
    assert GroupGuest.objects.filter(group=group, registration=guest).exists()
    agenda = client.get(url("agenda", event)).content.decode()
    assert "Leave “Weaving demo”" in agenda
    assert "Leave “Weaving demo”" in client.get(url("participants", event)).content.decode()
    client.post(url("group_leave", event, pk=group.pk))
    assert not GroupGuest.objects.filter(group=group, registration=guest).exists()


def test_a_full_group_says_so_in_thai(client, event, group, make_participant):
    for _ in range(2):
        person = make_participant(event, "buyer")
        services.group_join(group=group, registration=person, by=person.person)
    late = make_participant(event, "buyer")
    client.force_login(late.person)
    response = client.post(url("group_join", event, pk=group.pk, language="th"), follow=True)
    assert "เต็มแล้ว" in response.content.decode()
    assert not GroupGuest.objects.filter(registration=late).exists()


def test_join_and_leave_need_an_approved_registration_and_a_post(client, event, group, make_participant, alice):
    client.force_login(alice)
    assert client.post(url("group_join", event, pk=group.pk)).status_code == 404
    pending = make_participant(event, "buyer", approve=False)
    client.force_login(pending.person)
    assert client.post(url("group_join", event, pk=group.pk)).status_code == 404
    guest = make_participant(event, "buyer")
    client.force_login(guest.person)
    assert client.get(url("group_join", event, pk=group.pk)).status_code == 405
    assert client.post(url("group_leave", event, pk=group.pk)).status_code == 404  # not a guest of it
    assert not GroupGuest.objects.exists()


# --- the API ---------------------------------------------------------------------------------------


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_lists_groups_and_joins_and_leaves(event, group, host, make_participant):
    guest = make_participant(event, "buyer")
    api = api_for(guest.person)
    [row] = api.get(f"/api/v1/matching/groups/?event={event.slug}").json()["results"]
    assert row["title"] == "Weaving demo" and row["places_left"] == 2 and row["joined"] is False
    assert row["guests"] == []
    joined = api.post(f"/api/v1/matching/groups/{group.pk}/join/")
    assert joined.status_code == 200 and joined.json()["joined"] is True and joined.json()["places_left"] == 1
    again = api.post(f"/api/v1/matching/groups/{group.pk}/join/")
    assert again.status_code == 400
    hosted = api_for(host.person).get(f"/api/v1/matching/groups/{group.pk}/").json()
    assert hosted["guests"] == [guest.organisation.name]
    assert api.post(f"/api/v1/matching/groups/{group.pk}/leave/").json()["joined"] is False


def test_the_api_404s_someone_elses_membership_and_an_unregistered_person(event, group, make_participant, alice):
    guest, other = make_participant(event, "buyer"), make_participant(event, "buyer")
    services.group_join(group=group, registration=guest, by=guest.person)
    assert api_for(other.person).post(f"/api/v1/matching/groups/{group.pk}/leave/").status_code == 404
    assert api_for(alice).post(f"/api/v1/matching/groups/{group.pk}/join/").status_code == 404
    assert GroupGuest.objects.filter(registration=guest).exists()
