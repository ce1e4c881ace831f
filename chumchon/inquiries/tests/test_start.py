import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chumchon.accounts.tests.factories import PASSWORD
from chumchon.inquiries.models import Conversation
from chumchon.inquiries.tests.conftest import image_bytes

pytestmark = pytest.mark.django_db


def test_it_sends_a_request_for_quote_from_a_listing(
    client, bob, alice, listing, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    form = client.get(f"/inbox/new/?listing={listing.pk}&kind=quote_request").content.decode()
    assert "ผ้าซิ่นตีนจก" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/inbox/new/",
            {
                "listing": listing.pk,
                "kind": "quote_request",
                "body": "ขอราคาส่ง 30 ผืนครับ",
                "quantity": "30",
                "date_from": "2030-01-10",
                "budget": "50000",
                "attachments": [SimpleUploadedFile("ลายผ้า.jpg", image_bytes(), content_type="image/jpeg")],
            },
        )
    conversation = Conversation.objects.get()
    assert response["Location"] == f"/inbox/{conversation.pk}/"
    inquiry = conversation.inquiries.get()
    assert (inquiry.kind, inquiry.quantity, str(inquiry.budget)) == ("quote_request", 30, "50000.00")
    assert inquiry.message.attachments.count() == 1
    # Alice, the seller, is told by e-mail in Thai.
    assert [mail.to for mail in mailoutbox] == [["alice@example.com"]]
    assert mailoutbox[0].subject == "[ชุมชน] ขอใบเสนอราคาจาก Bob"
    assert "ขอราคาส่ง 30 ผืนครับ" in mailoutbox[0].body
    assert f"https://chumchon.example/inbox/{conversation.pk}/" in mailoutbox[0].body


def test_it_keeps_what_a_visitor_typed_through_sign_in(client, bob, listing):
    typed = {"listing": listing.pk, "kind": "quote_request", "body": "ขอราคาสำหรับกลุ่มทัวร์ 25 คน", "quantity": "25"}
    response = client.post("/inbox/new/", typed)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert not Conversation.objects.exists()

    login = client.post(response["Location"], {"login": "bob@example.com", "password": PASSWORD})
    assert login["Location"] == "/inbox/new/confirm/"
    page = client.get(login["Location"]).content.decode()
    assert "ขอราคาสำหรับกลุ่มทัวร์ 25 คน" in page
    assert 'value="25"' in page
    assert 'value="quote_request" checked' in page or 'value="quote_request"\n' in page or "checked" in page


def test_it_shows_the_sign_in_link_to_visitors_on_the_community_page(client, community):
    page = client.get(f"/c/{community.slug}/").content.decode()
    assert "เข้าสู่ระบบเพื่อติดต่อ" in page
    assert f"/inbox/new/?community={community.slug}" in page


def test_it_shows_the_buttons_to_signed_in_buyers(client, bob, community):
    client.force_login(bob)
    page = client.get(f"/en/c/{community.slug}/").content.decode()
    assert "Ask a question" in page and "Request a quote" in page
    assert "Sign in to contact" not in page


def test_it_says_when_a_community_cannot_be_contacted_here(client, bob, community):
    community.organisation = None
    community.save()
    client.force_login(bob)
    page = client.get(f"/en/c/{community.slug}/").content.decode()
    assert "does not take messages on Chumchon yet" in page
    assert "Ask a question" not in page
    start = client.get(f"/en/inbox/new/?community={community.slug}").content.decode()
    assert "does not take messages on Chumchon yet" in start


def test_it_explains_a_wrong_date_range(client, bob, listing):
    client.force_login(bob)
    response = client.post(
        "/en/inbox/new/",
        {"listing": listing.pk, "kind": "question", "body": "x", "date_from": "2030-02-10", "date_to": "2030-02-01"},
    )
    assert "The end date must come after the start date." in response.content.decode()
    assert not Conversation.objects.exists()


def test_it_tells_a_hurried_buyer_to_wait(client, bob, listing, settings):
    settings.RATE_LIMITS = {"conversation": (1, 3600)}
    client.force_login(bob)
    client.post("/inbox/new/", {"listing": listing.pk, "kind": "question", "body": "หนึ่ง"})
    response = client.post("/inbox/new/", {"listing": listing.pk, "kind": "question", "body": "สอง"})
    assert "กรุณารอสักครู่" in response.content.decode()


def test_it_lets_a_buyer_write_for_their_organisation(client, bob, listing):
    from chumchon.accounts.services import organisation_create

    company = organisation_create(by=bob, name="สุโขทัยทัวร์", kind="company")
    client.force_login(bob)
    client.post("/inbox/new/", {"listing": listing.pk, "kind": "question", "body": "สวัสดี", "act_for": company.pk})
    assert Conversation.objects.get().buyer_organisation == company
