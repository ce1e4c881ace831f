"""A booking as an iCalendar (.ics) event, for the buyer's and the seller's calendars (RFC 5545).

Times are written in Asia/Bangkok with its VTIMEZONE (UTC+7 all year), so a phone in any time zone
shows the session at its real hour. The UID is the booking's reference, so downloading the file
again updates the same event instead of adding a second one.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from chumchon.bookings.models import Booking, BookingStatus

BANGKOK = ZoneInfo("Asia/Bangkok")
DEFAULT_LENGTH = dt.timedelta(hours=3)

VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    "TZID:Asia/Bangkok",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0700",
    "TZOFFSETTO:+0700",
    "TZNAME:ICT",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def _text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 §3.3.11 asks."""
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets folded with CRLF and a space, never inside a UTF-8 character."""
    out: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def _local(moment: dt.datetime) -> str:
    return moment.astimezone(BANGKOK).strftime("%Y%m%dT%H%M%S")


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def uid_of(booking: Booking) -> str:
    return f"booking-{booking.reference}@chumchon"


def booking_ics(booking: Booking, *, url: str) -> str:
    session, listing, community = booking.session, booking.listing, booking.community
    ends = session.ends_at or session.starts_at + (
        dt.timedelta(minutes=listing.duration_minutes) if listing.duration_minutes else DEFAULT_LENGTH
    )
    status = {
        BookingStatus.REQUESTED: "TENTATIVE",
        BookingStatus.DECLINED: "CANCELLED",
        BookingStatus.CANCELLED: "CANCELLED",
        BookingStatus.EXPIRED: "CANCELLED",
    }.get(BookingStatus(booking.status), "CONFIRMED")
    description = "\n".join(
        [
            _("Booking %(reference)s") % {"reference": booking.reference},
            _("%(people)d people") % {"people": booking.people},
            url,
        ]
    )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Chumchon//Bookings//TH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *VTIMEZONE,
        "BEGIN:VEVENT",
        f"UID:{uid_of(booking)}",
        f"DTSTAMP:{_utc(booking.updated_at)}",
        f"DTSTART;TZID=Asia/Bangkok:{_local(session.starts_at)}",
        f"DTEND;TZID=Asia/Bangkok:{_local(ends)}",
        f"SUMMARY:{_text(listing.title)}",
        f"LOCATION:{_text(f'{community.name}, {community.district.name}, {community.province.name}')}",
        f"DESCRIPTION:{_text(description)}",
        f"URL:{url}",
        f"STATUS:{status}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
