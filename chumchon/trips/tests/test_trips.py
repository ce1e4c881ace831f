"""Favourites and trip plans: the heart works without JavaScript and with htmx; a trip is sent as
one request for quote per community; someone else's trip is a 404."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chumchon.inquiries.models import Inquiry
from chumchon.trips import selectors, services
from chumchon.trips.models import SavedListing, TripStatus

pytestmark = pytest.mark.django_db


def test_the_heart_saves_and_unsaves_without_javascript(client, bob, listing):
    client.force_login(bob)
    url = reverse("trips:toggle_saved", kwargs={"listing_pk": listing.pk})
    response = client.post(url, {"next": listing.get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == listing.get_absolute_url()
    assert "ผ้าซิ่นตีนจก" in client.get(reverse("trips:saved")).content.decode()
    client.post(url, {"next": "https://evil.example/"})
    assert not SavedListing.objects.exists()


def test_htmx_gets_the_button_back(client, bob, listing):
    client.force_login(bob)
    response = client.post(reverse("trips:toggle_saved", kwargs={"listing_pk": listing.pk}), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'aria-pressed="true"' in response.content.decode()


def test_the_listing_page_shows_the_heart_pressed_once_saved(client, bob, listing):
    services.listing_save(user=bob, listing=listing)
    client.force_login(bob)
    assert 'aria-pressed="true"' in client.get(listing.get_absolute_url()).content.decode()


def test_a_trip_becomes_one_quote_request_per_community(client, bob, alice, dara, trip, listing, pottery):
    client.force_login(bob)
    client.post(reverse("trips:send", kwargs={"pk": trip.pk}))
    trip.refresh_from_db()
    assert trip.status == TripStatus.SENT
    inquiries = Inquiry.objects.filter(kind="quote_request").select_related("conversation")
    assert sorted(i.conversation.community.slug for i in inquiries) == ["ban-ko-noi", "hat-siao"]
    assert all(i.quantity == 12 for i in inquiries)
    weavers = inquiries.get(conversation__community__slug="hat-siao")
    body = weavers.message.body
    assert "ผ้าซิ่นตีนจก" in body and "ปั้นสังคโลก" not in body.split("\n\n")[1]
    page = client.get(trip.get_absolute_url()).content.decode()
    assert "ชุมชนทอผ้าหาดเสี้ยว" in page and "ชุมชนบ้านเกาะน้อย" in page


def test_the_buyer_sees_each_communitys_quote_on_the_trip(client, bob, alice, trip):
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from chumchon.inquiries.services import QuoteLineSpec, quote_send

    parts = services.trip_send(trip=trip, by=bob)
    weavers = next(part for part in parts if part.community.slug == "hat-siao")
    assert weavers.conversation is not None
    quote_send(
        conversation=weavers.conversation, by=alice, lines=[QuoteLineSpec("ทอผ้า", Decimal("12"), Decimal("450"))],
        valid_until=timezone.localdate() + dt.timedelta(days=7),
    )  # fmt: skip
    client.force_login(bob)
    page = client.get(trip.get_absolute_url()).content.decode()
    assert "5,400" in page


def test_a_sent_trip_cannot_be_sent_again_and_an_empty_one_not_at_all(bob, trip):
    services.trip_send(trip=trip, by=bob)
    with pytest.raises(ValidationError):
        services.trip_send(trip=trip, by=bob)
    empty = services.trip_create(buyer=bob, title="ว่าง")
    with pytest.raises(ValidationError):
        services.trip_send(trip=empty, by=bob)
    assert Inquiry.objects.count() == 2


def test_a_community_without_an_organisation_sends_nothing_at_all(bob, trip, pottery):
    from chumchon.places.models import Community

    Community.objects.filter(pk=pottery.community_id).update(organisation=None)
    with pytest.raises(ValidationError):
        services.trip_send(trip=trip, by=bob)
    trip.refresh_from_db()
    assert trip.status == TripStatus.DRAFT and Inquiry.objects.count() == 0


def test_days_and_order_are_arranged(client, bob, trip, listing, pottery):
    items = {item.listing_id: item for item in trip.items.all()}
    client.force_login(bob)
    client.post(
        reverse("trips:arrange", kwargs={"pk": trip.pk}),
        {f"day-{items[listing.pk].pk}": "2", f"position-{items[listing.pk].pk}": "2",
         f"day-{items[pottery.pk].pk}": "2", f"position-{items[pottery.pk].pk}": "1"},
    )  # fmt: skip
    assert [item.listing_id for item in selectors.items_of(trip)] == [pottery.pk, listing.pk]


def test_someone_elses_trip_is_a_404(client, charlie, trip, listing):
    client.force_login(charlie)
    for url in [reverse("trips:detail", kwargs={"pk": trip.pk})]:
        assert client.get(url).status_code == 404
    for name in ("send", "arrange", "edit", "delete"):
        assert (
            client.post(reverse(f"trips:{name}", kwargs={"pk": trip.pk}), {"title": "x", "group_size": 1}).status_code
            == 404
        )
    response = client.post(reverse("trips:add", kwargs={"listing_pk": listing.pk}), {"trip": trip.pk, "day": 1})
    assert response.status_code == 404
    trip.refresh_from_db()
    assert trip.status == TripStatus.DRAFT and trip.items.count() == 2


@pytest.mark.parametrize(("size", "ok"), [(0, False), (1, True), (10_000, False)])
def test_group_sizes_are_checked(bob, size, ok):
    if ok:
        services.trip_create(buyer=bob, title="t", group_size=size)
    else:
        with pytest.raises(ValidationError):
            services.trip_create(buyer=bob, title="t", group_size=size)
