import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chumchon.core.uploads import clean_photo_or_pdf
from chumchon.inquiries import services
from chumchon.inquiries.models import Attachment
from chumchon.inquiries.tests.conftest import image_bytes

pytestmark = pytest.mark.django_db


def test_it_shows_the_seller_how_to_reach_the_buyer_who_wrote(client, alice, bob, conversation):
    bob.phone = "0891112222"
    bob.save()
    client.force_login(alice)
    page = client.get(f"/en/inbox/{conversation.pk}/").content.decode()
    assert "bob@example.com" in page and "0891112222" in page
    assert "ขอราคาส่ง 20 ผืนครับ" in page
    assert "Teen Jok sarong" in page


def test_it_does_not_show_the_buyer_the_sellers_private_details_section(client, alice, bob, conversation):
    client.force_login(bob)
    page = client.get(f"/en/inbox/{conversation.pk}/").content.decode()
    assert "alice@example.com" not in page


def test_it_marks_the_conversation_read_when_opened(client, alice, conversation):
    client.force_login(alice)
    assert client.get("/en/inbox/").content.decode().count("is-unread") == 1
    client.get(f"/en/inbox/{conversation.pk}/")
    conversation.refresh_from_db()
    assert conversation.seller_read_seq == conversation.last_seq
    assert "is-unread" not in client.get("/en/inbox/").content.decode()


def test_it_posts_a_reply_with_a_photo(client, alice, conversation):
    client.force_login(alice)
    response = client.post(
        f"/inbox/{conversation.pk}/reply/",
        {"body": "มีสีคราม 20 ผืนค่ะ", "attachments": [SimpleUploadedFile("a.png", image_bytes("PNG"))]},
    )
    assert response.status_code == 302
    page = client.get(f"/inbox/{conversation.pk}/").content.decode()
    assert "มีสีคราม 20 ผืนค่ะ" in page
    attachment = Attachment.objects.get()
    assert attachment.get_absolute_url() in page


def test_it_refuses_a_file_that_is_not_a_photo_or_pdf(client, alice, conversation):
    client.force_login(alice)
    response = client.post(
        f"/en/inbox/{conversation.pk}/reply/",
        {"body": "ดูไฟล์", "attachments": [SimpleUploadedFile("run.exe", b"MZ\x90\x00binary")]},
        follow=True,
    )
    assert "run.exe" in response.content.decode()
    assert conversation.messages.count() == 1


def test_it_serves_attachments_to_participants_only(client, alice, bob, charlie, conversation):
    photo = clean_photo_or_pdf(__import__("io").BytesIO(image_bytes()), name="p.jpg")
    services.message_post(conversation=conversation, author=alice, body="", attachments=[photo])
    url = Attachment.objects.get().get_absolute_url()
    client.force_login(bob)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    client.force_login(charlie)
    assert client.get(url).status_code == 404


def test_it_escapes_message_text_and_marks_links_as_user_content(client, alice, bob, conversation):
    services.message_post(
        conversation=conversation, author=bob, body="<script>alert(1)</script> ดูที่ https://example.com/shop"
    )
    client.force_login(alice)
    page = client.get(f"/inbox/{conversation.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<a href="https://example.com/shop" rel="nofollow ugc noopener">' in page


def test_it_returns_only_new_messages_when_polled(client, alice, bob, conversation):
    client.force_login(bob)
    nothing = client.get(f"/inbox/{conversation.pk}/messages/?after=1", headers={"HX-Request": "true"})
    assert nothing.status_code == 204
    services.message_post(conversation=conversation, author=alice, body="ตอบแล้วค่ะ")
    new = client.get(f"/inbox/{conversation.pk}/messages/?after=1", headers={"HX-Request": "true"}).content.decode()
    assert "ตอบแล้วค่ะ" in new
    assert "ขอราคาส่ง" not in new
    assert "?after=2" in new  # the next poll asks for what comes after


def test_it_lets_the_seller_block_the_buyer(client, alice, bob, conversation):
    client.force_login(alice)
    client.post(f"/inbox/{conversation.pk}/block/{bob.pk}/")
    client.force_login(bob)
    response = client.post(f"/en/inbox/{conversation.pk}/reply/", {"body": "ฮัลโหล"}, follow=True)
    assert "You cannot send messages in this conversation any more." in response.content.decode()


def test_it_reports_a_conversation_to_the_officers(
    client, bob, officer, conversation, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/inbox/{conversation.pk}/report/", {"reason": "ผู้ขายขอให้โอนเงินไปบัญชีอื่น"})
    assert [mail.to for mail in mailoutbox] == [["officer@example.com"]]
    client.force_login(officer)
    page = client.get(f"/en/inbox/{conversation.pk}/").content.decode()
    assert "ขอราคาส่ง 20 ผืนครับ" in page
    assert "reported conversation as an officer" in page
    assert f'action="/en/inbox/{conversation.pk}/reply/"' not in page
    assert client.post(f"/inbox/{conversation.pk}/reply/", {"body": "officer"}).status_code == 404
