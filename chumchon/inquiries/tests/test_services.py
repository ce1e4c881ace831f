import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from chumchon.accounts.services import organisation_create
from chumchon.core.ratelimit import RateLimited
from chumchon.core.uploads import clean_photo_or_pdf
from chumchon.inquiries import services
from chumchon.inquiries.models import Conversation, Deal, DealStatus, Message, QuoteStatus, Side
from chumchon.inquiries.tests.conftest import image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Service errors are checked by their English words."""
    with translation.override("en"):
        yield


def test_it_keeps_one_conversation_per_buyer_and_seller(conversation, bob, community, listing):
    again = services.conversation_start(buyer=bob, community=community, body="อีกคำถามครับ")
    assert again == conversation
    assert [m.seq for m in conversation.messages.all()] == [1, 2]
    assert conversation.inquiries.count() == 2


def test_it_starts_a_separate_conversation_for_the_buyers_organisation(conversation, bob, community):
    company = organisation_create(by=bob, name="บริษัททัวร์", kind="company")
    other = services.conversation_start(buyer=bob, community=community, body="สำหรับบริษัท", buyer_organisation=company)
    assert other != conversation
    assert other.buyer_organisation == company


def test_it_refuses_a_community_without_an_organisation(bob, community):
    community.organisation = None
    community.save()
    with pytest.raises(ValidationError, match="does not take messages"):
        services.conversation_start(buyer=bob, community=community, body="สวัสดี")


def test_it_refuses_writing_to_your_own_organisation(alice, community):
    with pytest.raises(ValidationError, match="your own"):
        services.conversation_start(buyer=alice, community=community, body="สวัสดี")


def test_it_numbers_messages_and_tracks_read_state(conversation, alice, bob):
    services.message_post(conversation=conversation, author=alice, body="ได้ค่ะ")
    conversation.refresh_from_db()
    assert conversation.last_seq == 2
    assert conversation.seller_read_seq == 2  # the seller has read up to her own reply
    assert conversation.buyer_read_seq == 1  # Bob has not seen it yet
    assert conversation.first_seller_reply_at is not None


def test_it_refuses_people_outside_the_conversation(conversation, charlie):
    with pytest.raises(PermissionDenied):
        services.message_post(conversation=conversation, author=charlie, body="hello")


def test_it_rate_limits_messages_per_person(conversation, bob, settings):
    settings.RATE_LIMITS = {"message": (3, 600)}
    for number in range(3):
        services.message_post(conversation=conversation, author=bob, body=f"ข้อความ {number}")
    with pytest.raises(RateLimited, match="very fast"):
        services.message_post(conversation=conversation, author=bob, body="อีกข้อความ")
    assert conversation.messages.count() == 4


def test_it_rate_limits_new_conversations(bob, community, settings):
    settings.RATE_LIMITS = {"conversation": (2, 3600)}
    services.conversation_start(buyer=bob, community=community, body="หนึ่ง")
    services.conversation_start(buyer=bob, community=community, body="สอง")
    with pytest.raises(RateLimited):
        services.conversation_start(buyer=bob, community=community, body="สาม")


def test_it_stops_a_blocked_person_from_writing(conversation, alice, bob, community):
    services.person_block(by=alice, person=bob)
    with pytest.raises(ValidationError, match="cannot send"):
        services.message_post(conversation=conversation, author=bob, body="ทำไมไม่ตอบ")
    with pytest.raises(ValidationError, match="cannot send"):
        services.conversation_start(buyer=bob, community=community, body="อีกครั้ง")
    services.person_unblock(by=alice, person=bob)
    services.message_post(conversation=conversation, author=bob, body="ขอบคุณครับ")


def test_it_stores_photos_without_metadata_and_pdfs_as_they_are(conversation, bob):
    photo = clean_photo_or_pdf(io.BytesIO(image_bytes("PNG")), name="ลาย.png")
    pdf = clean_photo_or_pdf(io.BytesIO(b"%PDF-1.4\n%%EOF\n"), name="spec.pdf")
    message = services.message_post(conversation=conversation, author=bob, body="", attachments=[photo, pdf])
    kinds = sorted((a.kind, a.name) for a in message.attachments.all())
    assert kinds == [("image", "ลาย.jpg"), ("pdf", "spec.pdf")]
    assert message.attachments.get(kind="pdf").file.read().startswith(b"%PDF-")


def test_it_refuses_files_that_are_neither_photos_nor_pdfs():
    with pytest.raises(ValidationError, match=r"virus\.exe"):
        clean_photo_or_pdf(io.BytesIO(b"MZ\x90\x00 not a photo"), name="virus.exe")
    with pytest.raises(ValidationError, match="SVG"):
        clean_photo_or_pdf(io.BytesIO(b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'), name="x.svg")


def test_it_refuses_pdfs_over_ten_megabytes():
    big = io.BytesIO(b"%PDF-" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError, match="10 MB"):
        clean_photo_or_pdf(big, name="catalogue.pdf")


def test_it_totals_a_quote_and_turns_an_accepted_one_into_a_deal_for_the_seller_to_confirm(quote, bob, alice):
    assert quote.total == Decimal("40000.00")
    deal = services.quote_accept(quote=quote, by=bob)
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.ACCEPTED
    assert (deal.value, deal.status, deal.confirming_side) == (Decimal("40000.00"), "pending_confirmation", "seller")
    assert not Deal.objects.confirmed().exists()
    services.deal_confirm(deal=deal, by=alice)
    assert list(Deal.objects.confirmed()) == [deal]


def test_it_does_not_let_the_seller_accept_her_own_quote(quote, alice):
    with pytest.raises(PermissionDenied):
        services.quote_accept(quote=quote, by=alice)


def test_it_refuses_an_expired_quote(quote, bob):
    quote.valid_until = timezone.localdate() - dt.timedelta(days=1)
    quote.save()
    with pytest.raises(ValidationError, match="expired"):
        services.quote_accept(quote=quote, by=bob)


def test_it_answers_a_quote_only_once(quote, bob):
    services.quote_decline(quote=quote, by=bob)
    with pytest.raises(ValidationError, match="already"):
        services.quote_accept(quote=quote, by=bob)


def test_it_records_a_deal_for_the_other_side_to_confirm(conversation, alice, bob):
    deal = services.deal_record(
        by=alice, conversation=conversation, value="1500", date=timezone.localdate(), kind="booking", source="walk_in"
    )
    assert deal.confirming_side == Side.BUYER
    with pytest.raises(PermissionDenied):
        services.deal_confirm(deal=deal, by=alice)  # the recorder cannot confirm her own claim
    services.deal_dispute(deal=deal, by=bob, reason="ยังไม่ได้จองครับ")
    deal.refresh_from_db()
    assert deal.status == DealStatus.DISPUTED
    assert not Deal.objects.confirmed().exists()


def test_it_refuses_a_deal_without_value(conversation, alice):
    with pytest.raises(ValidationError, match="more than zero"):
        services.deal_record(
            by=alice, conversation=conversation, value="0", date=timezone.localdate(), kind="booking", source="walk_in"
        )


def test_it_lets_officers_read_a_conversation_only_once_reported(conversation, bob, officer):
    from django.http import Http404

    from chumchon.inquiries.selectors import conversation_for

    with pytest.raises(Http404):
        conversation_for(user=officer, pk=conversation.pk)
    services.conversation_report(conversation=conversation, by=bob, reason="ขอเงินนอกระบบ")
    assert conversation_for(user=officer, pk=conversation.pk)[1] == "officer"


def test_it_keeps_messages_in_order(conversation, alice, bob):
    for number in range(10):
        services.message_post(conversation=conversation, author=alice if number % 2 else bob, body=str(number))
    seqs = list(Message.objects.filter(conversation=conversation).order_by("id").values_list("seq", flat=True))
    assert seqs == list(range(1, 12))
    assert Conversation.objects.get(pk=conversation.pk).last_seq == 11
