"""The receipt a community gives for a paid booking: one A4 PDF in Thai and English (Sarabun), the
community's name, each confirmed payment, and the amount in Thai words (`pythainlp.util.bahttext`).
A single page, rendered on request like a listing's fact sheet (no network: core/pdf.py)."""

from __future__ import annotations

from django.utils import timezone, translation
from pythainlp.util import bahttext

from chumchon.bookings.models import Booking
from chumchon.core.pdf import render_pdf
from chumchon.core.thai import format_date


def receipt_number(booking: Booking) -> str:
    return f"R-{booking.reference}"


def render_receipt(booking: Booking) -> bytes:
    payments = [payment for payment in booking.payments.order_by("id") if payment.is_confirmed]
    community = booking.community
    with translation.override("th"):
        date_th = format_date(booking.paid_at or timezone.now(), long=True)
        session_th = format_date(booking.session.starts_at, long=True, with_time=True)
    with translation.override("en"):
        date_en = format_date(booking.paid_at or timezone.now(), long=True)
        session_en = format_date(booking.session.starts_at, long=True, with_time=True)
    context = {
        "booking": booking,
        "number": receipt_number(booking),
        "payments": payments,
        "community_th": community.name_th,
        "community_en": community.name_en or community.name_th,
        "seller": booking.seller,
        "listing_th": booking.listing.title_th,
        "listing_en": booking.listing.title_en or booking.listing.title_th,
        "date_th": date_th,
        "date_en": date_en,
        "session_th": session_th,
        "session_en": session_en,
        "amount_words": bahttext(float(booking.amount)),
    }
    return render_pdf("bookings/receipt_pdf.html", context)
