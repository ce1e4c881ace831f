import datetime as dt

import pytest
from django.utils import timezone, translation

from chumchon.inquiries.selectors import responsiveness
from chumchon.inquiries.templatetags.inquiries import responsiveness_text
from chumchon.inquiries.tests.factories import ConversationFactory

pytestmark = pytest.mark.django_db


def _asked(seller_org, community, *, hours_to_reply, days_ago=1):
    asked = timezone.now() - dt.timedelta(days=days_ago)
    ConversationFactory(
        seller=seller_org,
        community=community,
        first_buyer_message_at=asked,
        first_seller_reply_at=None if hours_to_reply is None else asked + dt.timedelta(hours=hours_to_reply),
    )


def test_it_shows_the_response_rate_and_median_first_response_on_the_community_page(client, seller_org, community):
    for hours in (1, 2, 2, 3, 5, 1.5, 2.5, 2, 2):
        _asked(seller_org, community, hours_to_reply=hours)
    _asked(seller_org, community, hours_to_reply=None)
    page = client.get(f"/c/{community.slug}/").content.decode()
    assert "ตอบกลับ 9 ใน 10 ข้อความ ภายในประมาณ 2 ชั่วโมง" in page
    english = client.get(f"/en/c/{community.slug}/").content.decode()
    assert "Replies to 9 of 10 messages, usually within about 2 hours" in english


def test_it_says_nothing_with_too_little_data(client, seller_org, community):
    _asked(seller_org, community, hours_to_reply=1)
    _asked(seller_org, community, hours_to_reply=1)
    assert responsiveness(seller_org) is None
    assert "ข้อความ ภายใน" not in client.get(f"/c/{community.slug}/").content.decode()


def test_it_counts_only_the_last_ninety_days(seller_org, community):
    for _ in range(3):
        _asked(seller_org, community, hours_to_reply=None, days_ago=120)
    for _ in range(3):
        _asked(seller_org, community, hours_to_reply=0.25)
    stats = responsiveness(seller_org)
    assert stats is not None
    assert (stats.asked, stats.replied) == (3, 3)
    with translation.override("en"):
        text = responsiveness_text(stats)
    assert text == "Replies to 3 of 3 messages, usually within about 15 minutes"
