"""Linking a person's LINE to their notifications through the official account: the settings
page's QR code and one-time code, the signed webhook, follow, unlink and erasure."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse
from django.utils import timezone

from chumchon.accounts.services import user_erase
from chumchon.notifications.models import LineLinkCode, NotificationPreference
from chumchon.notifications.services import line_code_issue, line_link
from chumchon.notifications.tests.fake_line import (
    LINE_USER,
    OFFICIAL_ACCOUNT,
    fake_line,  # noqa: F401
    follow_event,
    signed_headers,
    text_event,
    webhook_body,
)

pytestmark = pytest.mark.django_db

OTHER_LINE_USER = "U" + "fedcba9876543210" * 2
WEBHOOK = "/line/webhook/"


def post_webhook(client, body: bytes, headers: dict[str, str] | None = None):
    return client.post(WEBHOOK, data=body, content_type="application/json", headers=headers or {})


def send(client, django_capture_on_commit_callbacks, *events):
    body = webhook_body(*events)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_webhook(client, body, signed_headers(body))
    assert response.status_code == 200
    return response


def line_id_of(user) -> str:
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference.line_user_id if preference else ""


# --- the settings page ------------------------------------------------------------------------


def test_it_shows_the_add_friend_qr_and_a_code_when_line_is_configured(fake_line, client, alice):  # noqa: F811
    client.force_login(alice)
    response = client.get(reverse("notifications:settings"))
    page = response.content.decode()
    code = LineLinkCode.objects.get(user=alice)
    assert 'src="data:image/svg+xml' in page  # the QR code, made here
    assert f"https://line.me/R/ti/p/{OFFICIAL_ACCOUNT}" in page
    assert code.code in page
    assert f"https://line.me/R/oaMessage/{OFFICIAL_ACCOUNT}/?{code.code}" in page
    assert 'name="line_user_id"' not in page  # nothing to type
    assert client.get(reverse("notifications:settings")).content.decode().count(code.code) >= 1  # same code


def test_it_shows_no_qr_nor_code_without_the_official_account(client, alice, settings):
    settings.LINE_OFFICIAL_ACCOUNT_ID = ""
    settings.LINE_CHANNEL_SECRET = ""
    client.force_login(alice)
    page = client.get(reverse("notifications:settings")).content.decode()
    assert "data:image/svg+xml" not in page
    assert "line.me/R/ti/p/" not in page
    assert not LineLinkCode.objects.exists()
    assert 'name="line_user_id"' in page  # the ID can still be typed


def test_it_says_linked_and_unlinks_from_the_page(fake_line, client, alice):  # noqa: F811
    line_link(user=alice, line_user_id=LINE_USER)
    client.force_login(alice)
    page = client.get(reverse("notifications:settings")).content.decode()
    assert "เชื่อมต่อ LINE แล้ว" in page
    assert "data:image/svg+xml" not in page
    response = client.post(reverse("notifications:line_unlink"), follow=True)
    assert line_id_of(alice) == ""
    assert not NotificationPreference.objects.get(user=alice).by_line
    assert "data:image/svg+xml" in response.content.decode()  # she may link again


def test_saving_settings_keeps_the_linked_line(fake_line, client, alice):  # noqa: F811
    line_link(user=alice, line_user_id=LINE_USER)
    client.force_login(alice)
    client.post(reverse("notifications:settings"), {"on_reply": "on", "by_email": "on", "by_line": "on"})
    preference = NotificationPreference.objects.get(user=alice)
    assert preference.line_user_id == LINE_USER and preference.by_line and not preference.on_new_inquiry


def test_line_cannot_be_chosen_before_it_is_linked(fake_line, client, alice):  # noqa: F811
    client.force_login(alice)
    response = client.post(reverse("notifications:settings"), {"by_email": "on", "by_line": "on"})
    assert "ก่อนอื่นเชื่อมต่อ LINE" in response.content.decode()
    assert not NotificationPreference.objects.filter(user=alice, by_line=True).exists()


# --- the webhook's signature ------------------------------------------------------------------


def test_a_signed_webhook_is_accepted(fake_line, client):  # noqa: F811
    body = webhook_body()  # what LINE's console sends to "Verify" the address
    assert post_webhook(client, body, signed_headers(body)).status_code == 200


@pytest.mark.parametrize(
    ("headers", "said"),
    [({"X-Line-Signature": "d3Jvbmc="}, "wrong"), ({}, "missing")],
    ids=["wrong", "missing"],
)
def test_a_webhook_with_a_wrong_or_missing_signature_is_refused_and_logged(
    fake_line,  # noqa: F811
    client,
    alice,
    caplog,
    headers,
    said,
):
    code = line_code_issue(user=alice)
    body = webhook_body(text_event(code.code))
    with caplog.at_level(logging.WARNING, logger="chumchon.notifications.views"):
        response = post_webhook(client, body, headers)
    assert response.status_code == 403
    assert f"LINE webhook refused: {said} signature" in caplog.text
    assert line_id_of(alice) == ""
    assert fake_line.replies() == []


def test_a_body_signed_with_another_secret_is_refused(fake_line, client, alice):  # noqa: F811
    code = line_code_issue(user=alice)
    body = webhook_body(text_event(code.code))
    assert post_webhook(client, body, signed_headers(body, "someone-elses-secret")).status_code == 403
    assert line_id_of(alice) == ""


def test_the_webhook_is_refused_when_the_site_has_no_channel_secret(fake_line, client, settings):  # noqa: F811
    body = webhook_body()
    headers = signed_headers(body)
    settings.LINE_CHANNEL_SECRET = ""
    assert post_webhook(client, body, headers).status_code == 403


def test_the_webhook_takes_posts_only(client):
    assert client.get(WEBHOOK).status_code == 405


# --- linking by code --------------------------------------------------------------------------


def test_a_valid_code_links_the_sender_and_replies_in_her_language(
    fake_line,  # noqa: F811
    client,
    alice,
    django_capture_on_commit_callbacks,
):
    alice.language = "en"
    alice.save()
    code = line_code_issue(user=alice)
    send(client, django_capture_on_commit_callbacks, text_event(f"my code {code.code.lower()}"))
    preference = NotificationPreference.objects.get(user=alice)
    assert preference.line_user_id == LINE_USER and preference.by_line
    [reply] = fake_line.replies()
    assert reply["body"]["replyToken"] == "reply-token-1"
    assert reply["body"]["messages"][0]["text"].startswith("Linked! Chumchon will tell Alice here")
    assert reply["headers"]["Authorization"] == "Bearer test-token"


def test_the_reply_is_in_thai_for_a_thai_speaker(fake_line, client, alice, django_capture_on_commit_callbacks):  # noqa: F811
    alice.language = "th"
    alice.save()
    code = line_code_issue(user=alice)
    send(client, django_capture_on_commit_callbacks, text_event(code.code))
    assert fake_line.replies()[0]["body"]["messages"][0]["text"].startswith("เชื่อมต่อแล้ว")


def test_a_used_code_does_not_link_again(fake_line, client, alice, django_capture_on_commit_callbacks):  # noqa: F811
    code = line_code_issue(user=alice).code
    send(client, django_capture_on_commit_callbacks, text_event(code))
    send(client, django_capture_on_commit_callbacks, text_event(code, user_id=OTHER_LINE_USER))
    assert line_id_of(alice) == LINE_USER
    assert "ไม่ถูกต้องหรือหมดอายุ" in fake_line.replies()[-1]["body"]["messages"][0]["text"]


def test_an_expired_code_does_not_link(fake_line, client, alice, django_capture_on_commit_callbacks):  # noqa: F811
    code = line_code_issue(user=alice)
    LineLinkCode.objects.filter(pk=code.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    send(client, django_capture_on_commit_callbacks, text_event(code.code))
    assert line_id_of(alice) == ""
    assert not LineLinkCode.objects.filter(pk=code.pk).exists()
    assert "ไม่ถูกต้องหรือหมดอายุ" in fake_line.replies()[0]["body"]["messages"][0]["text"]


def test_a_code_links_its_owner_only(fake_line, client, alice, bob, django_capture_on_commit_callbacks):  # noqa: F811
    line_link(user=bob, line_user_id=OTHER_LINE_USER)
    alices = line_code_issue(user=alice)
    bobs = line_code_issue(user=bob)
    assert alices.code != bobs.code
    send(client, django_capture_on_commit_callbacks, text_event(alices.code))  # sent from Alice's LINE
    assert line_id_of(alice) == LINE_USER
    assert line_id_of(bob) == OTHER_LINE_USER  # Bob's link is untouched
    assert LineLinkCode.objects.filter(user=bob).exists()  # and his code still waits for him


def test_a_new_code_replaces_an_old_one_nearly_expired(alice):
    first = line_code_issue(user=alice)
    assert line_code_issue(user=alice).code == first.code
    LineLinkCode.objects.filter(pk=first.pk).update(expires_at=timezone.now() + timedelta(seconds=30))
    second = line_code_issue(user=alice)
    assert second.code != first.code
    assert LineLinkCode.objects.filter(user=alice).count() == 1


def test_guessing_codes_stops_after_ten_wrong_ones(fake_line, client, alice, django_capture_on_commit_callbacks):  # noqa: F811
    code = line_code_issue(user=alice)
    for _ in range(10):
        send(client, django_capture_on_commit_callbacks, text_event("ZZZZZZ"))
    send(client, django_capture_on_commit_callbacks, text_event(code.code))
    assert line_id_of(alice) == ""


def test_a_message_without_a_code_gets_no_answer(fake_line, client, alice, django_capture_on_commit_callbacks):  # noqa: F811
    send(client, django_capture_on_commit_callbacks, text_event("สวัสดีค่ะ"))
    assert fake_line.replies() == []


# --- linking on follow, unfollow, erasure -----------------------------------------------------


def test_following_links_at_once_who_signed_in_with_line(fake_line, client, alice, django_capture_on_commit_callbacks):  # noqa: F811
    SocialAccount.objects.create(user=alice, provider="line", uid=LINE_USER)
    send(client, django_capture_on_commit_callbacks, follow_event())
    preference = NotificationPreference.objects.get(user=alice)
    assert preference.line_user_id == LINE_USER and preference.by_line
    assert "เชื่อมต่อแล้ว" in fake_line.replies()[0]["body"]["messages"][0]["text"]


def test_following_as_a_stranger_links_nobody_and_asks_for_the_code(
    fake_line,  # noqa: F811
    client,
    alice,
    django_capture_on_commit_callbacks,
):
    SocialAccount.objects.create(user=alice, provider="line", uid=OTHER_LINE_USER)
    send(client, django_capture_on_commit_callbacks, follow_event())
    assert not NotificationPreference.objects.exclude(line_user_id="").exists()
    assert "รหัส" in fake_line.replies()[0]["body"]["messages"][0]["text"]


def test_blocking_the_account_forgets_the_link(fake_line, client, alice, django_capture_on_commit_callbacks):  # noqa: F811
    line_link(user=alice, line_user_id=LINE_USER)
    send(
        client,
        django_capture_on_commit_callbacks,
        {"type": "unfollow", "source": {"type": "user", "userId": LINE_USER}, "mode": "active"},
    )
    assert line_id_of(alice) == ""


def test_erasing_the_account_clears_the_line_link_and_code(fake_line, alice):  # noqa: F811
    line_link(user=alice, line_user_id=LINE_USER)
    line_code_issue(user=alice)
    SocialAccount.objects.create(user=alice, provider="line", uid=LINE_USER)
    user_erase(user=alice)
    assert not NotificationPreference.objects.filter(line_user_id=LINE_USER).exists()
    assert not LineLinkCode.objects.exists()
    assert not SocialAccount.objects.exists()


def test_pushes_go_to_the_linked_line(fake_line, client, alice, bob, community, django_capture_on_commit_callbacks):  # noqa: F811
    from chumchon.inquiries import services as inquiries

    code = line_code_issue(user=alice)
    send(client, django_capture_on_commit_callbacks, text_event(code.code))
    with django_capture_on_commit_callbacks(execute=True):
        inquiries.conversation_start(buyer=bob, community=community, body="ส่งกรุงเทพได้ไหมคะ")
    [push] = fake_line.pushes()
    assert push["body"]["to"] == LINE_USER
    assert "ส่งกรุงเทพได้ไหมคะ" in push["body"]["messages"][0]["text"]


def test_the_profile_leads_to_notifications_and_line(client, alice):
    client.force_login(alice)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert f'href="{reverse("notifications:settings")}">การแจ้งเตือนและ LINE</a>' in page
