"""The registration filters are one FilterSet: the organiser's desk and the API give the same
registrations."""

from __future__ import annotations

import re

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_the_organisers_desk_and_the_api_filter_registrations_alike(
    client, officer, event, make_event, make_participant
):
    other_event = make_event(slug="nan-2569")
    sellers = {make_participant(event, "seller").pk, make_participant(event, "seller", approve=False).pk}
    make_participant(event, "buyer")
    make_participant(other_event, "seller")
    client.force_login(officer)
    html = client.get(f"/matching/staff/{event.slug}/", {"role": "seller"}).content.decode()
    on_page = {int(pk) for pk in re.findall(r'<tr id="registration-(\d+)">', html)}
    api = APIClient()
    api.force_authenticate(officer)
    data = api.get("/api/v1/matching/registrations/", {"event": event.slug, "role": "seller"}).json()
    assert on_page == {item["id"] for item in data["results"]} == sellers
    pending = api.get("/api/v1/matching/registrations/", {"event": event.slug, "status": "pending"}).json()
    html = client.get(f"/matching/staff/{event.slug}/", {"status": "pending"}).content.decode()
    assert {int(pk) for pk in re.findall(r'<tr id="registration-(\d+)">', html)} == {
        item["id"] for item in pending["results"]
    }
    assert pending["count"] == 1


def test_an_unknown_event_gives_an_empty_list(officer, event, make_participant):
    make_participant(event, "seller")
    api = APIClient()
    api.force_authenticate(officer)
    assert api.get("/api/v1/matching/registrations/", {"event": "no-such-event"}).json()["count"] == 0
    assert api.get("/api/v1/matching/registrations/", {"event": event.slug}).json()["count"] == 1


def test_the_desks_next_page_keeps_the_filters(client, officer, event, make_participant):
    from chumchon.matching.views import _common

    for _ in range(_common.PER_PAGE + 1):
        make_participant(event, "seller", approve=False)
    make_participant(event, "buyer")
    client.force_login(officer)
    html = client.get(f"/matching/staff/{event.slug}/", {"role": "seller", "status": "pending"}).content.decode()
    next_link = re.search(r'href="\?([^"]*)" rel="next"', html)
    assert next_link is not None
    second = client.get(f"/matching/staff/{event.slug}/?{next_link.group(1).replace('&amp;', '&')}").content.decode()
    assert len(re.findall(r'<tr id="registration-(\d+)">', second)) == 1  # the 31st pending seller, not the buyer
