"""The registry of kinds: every app's kinds are found at startup and speak both languages."""

import pytest

from chumchon.notifications import kinds
from chumchon.notifications.models import Notification
from chumchon.notifications.notifier import Notifier, notify

pytestmark = pytest.mark.django_db


def test_it_finds_every_apps_kinds_at_startup():
    keys = {kind.key for kind in kinds.all_kinds()}
    assert {"inquiries.quote_accepted", "matching.request_received", "programmes.overdue"} <= keys


@pytest.mark.parametrize("language", ["th", "en"])
def test_it_words_every_kind_in_both_languages(alice, bob, language):
    for kind in kinds.all_kinds():
        detail = f"{kind.detail}:1:" if kind.detail == "overdue" else kind.detail
        notification = Notification(recipient=alice, actor=bob, event=kind.event, detail=detail, excerpt="…")
        assert kinds.kind_of(notification) == kind
        notice = Notifier().describe(notification, language=language, absolute=False)
        assert notice.subject and "%(" not in notice.subject + notice.text, kind.key
        assert notice.url.startswith("/")


def test_it_words_a_quote_with_its_total(alice, bob):
    notification = Notification(recipient=alice, actor=bob, event="quote", detail="sent:50,000.00 THB")
    notice = Notifier().describe(notification, language="en")
    assert notice.text == "Bob sent you a quote for 50,000.00 THB."


def test_it_refuses_an_event_no_app_registered(alice):
    with pytest.raises(ValueError, match="no notification kind"):
        notify(event="meteor", recipients=[alice])
    assert not Notification.objects.exists()


def test_only_kinds_with_a_switch_can_be_turned_off():
    assert kinds.get("matching.request_received").preference == "on_matching"
    assert kinds.get("matching.request_received").optional
    assert not kinds.get("programmes.overdue").optional


def test_it_refuses_a_kind_registered_twice():
    with pytest.raises(ValueError, match="registered twice"):
        kinds.register(kinds.get("inquiries.reply"))
