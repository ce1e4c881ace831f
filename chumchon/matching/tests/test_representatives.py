"""Several representatives of one organisation share one registration and one agenda."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from chumchon.accounts.models import Membership
from chumchon.accounts.services import organisation_create
from chumchon.accounts.tests.factories import UserFactory
from chumchon.matching import selectors, services
from chumchon.matching.models import Meeting, MeetingRequest, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def self_scheduled(make_event):
    # Requests are accepted and booked at once, so a meeting appears on both agendas.
    return make_event(slug="self-booked", request_mode="automatic", scheduling_mode="self")


@pytest.fixture
def two_members(self_scheduled, make_participant):
    """A tour operator registered by Somchai, with a colleague, Malee, in the same organisation."""
    buyer = make_participant(self_scheduled, "buyer", name="Lanna Travel Co")
    colleague = UserFactory.create(email="malee@example.com", name="มาลี ใจดี", role="buyer")
    Membership.objects.create(user=colleague, organisation=buyer.organisation)
    seller = make_participant(self_scheduled, "seller", name="กลุ่มผ้าทอตีนจก")
    return buyer, colleague, seller


def test_both_members_see_and_act_on_the_same_registration_and_agenda(client, self_scheduled, two_members):
    buyer, colleague, seller = two_members
    assert selectors.registration_of(colleague, self_scheduled) == buyer
    # The colleague asks; the meeting is the organisation's, on both members' agendas.
    client.force_login(colleague)
    response = client.post(f"/matching/{self_scheduled.slug}/participants/{seller.pk}/request/", {"priority": 3})
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    for person in (buyer.person, colleague):
        client.force_login(person)
        page = client.get(f"/matching/{self_scheduled.slug}/agenda/").content.decode()
        assert "กลุ่มผ้าทอตีนจก" in page, person
        assert f'id="meeting-{meeting.pk}"' in page


def test_the_second_member_cannot_register_the_organisation_again(client, self_scheduled, two_members):
    buyer, colleague, _seller = two_members
    with pytest.raises(ValidationError) as refused:
        services.registration_create(event=self_scheduled, organisation=buyer.organisation, role="buyer", by=colleague)
    assert refused.value.messages == ["Lanna Travel Co ลงทะเบียนงานนี้แล้ว"]
    # The register page shows the colleague the organisation's registration to edit, not a new one.
    assert not selectors.registrable_organisations(colleague, self_scheduled).exists()
    client.force_login(colleague)
    page = client.get(f"/matching/{self_scheduled.slug}/register/").content.decode()
    assert 'name="organisation"' not in page
    assert 'name="representatives"' in page and "มาลี ใจดี" in page
    assert Registration.objects.filter(event=self_scheduled, organisation=buyer.organisation).count() == 1


def test_no_duplicate_meeting_between_the_same_two_organisations(self_scheduled, two_members):
    buyer, colleague, seller = two_members
    services.request_send(sender=buyer, target=seller, by=buyer.person)
    with pytest.raises(ValidationError) as refused:
        services.request_send(sender=buyer, target=seller, by=colleague)
    assert refused.value.messages == ["คุณขอนัดพบ กลุ่มผ้าทอตีนจก ไปแล้ว"]
    # The other side asking too merges into the same request: one request, one meeting.
    services.request_send(sender=seller, target=buyer, by=seller.person)
    assert MeetingRequest.objects.count() == 1
    assert Meeting.objects.count() == 1


def test_the_registration_names_the_representatives_shown_to_the_partner(client, self_scheduled, two_members):
    buyer, colleague, seller = two_members
    services.request_send(sender=buyer, target=seller, by=buyer.person)
    client.force_login(colleague)
    data = {
        "representatives": [buyer.person.pk, colleague.pk],
        "languages": ["th"],
        "sessions": [s.pk for s in self_scheduled.sessions.all()],
    }
    assert client.post(f"/matching/{self_scheduled.slug}/register/", data).status_code == 302
    assert set(buyer.representatives.all()) == {buyer.person, colleague}
    client.force_login(seller.person)
    page = client.get(f"/matching/{self_scheduled.slug}/agenda/").content.decode()
    assert "มาลี ใจดี" in page and buyer.person.name in page
    # Only members of the organisation can be named.
    outsider = UserFactory.create(email="outsider@example.com")
    with pytest.raises(ValidationError):
        services.registration_set_representatives(registration=buyer, people=[outsider], by=colleague)
    data["representatives"] = [outsider.pk]
    client.force_login(colleague)
    response = client.post(f"/matching/{self_scheduled.slug}/register/", data)
    assert response.status_code == 200
    assert set(buyer.representatives.all()) == {buyer.person, colleague}


def test_a_member_of_another_organisation_sees_nothing_of_it(client, self_scheduled, two_members, charlie):
    _buyer, _colleague, _seller = two_members
    organisation_create(by=charlie, name="Other Co", kind="company")
    assert selectors.registration_of(charlie, self_scheduled) is None
    client.force_login(charlie)
    assert client.get(f"/matching/{self_scheduled.slug}/agenda/").status_code == 404


def test_the_agenda_api_names_the_partners_type_and_representatives(self_scheduled, two_members):
    from rest_framework.test import APIClient

    buyer, colleague, seller = two_members
    services.registration_set_representatives(registration=buyer, people=[buyer.person, colleague], by=colleague)
    services.request_send(sender=seller, target=buyer, by=seller.person)
    client = APIClient()
    client.force_authenticate(seller.person)
    rows = client.get(f"/api/v1/matching/agenda/?event={self_scheduled.slug}").json()["results"]
    assert [(row["partner"], row["partner_type"]) for row in rows] == [("Lanna Travel Co", "business")]
    assert sorted(rows[0]["partner_representatives"]) == sorted([buyer.person.name, "มาลี ใจดี"])
