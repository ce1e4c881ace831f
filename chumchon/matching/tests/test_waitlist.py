"""A full event puts late registrations on a waiting list, says where they stand, and moves the
first in line up when a place opens; officers may admit someone from it, after a confirmation."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chumchon.matching import services
from chumchon.matching.models import Registration, RegistrationStatus
from chumchon.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_event(make_event):
    """At most two sellers; buyers without a limit."""
    return make_event(seller_cap=2)


def _status(registration: Registration) -> str:
    registration.refresh_from_db()
    return registration.status


def test_a_registration_beyond_the_cap_waits_in_line_with_its_position(full_event, make_participant):
    first = make_participant(full_event, "seller")
    make_participant(full_event, "seller", approve=False)  # pending: holds a place too
    late = make_participant(full_event, "seller", approve=False)
    later = make_participant(full_event, "seller", approve=False)
    buyer = make_participant(full_event, "buyer", approve=False)

    assert (late.status, later.status) == (RegistrationStatus.WAITLISTED, RegistrationStatus.WAITLISTED)
    assert (services.waitlist_position(late), services.waitlist_position(later)) == (1, 2)
    assert buyer.status == RegistrationStatus.PENDING  # another role, no limit
    assert services.waitlist_position(first) is None
    with pytest.raises(ValidationError):  # approving cannot overfill the role
        services.registration_approve(registration=late, by=first.person)


def test_the_first_in_line_moves_up_and_is_told_when_a_place_opens(full_event, make_participant, officer):
    leaving = make_participant(full_event, "seller")
    rejected = make_participant(full_event, "seller", approve=False)
    late = make_participant(full_event, "seller", approve=False)
    later = make_participant(full_event, "seller", approve=False)
    last = make_participant(full_event, "seller", approve=False)

    services.registration_cancel(registration=leaving, by=leaving.person)

    assert _status(late) == RegistrationStatus.PENDING  # the organiser still approves
    assert _status(later) == RegistrationStatus.WAITLISTED
    assert services.waitlist_position(Registration.objects.get(pk=later.pk)) == 1
    told = Notification.objects.get(recipient=late.person)
    assert told.detail == f"waitlist_promoted:{full_event.pk}"
    assert not Notification.objects.filter(recipient=later.person, detail__startswith="waitlist").exists()

    services.registration_reject(registration=rejected, by=officer, reason="Not a community enterprise")
    assert _status(later) == RegistrationStatus.PENDING
    # Someone on the list who leaves frees no place.
    services.registration_cancel(registration=Registration.objects.get(pk=last.pk), by=last.person)
    assert Registration.objects.filter(event=full_event, status=RegistrationStatus.WAITLISTED).count() == 0


def test_an_officer_admits_someone_from_the_list_beyond_the_cap(full_event, make_participant, officer):
    make_participant(full_event, "seller")
    make_participant(full_event, "seller")
    late = make_participant(full_event, "seller", approve=False)

    with pytest.raises(ValidationError):
        services.registration_promote(registration=late, by=late.person)  # not staff
    services.registration_promote(registration=late, by=officer)

    assert _status(late) == RegistrationStatus.APPROVED
    assert Notification.objects.filter(recipient=late.person, detail="registration_approved").exists()
    with pytest.raises(ValidationError):
        services.registration_promote(registration=late, by=officer)


def test_the_registrant_sees_the_waiting_list_message_and_position_in_thai_and_english(
    client, full_event, make_participant
):
    make_participant(full_event, "seller")
    make_participant(full_event, "seller")
    late = make_participant(full_event, "seller", approve=False)
    client.force_login(late.person)

    thai = client.get(reverse("matching:event", kwargs={"slug": full_event.slug})).content.decode()
    english = client.get("/en" + reverse("matching:event", kwargs={"slug": full_event.slug})).content.decode()

    assert "ลำดับที่ 1 ในรายชื่อรอ" in thai
    assert "you are number 1 on the waiting list" in english


def test_registering_for_a_full_role_says_so(client, full_event, make_participant):
    from chumchon.accounts.services import organisation_create
    from chumchon.accounts.tests.factories import UserFactory
    from chumchon.places.tests.factories import CommunityFactory

    make_participant(full_event, "seller")
    make_participant(full_event, "seller")
    person = UserFactory.create(email="late@example.com", role="seller")
    organisation = organisation_create(by=person, name="Late Weavers", kind="community_enterprise")
    community = CommunityFactory.create(organisation=organisation, slug="late-weavers")
    client.force_login(person)

    response = client.post(
        "/en" + reverse("matching:register", kwargs={"slug": full_event.slug}),
        {
            "organisation": organisation.pk,
            "role": "seller",
            "community": community.pk,
            "languages": ["th"],
            "sessions": [s.pk for s in full_event.sessions.all()],
        },
        follow=True,
    )

    assert "you are number 1 on the waiting list" in response.content.decode()
    assert Registration.objects.get(organisation=organisation).status == RegistrationStatus.WAITLISTED


def test_the_officer_sees_the_list_and_admits_only_after_confirming(client, full_event, make_participant, officer):
    make_participant(full_event, "seller")
    make_participant(full_event, "seller")
    late = make_participant(full_event, "seller", approve=False, name="Late Weavers")
    client.force_login(officer)

    page = client.get("/en" + reverse("matching:manage", kwargs={"slug": full_event.slug})).content.decode()
    assert 'id="waitlist"' in page and "Admit Late Weavers from the waiting list" in page

    url = reverse("matching:waitlist_promote", kwargs={"slug": full_event.slug, "pk": late.pk})
    asked = client.post(url)
    assert asked.status_code == 200 and 'name="confirm"' in asked.content.decode()
    assert _status(late) == RegistrationStatus.WAITLISTED  # nothing changed yet
    client.post(url, {"confirm": "1"})
    assert _status(late) == RegistrationStatus.APPROVED


def test_the_admit_page_is_a_404_for_a_participant(client, full_event, make_participant):
    make_participant(full_event, "seller")
    make_participant(full_event, "seller")
    late = make_participant(full_event, "seller", approve=False)
    client.force_login(late.person)

    url = reverse("matching:waitlist_promote", kwargs={"slug": full_event.slug, "pk": late.pk})
    assert client.post(url, {"confirm": "1"}).status_code == 404
    assert _status(late) == RegistrationStatus.WAITLISTED
