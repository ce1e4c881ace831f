"""A visitor's message survives sign-up, e-mail confirmation and sign-in, and is sent once she
has checked it; nothing typed into the form is lost on an error."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from chumchon.accounts.tests.factories import PASSWORD, sign_up_from_login_page
from chumchon.inquiries import drafts
from chumchon.inquiries.models import Conversation

pytestmark = pytest.mark.django_db

CONFIRM = "/en/inbox/new/confirm/"


def _visitor_writes(client, listing, **extra):
    typed = {"listing": listing.pk, "kind": "question", "body": "มีผ้าสีครามขนาด 2 เมตรไหมคะ", **extra}
    response = client.post("/en/inbox/new/", typed)
    assert response.status_code == 302
    return response


def test_a_visitor_signs_up_confirms_her_email_and_sends_what_she_wrote(
    client, alice, listing, mailoutbox, settings, django_capture_on_commit_callbacks
):
    assert settings.ACCOUNT_EMAIL_VERIFICATION == "mandatory"
    response = _visitor_writes(client, listing, quantity="3")
    assert response["Location"] == "/en/accounts/login/?next=%2Fen%2Finbox%2Fnew%2Fconfirm%2F"
    assert not Conversation.objects.exists()

    # From the sign-in page she goes on to create an account: the way back is kept.
    login_page = client.get(response["Location"]).content.decode()
    signup = sign_up_from_login_page(client, login_page, name="Dao", email="dao@example.com", role="buyer")
    assert signup.status_code == 302 and "confirm-email" in signup["Location"]
    assert client.get(CONFIRM)["Location"].startswith("/en/accounts/login/")  # not signed in yet

    # She follows the link in the confirmation e-mail, then signs in.
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body)
    assert link, mailoutbox[-1].body
    confirmed = client.post(urlsplit(link.group(0)).path)
    assert confirmed.status_code == 302
    signed_in = client.post("/en/accounts/login/", {"login": "dao@example.com", "password": PASSWORD})
    assert signed_in["Location"] == CONFIRM

    # Her message is there, not yet sent, for her to check.
    page = client.get(CONFIRM).content.decode()
    assert "Check your message and send it" in page
    assert "มีผ้าสีครามขนาด 2 เมตรไหมคะ" in page
    assert 'value="3"' in page
    assert not Conversation.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            f"/en/inbox/new/?listing={listing.pk}",
            {"listing": listing.pk, "kind": "question", "body": "มีผ้าสีครามขนาด 2 เมตรไหมคะ", "quantity": "3"},
        )
    conversation = Conversation.objects.get()
    assert sent["Location"] == f"/en/inbox/{conversation.pk}/"
    assert conversation.buyer.email == "dao@example.com"
    assert conversation.inquiries.get().message.body == "มีผ้าสีครามขนาด 2 เมตรไหมคะ"
    # The seller sees it in her inbox, and was told by e-mail.
    client.force_login(alice)
    assert "มีผ้าสีครามขนาด 2 เมตรไหมคะ" in client.get(f"/en/inbox/{conversation.pk}/").content.decode()
    assert ["alice@example.com"] in [mail.to for mail in mailoutbox]

    # Once sent, the draft is gone: going back to the page sends nothing twice.
    client.force_login(conversation.buyer)
    again = client.get(CONFIRM)
    assert again["Location"] == "/en/inbox/"
    assert Conversation.objects.count() == 1


def test_a_draft_about_a_listing_unpublished_meanwhile_is_refused_with_her_text(client, bob, officer, listing):
    from chumchon.catalog.services import listing_unpublish

    response = _visitor_writes(client, listing)
    login = client.post(response["Location"], {"login": "bob@example.com", "password": PASSWORD})
    assert login["Location"] == CONFIRM
    listing_unpublish(listing=listing, by=officer, reason="ภาพไม่ตรงกับสินค้า")

    page = client.get(CONFIRM, follow=True).content.decode()
    assert "Your message cannot be sent: what you wrote about is no longer offered on Chumchon." in page
    assert "มีผ้าสีครามขนาด 2 เมตรไหมคะ" in page  # still hers to copy
    assert not Conversation.objects.exists()
    assert client.get(CONFIRM)["Location"] == "/en/inbox/"  # and the draft is forgotten


def test_the_confirm_page_is_in_thai(client, bob, listing):
    _visitor_writes(client, listing)
    client.force_login(bob)
    page = client.get("/inbox/new/confirm/").content.decode()
    assert "ตรวจข้อความแล้วกดส่ง" in page


def test_a_draft_older_than_a_day_is_forgotten(client, bob, listing):
    _visitor_writes(client, listing)
    client.force_login(bob)  # the session's data survives signing in
    session = client.session
    session[drafts.SESSION_KEY]["saved_at"] = (timezone.now() - dt.timedelta(days=1, minutes=1)).isoformat()
    session.save()
    response = client.get(CONFIRM, follow=True)
    assert "No message is waiting to be sent" in response.content.decode()
    assert drafts.SESSION_KEY not in client.session


def test_a_draft_is_cut_to_what_the_form_accepts():
    session = SessionStore()
    drafts.draft_keep(
        session,
        listing_pk=7,
        community_slug="",
        values={"body": "ก" * 50_000, "kind": "x" * 1000, "act_for": "3", "password": "secret"},
    )
    draft = drafts.draft_of(session)
    assert draft is not None
    assert len(draft.fields["body"]) == 5000
    assert len(draft.fields["kind"]) == 20
    assert set(draft.fields) == {"body", "kind"}
    assert draft.is_for(listing_pk=7, community_slug="") and not draft.is_for(listing_pk=8, community_slug="")


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_form_that_fails_validation_keeps_every_value_typed(client, bob, listing, signed_in):
    if signed_in:
        client.force_login(bob)
    typed = {
        "listing": listing.pk,
        "kind": "quote_request",
        "body": "ขอราคาสำหรับ 40 ท่าน",
        "quantity": "40",
        "budget": "12000",
        "date_from": "2030-02-10",
        "date_to": "2030-02-01",
    }
    response = client.post("/en/inbox/new/", typed)
    assert response.status_code == 200
    page = response.content.decode()
    assert "The end date must come after the start date." in page
    assert "ขอราคาสำหรับ 40 ท่าน" in page
    for value in ("40", "12000", "2030-02-10", "2030-02-01"):
        assert f'value="{value}"' in page
    assert re.search(r'value="quote_request"[^>]*checked', page)
    assert not Conversation.objects.exists()
    assert drafts.SESSION_KEY not in client.session  # nothing kept until it is valid


def test_a_draft_to_a_community_waits_for_it_and_not_for_another_page(client, bob, community, listing):
    response = client.post(
        "/en/inbox/new/", {"community": community.slug, "kind": "question", "body": "รับกลุ่ม 10 คนไหม"}
    )
    assert response.status_code == 302
    assert "รับกลุ่ม 10 คนไหม" in client.get(f"/en/inbox/new/?community={community.slug}").content.decode()
    assert "รับกลุ่ม 10 คนไหม" not in client.get(f"/en/inbox/new/?listing={listing.pk}").content.decode()
    client.force_login(bob)
    page = client.get(CONFIRM).content.decode()
    assert "รับกลุ่ม 10 คนไหม" in page
    assert f'action="/en/inbox/new/?community={community.slug}"' in page
