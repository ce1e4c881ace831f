"""A buyer whose session expired while she filled in the booking form finds it again after signing
in (issue 22)."""

import re

import pytest
from django.urls import reverse

from chumchon.bookings.models import Booking
from chumchon.core.tests.form_resume import send_after_expiry

pytestmark = pytest.mark.django_db


def test_the_booking_form_keeps_what_was_typed(client, bob, session, experience):
    page = reverse("bookings:book", kwargs={"listing_pk": experience.pk}) + f"?session={session.pk}"
    note = "มีผู้สูงอายุหนึ่งท่าน ขอที่นั่งใกล้ทางเข้า และไม่ทานเผ็ด"
    html = send_after_expiry(
        client, bob, page=page, action=page, data={"session": session.pk, "people": "3", "note": note}
    )
    assert note in html
    assert re.search(r'name="people"[^>]*value="3"|value="3"[^>]*name="people"', html)
    assert not Booking.objects.exists()  # filled in, not sent: she checks it and sends it herself
