import pytest
from django.utils import timezone

from chumchon.inquiries import services
from chumchon.inquiries.models import Deal, Quote

pytestmark = pytest.mark.django_db


def _quote_form(**overrides):
    data = {
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "0",
        "lines-0-description": "ผ้าซิ่นตีนจก",
        "lines-0-quantity": "20",
        "lines-0-unit_price": "1950",
        "lines-1-description": "ค่าส่ง",
        "lines-1-quantity": "1",
        "lines-1-unit_price": "300",
        "valid_until": (timezone.localdate().replace(year=timezone.localdate().year + 1)).isoformat(),
        "notes": "ชำระผ่านพร้อมเพย์",
    }
    data.update(overrides)
    return data


def test_it_lets_the_seller_send_a_quote_with_lines(client, alice, conversation):
    client.force_login(alice)
    response = client.post(f"/inbox/{conversation.pk}/quote/", _quote_form())
    assert response.status_code == 302
    quote = Quote.objects.get()
    assert str(quote.total) == "39300.00"
    page = client.get(f"/inbox/{conversation.pk}/").content.decode()
    assert "฿39,300.00" in page


def test_it_does_not_give_the_buyer_a_quote_form(client, bob, conversation):
    client.force_login(bob)
    assert client.get(f"/inbox/{conversation.pk}/quote/").status_code == 404


def test_it_asks_for_the_price_of_a_line(client, alice, conversation):
    client.force_login(alice)
    response = client.post(f"/en/inbox/{conversation.pk}/quote/", _quote_form(**{"lines-0-unit_price": ""}))
    assert "At what price?" in response.content.decode()


def test_it_shows_a_promptpay_code_once_the_quote_is_accepted(client, bob, quote):
    client.force_login(bob)
    before = client.get(f"/inbox/{quote.conversation_id}/").content.decode()
    assert "<svg" not in before
    client.post(f"/inbox/quotes/{quote.pk}/accept/")
    page = client.get(f"/en/inbox/{quote.conversation_id}/").content.decode()
    assert "<svg" in page and "PromptPay" in page
    assert "฿40,000.00" in page
    deal = Deal.objects.get()
    assert deal.status == "pending_confirmation"


def test_it_lets_the_seller_confirm_the_deal(client, alice, bob, quote):
    deal = services.quote_accept(quote=quote, by=bob)
    client.force_login(alice)
    assert "Confirm the deal" in client.get(f"/en/inbox/deals/{deal.pk}/").content.decode()
    client.post(f"/inbox/deals/{deal.pk}/confirm/")
    deal.refresh_from_db()
    assert deal.status == "confirmed"
    client.force_login(bob)
    page = client.get("/en/inbox/deals/").content.decode()
    assert "฿40,000.00" in page and "Confirmed" in page


def test_it_records_a_walk_in_deal_from_the_conversation(client, alice, bob, conversation):
    client.force_login(alice)
    response = client.post(
        f"/inbox/{conversation.pk}/deal/",
        {"value": "3500", "date": timezone.localdate().isoformat(), "kind": "booking", "source": "walk_in"},
    )
    deal = Deal.objects.get()
    assert response["Location"] == f"/inbox/deals/{deal.pk}/"
    assert deal.confirming_side == "buyer"
    client.force_login(bob)
    assert "1 deal to confirm" in client.get("/en/inbox/").content.decode()
    client.post(f"/inbox/deals/{deal.pk}/dispute/", {"reason": "ยังไม่ได้ซื้อ"})
    deal.refresh_from_db()
    assert deal.status == "disputed"


def test_it_lists_quotes_for_both_sides(client, alice, bob, quote):
    for person in (alice, bob):
        client.force_login(person)
        assert "฿40,000.00" in client.get("/inbox/quotes/").content.decode()
