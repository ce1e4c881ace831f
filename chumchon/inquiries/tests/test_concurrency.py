"""Many people typing at once into one conversation: every message is stored, numbered in the
order it was stored, with no gaps and no duplicates."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from chumchon.inquiries import services
from chumchon.inquiries.models import Conversation, Message

pytestmark = pytest.mark.django_db(transaction=True)

POSTS = 200


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite serialises writers itself"
)
def test_it_stores_200_concurrent_messages_in_order(places_data, settings, alice, bob, listing, community):
    settings.RATE_LIMITS = {"message": (10_000, 600)}
    conversation = services.conversation_start(buyer=bob, community=community, listing=listing, body="เริ่ม")

    def post(number: int) -> int:
        from django.db import connections

        try:
            author = alice if number % 2 else bob
            target = Conversation.objects.get(pk=conversation.pk)
            return services.message_post(conversation=target, author=author, body=f"ข้อความที่ {number}").seq
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=16) as pool:
        seqs = list(pool.map(post, range(POSTS)))

    assert sorted(seqs) == list(range(2, POSTS + 2))
    stored = list(Message.objects.filter(conversation=conversation).order_by("id").values_list("seq", "body"))
    assert len(stored) == POSTS + 1
    # Stored in order: ids (the insertion order) and sequence numbers agree.
    assert [seq for seq, _body in stored] == list(range(1, POSTS + 2))
    assert {body for _seq, body in stored[1:]} == {f"ข้อความที่ {n}" for n in range(POSTS)}
    assert Conversation.objects.get(pk=conversation.pk).last_seq == POSTS + 1
