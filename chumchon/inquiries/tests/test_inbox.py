import pytest

from chumchon.accounts.models import Membership
from chumchon.inquiries import services
from chumchon.inquiries.selectors import unread_count
from chumchon.inquiries.tests.factories import ConversationFactory

pytestmark = pytest.mark.django_db


def test_it_lists_conversations_with_the_buyer_for_the_seller(client, alice, conversation):
    client.force_login(alice)
    page = client.get("/en/inbox/").content.decode()
    assert "Bob" in page and "ขอราคาส่ง 20 ผืนครับ" in page
    assert "New" in page


def test_it_lists_conversations_with_the_community_for_the_buyer(client, bob, conversation):
    client.force_login(bob)
    page = client.get("/en/inbox/").content.decode()
    assert "Hat Siao Weavers" in page
    assert "is-unread" not in page  # Bob wrote the only message


def test_it_shows_the_unread_count_in_the_header(client, alice, bob, conversation):
    client.force_login(bob)
    assert "unread conversation" not in client.get("/en/").content.decode()
    services.message_post(conversation=conversation, author=alice, body="มีค่ะ")
    assert "(1 unread conversation)" in client.get("/en/").content.decode()


def test_it_shows_nothing_of_the_inbox_to_visitors(client):
    page = client.get("/en/").content.decode()
    assert "/inbox/" not in page


def test_it_counts_unread_conversations_in_one_query(alice, conversation, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert unread_count(alice) == 1


def test_it_lists_the_inbox_in_constant_queries(client, alice, seller_org, community, django_assert_max_num_queries):
    def count_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get("/inbox/").status_code == 200
        return len(captured)

    client.force_login(alice)
    client.get("/inbox/")  # a session's first page also records what later pages read from it
    ConversationFactory.create_batch(2, seller=seller_org, community=community)
    few = count_queries()
    ConversationFactory.create_batch(15, seller=seller_org, community=community)
    many = count_queries()
    assert few == many
    assert many <= 10


def test_it_paginates_a_busy_inbox(client, alice, seller_org, community):
    ConversationFactory.create_batch(21, seller=seller_org, community=community)
    client.force_login(alice)
    page = client.get("/en/inbox/").content.decode()
    assert "Page 1 of 2" in page
    assert Membership.objects.filter(user=alice).count() == 1
