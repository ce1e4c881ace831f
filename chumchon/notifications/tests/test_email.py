"""A notification e-mail is sent as text with an HTML alternative, in its recipient's language, with
the site's name and absolute links; a request for quote is told as one, not as a question."""

from __future__ import annotations

import pytest

from chumchon.inquiries import services
from chumchon.inquiries.models import InquiryKind

pytestmark = pytest.mark.django_db

SITE = "https://chumchon.example"


def the_html(mail) -> str:
    [(html, mimetype)] = mail.alternatives
    assert mimetype == "text/html"
    return html


def ask(buyer, community, body, kind, captured):
    with captured(execute=True):
        return services.conversation_start(buyer=buyer, community=community, body=body, kind=kind)


def test_an_english_reader_gets_text_and_html_in_english(
    alice, bob, community, mailoutbox, django_capture_on_commit_callbacks
):
    alice.language = "en"
    alice.save()
    conversation = ask(
        bob, community, "Do you ship to Bangkok?", InquiryKind.QUESTION, django_capture_on_commit_callbacks
    )
    [mail] = mailoutbox
    html = the_html(mail)
    assert mail.subject == "[Chumchon] New inquiry from Bob"
    assert "Do you ship to Bangkok?" in mail.body and "Do you ship to Bangkok?" in html
    assert '<html lang="en">' in html
    assert "Chumchon" in html and "New inquiry from Bob" in html and "Open it on Chumchon" in html
    assert f'href="{SITE}/en/inbox/{conversation.pk}/"' in html
    assert f'href="{SITE}/en/inbox/settings/"' in html
    # Every link is absolute, on the site.
    links = html.split('href="')[1:]
    assert links and all(link.startswith(SITE + "/") for link in links)


def test_a_thai_reader_gets_text_and_html_in_thai(
    alice, bob, community, mailoutbox, django_capture_on_commit_callbacks
):
    conversation = ask(bob, community, "ส่งกรุงเทพได้ไหมคะ", InquiryKind.QUESTION, django_capture_on_commit_callbacks)
    [mail] = mailoutbox
    html = the_html(mail)
    assert mail.subject == "[ชุมชน] คำถามใหม่จาก Bob"
    assert '<html lang="th">' in html
    assert "ชุมชน" in html and "คำถามใหม่จาก Bob" in html and "เปิดดูบนชุมชน" in html
    assert "Open it on" not in html
    assert f'href="{SITE}/inbox/{conversation.pk}/"' in html
    assert f'href="{SITE}/inbox/settings/"' in html


def test_the_html_escapes_what_people_wrote(alice, bob, community, mailoutbox, django_capture_on_commit_callbacks):
    ask(bob, community, 'Hello <script>alert("x")</script>', InquiryKind.QUESTION, django_capture_on_commit_callbacks)
    [mail] = mailoutbox
    html = the_html(mail)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert '<script>alert("x")</script>' in mail.body  # the text part is plain text


@pytest.mark.parametrize(
    ("language", "subject"),
    [("en", "[Chumchon] A request for a quote from Bob"), ("th", "[ชุมชน] ขอใบเสนอราคาจาก Bob")],
)
def test_a_request_for_quote_is_titled_as_one(
    alice, bob, community, mailoutbox, django_capture_on_commit_callbacks, language, subject
):
    alice.language = language
    alice.save()
    ask(bob, community, "50 scarves for March, please.", InquiryKind.QUOTE_REQUEST, django_capture_on_commit_callbacks)
    [mail] = mailoutbox
    assert mail.subject == subject
    assert subject.split("] ")[1] in the_html(mail)
    assert "inquiry" not in mail.subject and "คำถาม" not in mail.subject
