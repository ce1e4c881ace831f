"""Reviews you can trust: who may review what, once; the seller's reply; reports; moderation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from chumchon.accounts.models import AuditEntry
from chumchon.matching.models import Meeting, MeetingStatus
from chumchon.matching.tests.test_outcomes import make_meeting
from chumchon.notifications.models import Notification
from chumchon.reviews import selectors, services
from chumchon.reviews.models import Review, ReviewStatus

pytestmark = pytest.mark.django_db


def test_it_refuses_a_review_before_the_booking_is_completed(session, bob, alice):
    from chumchon.bookings.services import booking_accept, booking_create

    booking = booking_accept(booking=booking_create(session=session, buyer=bob, people=2), by=alice)
    with pytest.raises(ValidationError) as refused:
        services.review_create(reviewer=bob, booking=booking, stars=5, text="ดีมาก")
    assert refused.value.code == "not_completed"
    assert Review.objects.count() == 0


def test_a_completed_booking_is_reviewed_once_and_the_seller_is_told(completed_booking, bob, alice):
    review = services.review_create(reviewer=bob, booking=completed_booking, stars=5, text="Lovely", language="en")
    assert (review.listing, review.community, review.seller) == (
        completed_booking.listing,
        completed_booking.community,
        completed_booking.seller,
    )
    assert Notification.objects.filter(recipient=alice, detail=f"review_new:{review.pk}").exists()
    with pytest.raises(ValidationError):
        services.review_create(reviewer=bob, booking=completed_booking, stars=1, text="again")
    assert Review.objects.count() == 1


def test_the_database_refuses_a_second_review_of_one_booking(review, bob):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(
            booking=review.booking, reviewer=bob, seller=review.seller, stars=3, text="twice", language="en"
        )


def test_someone_elses_booking_is_refused(completed_booking, charlie):
    with pytest.raises(Http404):
        selectors.booking_to_review(user=charlie, pk=completed_booking.pk)
    with pytest.raises(PermissionDenied):
        services.review_create(reviewer=charlie, booking=completed_booking, stars=1, text="ไม่เคยไป")
    assert Review.objects.count() == 0


@pytest.mark.parametrize(("stars", "text"), [(0, "ok"), (6, "ok"), (5, "   "), ("x", "ok")])
def test_stars_are_1_to_5_and_words_are_needed(completed_booking, bob, stars, text):
    with pytest.raises(ValidationError):
        services.review_create(reviewer=bob, booking=completed_booking, stars=stars, text=text)
    assert Review.objects.count() == 0


def _deal(bob, alice, seller_org, community, *, confirm: bool):
    from chumchon.inquiries.services import deal_confirm, deal_record

    deal = deal_record(
        by=alice, value=Decimal("5000"), date=timezone.localdate(), kind="product_sale", source="walk_in",
        seller=seller_org, community=community, buyer=bob,
    )  # fmt: skip
    return deal_confirm(deal=deal, by=bob) if confirm else deal


def test_a_confirmed_deal_is_reviewed_by_its_buyer_only(bob, alice, charlie, seller_org, community):
    pending = _deal(bob, alice, seller_org, community, confirm=False)
    with pytest.raises(ValidationError):
        services.review_create(reviewer=bob, deal=pending, stars=4, text="ok")
    deal = _deal(bob, alice, seller_org, community, confirm=True)
    with pytest.raises(Http404):
        selectors.deal_to_review(user=alice, pk=deal.pk)  # the seller's side does not review itself
    with pytest.raises(PermissionDenied):
        services.review_create(reviewer=charlie, deal=deal, stars=4, text="ok")
    review = services.review_create(reviewer=bob, deal=deal, stars=4, text="ผ้าสวย ส่งตรงเวลา")
    assert review.community == community


def test_a_bookings_own_deal_is_not_a_second_transaction(completed_booking, bob):
    assert completed_booking.payments.get().deal is not None
    with pytest.raises(ValidationError) as refused:
        services.review_create(reviewer=bob, deal=completed_booking.payments.get().deal, stars=5, text="twice")
    assert refused.value.code == "review_the_booking"


def test_each_side_of_a_held_meeting_reviews_the_other_once(event, make_participant, charlie):
    buyer = make_participant(event, "buyer", name="Sukhothai Heritage Hotel")
    seller = make_participant(event, "seller", name="กลุ่มสังคโลกบ้านเกาะน้อย")
    meeting = make_meeting(event, buyer, seller, held=False)
    with pytest.raises(ValidationError):
        services.review_create(reviewer=buyer.person, meeting=meeting, stars=5, text="ok")
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    about_seller = services.review_create(reviewer=buyer.person, meeting=meeting, stars=5, text="Great pottery")
    about_buyer = services.review_create(reviewer=seller.person, meeting=meeting, stars=4, text="ผู้ซื้อตั้งใจ")
    assert (about_seller.seller, about_seller.community) == (seller.organisation, seller.community)
    assert about_buyer.seller == buyer.organisation
    with pytest.raises(ValidationError):
        services.review_create(reviewer=buyer.person, meeting=meeting, stars=1, text="again")
    with pytest.raises(Http404):
        selectors.meeting_to_review(user=charlie, pk=meeting.pk)


def test_only_the_seller_replies_once_and_the_reviewer_is_told(review, alice, bob, charlie):
    with pytest.raises(PermissionDenied):
        services.review_reply(review=review, by=bob, text="I reply to myself")
    with pytest.raises(PermissionDenied):
        services.review_reply(review=review, by=charlie, text="me too")
    review = services.review_reply(review=review, by=alice, text="ขอบคุณค่ะ")
    assert Notification.objects.filter(recipient=bob, detail=f"review_reply:{review.pk}").exists()
    with pytest.raises(ValidationError):
        services.review_reply(review=review, by=alice, text="second reply")
    review.refresh_from_db()
    assert review.reply == "ขอบคุณค่ะ"


def test_reports_are_rate_limited(review, charlie, settings, bob, alice, seller_org, community):
    from chumchon.core.ratelimit import RateLimited

    settings.RATE_LIMITS = {"review_report": (1, 3600)}
    services.review_report(review=review, by=charlie, reason="spam")
    other = services.review_create(
        reviewer=bob, deal=_deal(bob, alice, seller_org, community, confirm=True), stars=1, text="x"
    )
    with pytest.raises(RateLimited):
        services.review_report(review=other, by=charlie, reason="spam again")
    assert other.reports.count() == 0


def test_hiding_takes_it_off_the_listing_and_tells_reporters_and_seller(review, officer, charlie, alice, bob):
    services.review_report(review=review, by=charlie, reason="ไม่สุภาพ")
    assert list(selectors.moderation_queue()) == [review]
    with pytest.raises(PermissionDenied):
        services.review_hide(review=review, by=alice, reason="I do not like it")
    with pytest.raises(ValidationError):
        services.review_hide(review=review, by=officer, reason=" ")
    services.review_hide(review=review, by=officer, reason="ถ้อยคำหยาบคาย")
    assert list(selectors.reviews_of_listing(review.listing)) == []
    assert selectors.rating_of_listing(review.listing).count == 0
    with pytest.raises(Http404):
        selectors.review_for(user=charlie, pk=review.pk)
    assert selectors.review_for(user=bob, pk=review.pk) == review  # its writer still sees it
    told = set(Notification.objects.filter(detail=f"review_hidden:{review.pk}").values_list("recipient", flat=True))
    assert {charlie.pk, alice.pk, bob.pk} <= told
    assert AuditEntry.objects.filter(action="reviews.hidden", object_id=str(review.pk)).exists()
    services.review_restore(review=review, by=officer, reason="แก้ไขแล้ว")
    review.refresh_from_db()
    assert review.status == ReviewStatus.PUBLISHED
    assert AuditEntry.objects.filter(action="reviews.restored").exists()


def test_ratings_of_many_listings_take_one_query(completed_booking, review, experience, django_assert_num_queries):
    from chumchon.catalog.models import Listing

    listings = list(Listing.objects.all())
    with django_assert_num_queries(1):
        ratings = selectors.ratings_of_listings(listings)
    assert ratings[experience.pk].count == 1
    assert ratings[experience.pk].average == 4.0
