"""Who may do what with reviews, through the page and through the API alike: only the buyer of a
completed booking reviews it, only the reviewed seller replies, a hidden review is for its writer,
the seller and officers, and everyone reads the published ones."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chumchon.core.tests.channels import CHANNELS, client_for, post, sees
from chumchon.reviews import services
from chumchon.reviews.models import Review

pytestmark = pytest.mark.django_db

PEOPLE = ("anonymous", "stranger", "owner", "officer")


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("who", PEOPLE)
def test_only_the_buyer_reviews_a_completed_booking(request, completed_booking, channel, who):
    client = client_for(request, who, owner="bob")
    if channel == "page":
        post(client, reverse("reviews:write_booking", kwargs={"pk": completed_booking.pk}),
             {"stars": "5", "text": "ดีมาก", "language": "th"})  # fmt: skip
    else:
        post(client, "/api/v1/reviews/", {"booking": completed_booking.pk, "stars": 5, "text": "ดีมาก"}, json=True)
    assert Review.objects.filter(booking=completed_booking).exists() == (who == "owner")


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("who", PEOPLE)
def test_only_the_seller_replies(request, review, channel, who):
    client = client_for(request, who, owner="alice")
    url = (
        f"/api/v1/reviews/{review.pk}/reply/"
        if channel == "api"
        else reverse("reviews:reply", kwargs={"pk": review.pk})
    )
    post(client, url, {"text": "ขอบคุณค่ะ"}, json=channel == "api")
    review.refresh_from_db()
    assert (review.reply == "ขอบคุณค่ะ") == (who == "owner")


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", False), ("stranger", False), ("owner", True), ("officer", True)]
)
def test_a_hidden_review_is_for_its_writer_and_officers(request, review, officer, channel, who, expected):
    services.review_hide(review=review, by=officer, reason="ไม่สุภาพ")
    client = client_for(request, who, owner="bob")
    url = f"/api/v1/reviews/{review.pk}/" if channel == "api" else review.get_absolute_url()
    assert sees(client, url, "สนุกมาก") == expected


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("who", PEOPLE)
def test_everyone_reads_published_reviews(request, review, channel, who):
    client = client_for(request, who, owner="bob")
    if channel == "api":
        url = f"/api/v1/reviews/?listing={review.listing_id}"
    else:
        url = reverse("reviews:listing", kwargs={"pk": review.listing_id})
    assert sees(client, url, "สนุกมาก")


def test_the_api_error_body_for_someone_elses_booking(client, charlie, completed_booking):
    client.force_login(charlie)
    response = client.post(
        "/api/v1/reviews/", {"booking": completed_booking.pk, "stars": 5, "text": "x"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_api_refuses_an_incomplete_booking_with_the_error_body(client, bob, session):
    from chumchon.bookings.services import booking_create

    booking = booking_create(session=session, buyer=bob, people=1)
    client.force_login(bob)
    response = client.post(
        "/api/v1/reviews/", {"booking": booking.pk, "stars": 5, "text": "x"}, content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 400
    assert "completed" in response.json()["detail"]


def test_reports_past_the_limit_are_a_429_with_retry_after(client, charlie, review, settings):
    settings.RATE_LIMITS = {"review_report": (0, 3600)}
    client.force_login(charlie)
    response = client.post(f"/api/v1/reviews/{review.pk}/report/", {"reason": "spam"}, content_type="application/json")
    assert response.status_code == 429 and "Retry-After" in response
    assert response.json()["code"] == "rate_limited"
