"""Charlie, a third person, can read or change nothing of Bob and Alice's conversation, quote or
deal: not through the pages, not through the API."""

import pytest
from django.utils import timezone

from chumchon.core.tests.channels import CHANNELS, client_for, post, sees
from chumchon.inquiries import services
from chumchon.inquiries.models import Conversation, Deal, Quote

pytestmark = pytest.mark.django_db


@pytest.fixture
def deal(quote, bob):
    return services.quote_accept(quote=quote, by=bob)


def test_it_hides_every_page_from_a_third_person(client, charlie, conversation, quote, deal):
    client.force_login(charlie)
    pk = conversation.pk
    for url in [
        f"/inbox/{pk}/",
        f"/inbox/{pk}/messages/?after=0",
        f"/inbox/{pk}/quote/",
        f"/inbox/{pk}/deal/",
        f"/inbox/{pk}/report/",
        f"/inbox/deals/{deal.pk}/",
    ]:
        assert client.get(url).status_code == 404, url
    for url, data in [
        (f"/inbox/{pk}/reply/", {"body": "hi"}),
        (f"/inbox/{pk}/report/", {"reason": "x"}),
        (f"/inbox/{pk}/deal/", {"value": "1", "date": "2030-01-01", "kind": "booking", "source": "walk_in"}),
        (f"/inbox/quotes/{quote.pk}/decline/", {}),
        (f"/inbox/deals/{deal.pk}/confirm/", {}),
        (f"/inbox/deals/{deal.pk}/dispute/", {"reason": "x"}),
        (f"/inbox/{pk}/block/{conversation.buyer_id}/", {}),
    ]:
        assert client.post(url, data).status_code == 404, url
    assert conversation.messages.count() == 3  # inquiry, quote, accepted deal: nothing from Charlie
    assert Deal.objects.get().status == "pending_confirmation"
    assert Quote.objects.get().status == "accepted"
    for url in ["/inbox/", "/inbox/quotes/", "/inbox/deals/"]:
        page = client.get(url).content.decode()
        assert "ขอราคาส่ง" not in page and "40,000" not in page, url


def test_it_hides_everything_from_a_third_person_in_the_api(client, charlie, conversation, quote, deal):
    client.force_login(charlie)
    assert client.get("/api/v1/conversations/").json()["results"] == []
    assert client.get("/api/v1/quotes/").json()["results"] == []
    assert client.get("/api/v1/deals/").json()["results"] == []
    for url in [
        f"/api/v1/conversations/{conversation.pk}/",
        f"/api/v1/conversations/{conversation.pk}/messages/",
        f"/api/v1/quotes/{quote.pk}/",
        f"/api/v1/deals/{deal.pk}/",
    ]:
        assert client.get(url).status_code == 404, url
    for url, data in [
        (f"/api/v1/conversations/{conversation.pk}/messages/", {"body": "hi"}),
        (f"/api/v1/quotes/{quote.pk}/decline/", {}),
        (f"/api/v1/deals/{deal.pk}/confirm/", {}),
        (f"/api/v1/deals/{deal.pk}/dispute/", {"reason": "x"}),
        (
            "/api/v1/quotes/",
            {
                "conversation": conversation.pk,
                "valid_until": "2030-01-01",
                "lines": [{"description": "x", "quantity": "1", "unit_price": "1"}],
            },
        ),
        (
            "/api/v1/deals/",
            {
                "conversation": conversation.pk,
                "value": "10",
                "date": "2030-01-01",
                "kind": "booking",
                "source": "walk_in",
            },
        ),
    ]:
        assert client.post(url, data, content_type="application/json").status_code == 404, url
    assert Deal.objects.get().status == "pending_confirmation"


def test_it_hides_everything_from_anonymous_visitors(client, conversation, deal):
    assert client.get(f"/inbox/{conversation.pk}/").status_code == 302  # to sign in
    assert client.get(f"/api/v1/conversations/{conversation.pk}/").status_code == 404
    assert client.get("/api/v1/deals/").json()["results"] == []
    assert client.post(f"/api/v1/deals/{deal.pk}/confirm/").status_code in (401, 403)  # sign in first


def test_it_keeps_a_reported_conversation_from_officers_until_reported(client, officer, conversation):
    client.force_login(officer)
    assert client.get(f"/inbox/{conversation.pk}/").status_code == 404
    assert client.get("/inbox/reported/").status_code == 200


def test_it_keeps_the_reported_list_for_officers(client, bob):
    client.force_login(bob)
    assert client.get("/inbox/reported/").status_code == 404


def test_it_lets_another_member_of_the_seller_organisation_answer(client, seller_org, conversation):
    from chumchon.accounts.tests.factories import MembershipFactory

    colleague = MembershipFactory(organisation=seller_org, role="member").user
    client.force_login(colleague)
    assert client.get(f"/inbox/{conversation.pk}/").status_code == 200
    client.post(f"/inbox/{conversation.pk}/reply/", {"body": "ตอบแทนพี่อลิซค่ะ"})
    assert conversation.messages.last().side == "seller"


def test_it_keeps_a_deal_from_a_former_member(client, seller_org, alice, bob, conversation):
    deal = services.deal_record(
        by=alice, conversation=conversation, value="10", date=timezone.localdate(), kind="booking", source="walk_in"
    )
    seller_org.memberships.filter(user=alice).delete()
    client.force_login(alice)
    assert client.get(f"/inbox/deals/{deal.pk}/").status_code == 404


# --- One rule, both channels: the pages and the API read through the same getters -------------

PARTICIPANTS_ONLY = [("anonymous", False), ("stranger", False), ("owner", True), ("officer", False)]
PARTICIPANTS_AND_OFFICERS = [("anonymous", False), ("stranger", False), ("owner", True), ("officer", True)]


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("who, allowed", PARTICIPANTS_ONLY)
def test_it_shows_a_conversation_to_its_participants(request, conversation, channel, who, allowed):
    url = {"page": f"/inbox/{conversation.pk}/", "api": f"/api/v1/conversations/{conversation.pk}/messages/"}[channel]
    assert sees(client_for(request, who, owner="bob"), url, "ขอราคาส่ง 20 ผืนครับ") is allowed


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("who, allowed", PARTICIPANTS_AND_OFFICERS)
def test_it_shows_a_reported_conversation_to_officers_too(request, conversation, bob, channel, who, allowed):
    # The API used to keep reported conversations from the officers who must read them.
    services.conversation_report(conversation=conversation, by=bob, reason="ขายของปลอม")
    url = {"page": f"/inbox/{conversation.pk}/", "api": f"/api/v1/conversations/{conversation.pk}/messages/"}[channel]
    assert sees(client_for(request, who, owner="bob"), url, "ขอราคาส่ง 20 ผืนครับ") is allowed


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("who, allowed", PARTICIPANTS_ONLY)
def test_it_lets_only_participants_write_even_in_a_reported_conversation(
    request, conversation, bob, channel, who, allowed
):
    services.conversation_report(conversation=conversation, by=bob, reason="ขายของปลอม")
    client = client_for(request, who, owner="bob")
    if channel == "page":
        post(client, f"/inbox/{conversation.pk}/reply/", {"body": "ข้อความใหม่"})
    else:
        post(client, f"/api/v1/conversations/{conversation.pk}/messages/", {"body": "ข้อความใหม่"}, json=True)
    assert conversation.messages.filter(body="ข้อความใหม่").exists() is allowed


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("who, allowed", PARTICIPANTS_ONLY)
def test_it_lets_only_the_buyer_side_decline_a_quote(request, quote, channel, who, allowed):
    client = client_for(request, who, owner="bob")
    url = {"page": f"/inbox/quotes/{quote.pk}/decline/", "api": f"/api/v1/quotes/{quote.pk}/decline/"}[channel]
    post(client, url, json=channel == "api")
    quote.refresh_from_db()
    assert (quote.status == "declined") is allowed


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("who, allowed", PARTICIPANTS_ONLY)
def test_it_shows_a_deal_to_its_sides_only(request, deal, channel, who, allowed):
    url = {"page": f"/inbox/deals/{deal.pk}/", "api": f"/api/v1/deals/{deal.pk}/"}[channel]
    assert sees(client_for(request, who, owner="alice"), url, "40") is allowed


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("who", ["stranger", "owner", "officer"])
def test_it_lets_no_one_write_about_a_listing_that_is_not_published(request, listing, channel, who):
    from chumchon.catalog.models import Listing

    Listing.objects.filter(pk=listing.pk).update(status="draft")
    client = client_for(request, who, owner="bob")
    data = {"listing": listing.pk, "kind": "question", "body": "ยังขายอยู่ไหมครับ"}
    if channel == "page":
        assert post(client, "/inbox/new/", data) == 404
    else:
        assert post(client, "/api/v1/conversations/", data, json=True) == 404
    assert not Conversation.objects.filter(messages__body="ยังขายอยู่ไหมครับ").exists()


@pytest.mark.parametrize("channel", CHANNELS)
def test_it_lets_no_one_write_to_a_community_on_behalf_of_the_organisation_running_it(
    request, listing, seller_org, channel
):
    # The page offers only `selectors.buyer_organisations`; the API picks from the same list.
    client = client_for(request, "owner", owner="alice")
    data = {"listing": listing.pk, "kind": "question", "body": "ถามตัวเอง"}
    if channel == "page":
        post(client, "/inbox/new/", {**data, "act_for": seller_org.pk})
    else:
        post(client, "/api/v1/conversations/", {**data, "buyer_organisation": seller_org.pk}, json=True)
    assert not Conversation.objects.filter(buyer_organisation=seller_org).exists()
