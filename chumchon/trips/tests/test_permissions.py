"""Favourites and trips are one's own, through the page and through the API alike."""

from __future__ import annotations

import pytest

from chumchon.core.tests.channels import CHANNELS, client_for, post, sees
from chumchon.trips import services
from chumchon.trips.models import SavedListing, TripStatus

pytestmark = pytest.mark.django_db

PEOPLE = ("anonymous", "stranger", "owner", "officer")


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("who", PEOPLE)
def test_a_trip_is_seen_by_its_buyer_only(request, trip, channel, who):
    client = client_for(request, who, owner="bob")
    url = f"/api/v1/trips/{trip.pk}/" if channel == "api" else trip.get_absolute_url()
    assert sees(client, url, "สุโขทัย 2 วัน") == (who == "owner")


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("who", PEOPLE)
def test_a_trip_is_sent_by_its_buyer_only(request, trip, channel, who):
    client = client_for(request, who, owner="bob")
    url = f"/api/v1/trips/{trip.pk}/send/" if channel == "api" else f"/trips/{trip.pk}/send/"
    post(client, url, json=channel == "api")
    trip.refresh_from_db()
    assert (trip.status == TripStatus.SENT) == (who == "owner")


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("who", PEOPLE)
def test_saved_listings_are_ones_own(request, bob, listing, channel, who):
    services.listing_save(user=bob, listing=listing)
    client = client_for(request, who, owner="bob")
    url = "/api/v1/saved/" if channel == "api" else "/trips/saved/"
    assert sees(client, url, "ผ้าซิ่นตีนจก") == (who == "owner")


def test_the_api_lists_saves_and_unsaves_only_ones_own(client, bob, charlie, listing, trip):
    client.force_login(charlie)
    assert client.get("/api/v1/trips/").json()["results"] == []
    assert client.delete(f"/api/v1/saved/{listing.pk}/").status_code == 404
    assert client.post("/api/v1/saved/", {"listing": listing.pk}, content_type="application/json").status_code == 201
    assert SavedListing.objects.filter(user=charlie).count() == 1
    assert client.delete(f"/api/v1/saved/{listing.pk}/").status_code == 204
    assert not SavedListing.objects.filter(user=charlie).exists()


def test_the_api_builds_and_sends_a_trip(client, bob, listing, pottery):
    client.force_login(bob)
    trip = client.post("/api/v1/trips/", {"title": "ทริป API", "group_size": 4}, content_type="application/json").json()
    for listing_pk, day in ((listing.pk, 1), (pottery.pk, 2)):
        response = client.post(
            f"/api/v1/trips/{trip['id']}/add/", {"listing": listing_pk, "day": day}, content_type="application/json"
        )
        assert response.status_code == 200, response.json()
    sent = client.post(f"/api/v1/trips/{trip['id']}/send/").json()
    assert sent["status"] == "sent" and len(sent["parts"]) == 2
    refused = client.post(f"/api/v1/trips/{trip['id']}/send/", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400 and refused.json()["code"] == "invalid"
