import pytest
from django.utils import timezone

from chumchon.inquiries.models import Conversation, Deal

pytestmark = pytest.mark.django_db


def test_it_runs_the_whole_exchange_through_the_api(client, alice, bob, listing):
    client.force_login(bob)
    started = client.post(
        "/api/v1/conversations/",
        {"listing": listing.pk, "kind": "quote_request", "body": "ราคาส่ง 10 ผืน?", "quantity": 10},
        content_type="application/json",
    )
    assert started.status_code == 201, started.content
    conversation = started.json()
    assert conversation["side"] == "buyer"
    assert "email" not in conversation["buyer"]  # only the seller side sees how to reach the buyer

    client.force_login(alice)
    seen = client.get(f"/api/v1/conversations/{conversation['id']}/").json()
    assert (seen["side"], seen["unread"], seen["buyer"]["email"]) == ("seller", True, "bob@example.com")
    quote = client.post(
        "/api/v1/quotes/",
        {
            "conversation": conversation["id"],
            "valid_until": "2099-01-31",
            "lines": [{"description": "ผ้าซิ่น", "quantity": "10", "unit_price": "2100.50"}],
        },
        content_type="application/json",
    )
    assert quote.status_code == 201, quote.content
    assert quote.json()["total"] == "21005.00"

    client.force_login(bob)
    messages = client.get(f"/api/v1/conversations/{conversation['id']}/messages/").json()
    assert [m["kind"] for m in messages] == ["inquiry", "quote"]
    assert messages[1]["quote"] == quote.json()["id"]
    deal = client.post(f"/api/v1/quotes/{quote.json()['id']}/accept/").json()
    assert (deal["value"], deal["status"], deal["confirming_side"]) == ("21005.00", "pending_confirmation", "seller")
    assert client.post(f"/api/v1/deals/{deal['id']}/confirm/").status_code == 403  # Bob cannot confirm for Alice

    client.force_login(alice)
    confirmed = client.post(f"/api/v1/deals/{deal['id']}/confirm/").json()
    assert confirmed["status"] == "confirmed"
    assert Deal.objects.confirmed().count() == 1


def test_it_posts_and_reads_messages(client, alice, bob, conversation):
    client.force_login(alice)
    posted = client.post(
        f"/api/v1/conversations/{conversation.pk}/messages/", {"body": "มีค่ะ"}, content_type="application/json"
    )
    assert posted.status_code == 201
    assert posted.json()["seq"] == 2
    client.force_login(bob)
    after = client.get(f"/api/v1/conversations/{conversation.pk}/messages/?after=1").json()
    assert [m["body"] for m in after] == ["มีค่ะ"]


def test_it_answers_too_many_messages_with_429(client, bob, conversation, settings):
    settings.RATE_LIMITS = {"message": (1, 600)}
    client.force_login(bob)
    url = f"/api/v1/conversations/{conversation.pk}/messages/"
    assert client.post(url, {"body": "1"}, content_type="application/json").status_code == 201
    refused = client.post(url, {"body": "2"}, content_type="application/json", headers={"Accept-Language": "en"})
    assert refused.status_code == 429
    assert "very fast" in refused.json()["detail"]


def test_it_explains_errors_in_the_callers_language(client, alice, conversation):
    client.force_login(alice)
    response = client.post(
        "/api/v1/deals/",
        {"conversation": conversation.pk, "value": "100", "date": "2999-01-01", "kind": "booking", "source": "walk_in"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "ไกลเกินไป" in str(response.json())


def test_it_records_a_deal_for_the_other_side(client, alice, bob, conversation):
    client.force_login(bob)
    response = client.post(
        "/api/v1/deals/",
        {
            "conversation": conversation.pk,
            "value": "1200",
            "date": timezone.localdate().isoformat(),
            "kind": "product_sale",
            "source": "walk_in",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["confirming_side"] == "seller"
    client.force_login(alice)
    assert [d["id"] for d in client.get("/api/v1/deals/").json()["results"]] == [response.json()["id"]]


def test_it_refuses_to_start_with_a_community_that_does_not_exist(client, bob):
    client.force_login(bob)
    response = client.post(
        "/api/v1/conversations/", {"community": "nowhere", "body": "x"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert not Conversation.objects.exists()
