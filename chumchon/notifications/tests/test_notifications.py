import pytest

from chumchon.inquiries import services
from chumchon.notifications.channels import LineChannel
from chumchon.notifications.models import Notification
from chumchon.notifications.notifier import Notifier
from chumchon.notifications.services import preference_update
from chumchon.notifications.tests.fake_line import LINE_USER, fake_line  # noqa: F401 (used by other tests too)

pytestmark = pytest.mark.django_db


def test_it_emails_the_seller_in_her_language(alice, bob, community, mailoutbox, django_capture_on_commit_callbacks):
    alice.language = "en"
    alice.save()
    with django_capture_on_commit_callbacks(execute=True):
        conversation = services.conversation_start(buyer=bob, community=community, body="Do you ship to Bangkok?")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.subject == "[Chumchon] New inquiry from Bob"
    assert "Do you ship to Bangkok?" in mail.body
    assert f"https://chumchon.example/en/inbox/{conversation.pk}/" in mail.body


def test_it_emails_in_thai_by_default(alice, bob, conversation, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.message_post(conversation=conversation, author=alice, body="ส่งได้ค่ะ")
    assert mailoutbox[0].to == ["bob@example.com"]
    assert mailoutbox[0].subject == "[ชุมชน] ข้อความใหม่จาก Alice"


def test_it_respects_what_people_chose_to_receive(
    client, alice, bob, conversation, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    client.post("/inbox/settings/", {"on_new_inquiry": "on", "on_quote": "on", "on_deal": "on", "by_email": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        services.message_post(conversation=conversation, author=alice, body="ส่งได้ค่ะ")
    assert mailoutbox == []
    # It is still in Bob's list of notifications.
    assert "ข้อความใหม่จาก Alice" in client.get("/inbox/notifications/").content.decode()


def test_it_lists_notifications_and_marks_them_read(client, alice, conversation):
    client.force_login(alice)
    page = client.get("/en/inbox/notifications/").content.decode()
    assert "A request for a quote from Bob" in page
    client.post("/inbox/notifications/")
    assert not Notification.objects.filter(recipient=alice, read_at__isnull=True).exists()


def test_it_pushes_to_line_when_enabled(fake_line, alice, bob, community, django_capture_on_commit_callbacks):  # noqa: F811
    preference_update(user=alice, by_line=True, line_user_id=LINE_USER)
    with django_capture_on_commit_callbacks(execute=True):
        services.conversation_start(buyer=bob, community=community, body="มีผ้าสีครามไหมครับ")
    assert len(fake_line.received) == 1
    request = fake_line.received[0]
    assert request["path"] == "/v2/bot/message/push"
    assert request["headers"]["Authorization"] == "Bearer test-token"
    assert request["headers"]["Content-Type"].startswith("application/json")
    assert request["body"]["to"] == LINE_USER
    [message] = request["body"]["messages"]
    assert message["type"] == "text"
    assert "คำถามใหม่จาก Bob" in message["text"] and "มีผ้าสีครามไหมครับ" in message["text"]


def test_it_sends_nothing_to_line_unless_the_site_enables_it(
    fake_line,  # noqa: F811
    settings,
    alice,
    bob,
    community,
    django_capture_on_commit_callbacks,
):
    settings.LINE_NOTIFICATIONS_ENABLED = False
    preference_update(user=alice, by_line=True, line_user_id=LINE_USER)
    with django_capture_on_commit_callbacks(execute=True):
        services.conversation_start(buyer=bob, community=community, body="สวัสดี")
    assert fake_line.received == []


def test_it_logs_line_errors_without_raising(fake_line, alice, bob, community, caplog):  # noqa: F811
    fake_line.status = 401
    preference_update(user=alice, by_line=True, line_user_id=LINE_USER)
    [notification] = Notifier(channels=[LineChannel()]).notify(
        event="new_inquiry", recipients=[alice], actor=bob, excerpt="x"
    )
    assert Notifier(channels=[LineChannel()]).deliver(notification=notification, channel_name="line") is False
    assert "HTTP 401" in caplog.text


def test_it_logs_an_unreachable_line_server(settings, alice, bob, caplog):
    settings.LINE_NOTIFICATIONS_ENABLED = True
    settings.LINE_CHANNEL_ACCESS_TOKEN = "t"
    settings.LINE_MESSAGING_API_URL = "http://127.0.0.1:9/push"  # nothing listens on the discard port
    preference_update(user=alice, by_line=True, line_user_id=LINE_USER)
    [notification] = Notification.objects.bulk_create([Notification(recipient=alice, event="reply", actor=bob)])
    assert Notifier().deliver(notification=notification, channel_name="line") is False
    assert "LINE push" in caplog.text


def test_it_asks_for_the_line_user_id(client, bob):
    client.force_login(bob)
    response = client.post("/en/inbox/settings/", {"by_line": "on", "line_user_id": ""})
    assert "Enter your LINE user ID" in response.content.decode()
    response = client.post("/en/inbox/settings/", {"by_line": "on", "line_user_id": "bob-line"})
    assert "A LINE user ID is U followed by 32 letters and digits." in response.content.decode()
