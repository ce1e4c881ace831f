"""A reviewer or a seller whose session expired while she typed finds it again after signing in (issue 22)."""

import re

import pytest
from django.urls import reverse

from chumchon.core.tests.form_resume import send_after_expiry
from chumchon.reviews.models import Review, ReviewReport

pytestmark = pytest.mark.django_db


def test_the_review_form_keeps_what_was_typed(client, bob, completed_booking):
    page = reverse("reviews:write_booking", kwargs={"pk": completed_booking.pk})
    typed = {"stars": "5", "text": "ครูสอนดีมาก ได้ผ้าผืนเล็กกลับบ้าน อาหารกลางวันอร่อย", "language": "th"}
    html = send_after_expiry(client, bob, page=page, action=page, data=typed)
    assert "ครูสอนดีมาก ได้ผ้าผืนเล็กกลับบ้าน อาหารกลางวันอร่อย" in html
    assert re.search(r'value="5"[^>]*checked', html)
    assert not Review.objects.exists()  # filled in, not published: she checks it and sends it herself


def test_the_sellers_reply_keeps_what_was_typed(client, alice, review):
    page = review.get_absolute_url()
    text = "ขอบคุณที่มาเยี่ยมค่ะ ครั้งหน้าจะเตรียมผ้าผืนใหญ่ไว้ให้"
    html = send_after_expiry(
        client, alice, page=page, action=reverse("reviews:reply", args=[review.pk]), data={"text": text}
    )
    assert text in html
    review.refresh_from_db()
    assert not review.reply


def test_a_report_keeps_what_was_typed(client, charlie, review):
    page = review.get_absolute_url()
    reason = "รีวิวนี้มีเบอร์โทรศัพท์ส่วนตัวของคนอื่น"
    html = send_after_expiry(
        client, charlie, page=page, action=reverse("reviews:report", args=[review.pk]), data={"reason": reason}
    )
    assert reason in html and '<details id="report" open>' in html
    assert not ReviewReport.objects.exists()
