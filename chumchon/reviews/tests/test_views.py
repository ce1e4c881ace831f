"""Review pages: the form on a completed booking's page, the listing's average and reviews, the
seller's reply, reports and the officers' queue."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chumchon.reviews.models import Review, ReviewStatus

pytestmark = pytest.mark.django_db


def test_the_completed_booking_page_offers_the_form_and_publishes_the_review(client, bob, completed_booking):
    client.force_login(bob)
    page = client.get(completed_booking.get_absolute_url()).content.decode()
    assert "เขียนรีวิว" in page or "Write a review" in page
    response = client.post(
        reverse("reviews:write_booking", kwargs={"pk": completed_booking.pk}),
        {"stars": "5", "text": "ครูสอนดีมาก ได้ผ้าผืนเล็กกลับบ้าน", "language": "th"},
    )
    review = Review.objects.get()
    assert response.status_code == 302 and response["Location"] == review.get_absolute_url()
    listing_page = client.get(completed_booking.listing.get_absolute_url()).content.decode()
    assert "ครูสอนดีมาก" in listing_page
    assert "★ 5.0" in listing_page


def test_my_bookings_prompts_a_review_of_a_completed_booking(client, bob, completed_booking):
    client.force_login(bob)
    page = client.get(reverse("bookings:mine")).content.decode()
    assert reverse("reviews:write_booking", kwargs={"pk": completed_booking.pk}) in page


def test_no_form_before_completion_and_a_post_is_refused(client, bob, session, alice):
    from chumchon.bookings.services import booking_create

    booking = booking_create(session=session, buyer=bob, people=1)
    client.force_login(bob)
    response = client.post(
        reverse("reviews:write_booking", kwargs={"pk": booking.pk}), {"stars": "5", "text": "x", "language": "th"}
    )
    assert response.status_code == 400
    assert Review.objects.count() == 0


def test_someone_elses_booking_is_a_404(client, charlie, completed_booking):
    client.force_login(charlie)
    url = reverse("reviews:write_booking", kwargs={"pk": completed_booking.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"stars": "1", "text": "x", "language": "th"}).status_code == 404
    assert Review.objects.count() == 0


def test_the_seller_replies_from_the_review_page(client, alice, bob, review):
    client.force_login(alice)
    page = client.get(review.get_absolute_url()).content.decode()
    assert reverse("reviews:reply", kwargs={"pk": review.pk}) in page
    client.post(reverse("reviews:reply", kwargs={"pk": review.pk}), {"text": "ขอบคุณที่มาเยี่ยมค่ะ"})
    listing_page = client.get(review.listing.get_absolute_url()).content.decode()
    assert "ขอบคุณที่มาเยี่ยมค่ะ" in listing_page


def test_the_buyer_cannot_reply_to_a_review(client, bob, review):
    client.force_login(bob)
    response = client.post(reverse("reviews:reply", kwargs={"pk": review.pk}), {"text": "me"})
    assert response.status_code == 404
    review.refresh_from_db()
    assert review.reply == ""


def test_reporting_and_hiding_from_the_queue(client, charlie, officer, review):
    client.force_login(charlie)
    client.post(reverse("reviews:report", kwargs={"pk": review.pk}), {"reason": "ข้อความไม่จริง"})
    assert review.reports.count() == 1
    assert client.get(reverse("reviews:queue")).status_code == 404
    client.force_login(officer)
    assert "สนุกมาก" in client.get(reverse("reviews:queue")).content.decode()
    client.post(reverse("reviews:moderate", kwargs={"pk": review.pk, "action": "hide"}), {"reason": "ไม่สุภาพ"})
    review.refresh_from_db()
    assert review.status == ReviewStatus.HIDDEN
    client.logout()
    assert "สนุกมาก" not in client.get(review.listing.get_absolute_url()).content.decode()
    assert client.get(review.get_absolute_url()).status_code == 404


def test_the_community_page_shows_the_average(client, review):
    page = client.get(review.community.get_absolute_url()).content.decode()
    assert "★ 4.0" in page and "สนุกมาก" in page


def test_cards_show_ratings_in_the_same_number_of_queries_whatever_the_number_of_listings(
    client, alice, bob, community, review, django_assert_num_queries
):
    from chumchon.catalog import services as catalog

    def publish(count):
        for n in range(count):
            listing = catalog.listing_create(
                community=community, kind="product", by=alice, title_th=f"ของ {n}", price=n
            )
            catalog.listing_publish_directly(listing=listing, by=None)

    client.force_login(bob)
    publish(2)
    client.get("/listings/")  # the session's first page also records what later pages read from it
    with CaptureQueriesContext(connection) as few:
        first = client.get("/listings/").content.decode()
    assert "★ 4.0" in first
    publish(15)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/listings/")


def test_the_listing_page_stays_within_its_query_budget(client, review, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        client.get(review.listing.get_absolute_url())


def test_a_second_review_of_the_same_booking_shows_the_first(client, bob, review):
    client.force_login(bob)
    response = client.get(reverse("reviews:write_booking", kwargs={"pk": review.booking_id}))
    assert response.status_code == 302 and response["Location"] == review.get_absolute_url()


def test_the_confirmed_deal_page_offers_the_form_to_the_buyer_only(client, bob, alice, seller_org, community):
    from decimal import Decimal

    from django.utils import timezone

    from chumchon.inquiries.services import deal_confirm, deal_record

    deal = deal_record(
        by=alice, value=Decimal("5000"), date=timezone.localdate(), kind="product_sale", source="walk_in",
        seller=seller_org, community=community, buyer=bob,
    )  # fmt: skip
    deal = deal_confirm(deal=deal, by=bob)
    action = reverse("reviews:write_deal", kwargs={"pk": deal.pk})
    client.force_login(bob)
    assert action in client.get(deal.get_absolute_url()).content.decode()
    client.force_login(alice)
    assert action not in client.get(deal.get_absolute_url()).content.decode()


def test_a_bookings_own_deal_page_offers_no_second_review(client, bob, completed_booking):
    client.force_login(bob)
    assert completed_booking.payments.get().deal is not None
    page = client.get(completed_booking.payments.get().deal.get_absolute_url()).content.decode()
    assert reverse("reviews:write_deal", kwargs={"pk": completed_booking.payments.get().deal.pk}) not in page


def test_a_held_meeting_offers_a_review_of_the_other_side(client, event, make_participant):
    from chumchon.matching.tests.test_outcomes import make_meeting

    buyer = make_participant(event, "buyer", name="Sukhothai Heritage Hotel")
    seller = make_participant(event, "seller", name="กลุ่มสังคโลกบ้านเกาะน้อย")
    meeting = make_meeting(event, buyer, seller)
    url = reverse("reviews:write_meeting", kwargs={"pk": meeting.pk})
    client.force_login(buyer.person)
    assert url in client.get(reverse("matching:outcomes", kwargs={"slug": event.slug})).content.decode()
    client.post(url, {"stars": "4", "text": "ของดี ส่งตัวอย่างเร็ว", "language": "th"})
    review = Review.objects.get()
    assert (review.seller, review.community, review.meeting) == (seller.organisation, seller.community, meeting)
    assert "ของดี ส่งตัวอย่างเร็ว" in client.get(seller.community.get_absolute_url()).content.decode()
