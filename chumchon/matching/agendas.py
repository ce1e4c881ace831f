"""A participant's agenda in every form it travels in: the phone page, a PDF, an `.ics` file and
calendar feed, the check-in QR code; and the per-table sheets the venue staff print.

Everything here only reads; the writes of the day (check-in, no-shows, walk-ins, reminders) are in
`services.py`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import segno
from django.db.models import Prefetch, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chumchon.accounts.models import User
from chumchon.catalog.models import Listing
from chumchon.core.pdf import pdf_available as pdf_available  # the matching views ask it
from chumchon.core.pdf import render_pdf
from chumchon.matching.models import (
    Event,
    GroupGuest,
    GroupSession,
    GroupSessionStatus,
    Meeting,
    MeetingStatus,
    Registration,
)

# --- the agenda -----------------------------------------------------------------------------------


@dataclass
class AgendaEntry:
    """One meeting as the participant sees it: when, with whom, where."""

    meeting: Meeting
    partner: Registration
    offers: list[str] = field(default_factory=list)
    # The partner's representatives attending, by name (people without a name are not shown).
    people: list[str] = field(default_factory=list)

    @property
    def district(self) -> str:
        community = self.partner.community
        district = getattr(community, "district", None) if community else None
        return str(district.name) if district is not None else ""


def agenda_entries(registration: Registration) -> list[AgendaEntry]:
    """The participant's meetings in time order with each partner's community, district and offers,
    in a fixed number of queries whatever the number of meetings."""
    offers = Listing.objects.order_by("pk")
    people = User.objects.filter(is_active=True).exclude(name="").order_by("name", "pk")
    meetings = (
        Meeting.objects.of_registration(registration)
        # a meeting cancelled after publishing stays on the agenda, marked, so nobody comes in vain
        .exclude(status=MeetingStatus.CANCELLED, changed_at__isnull=True)
        .select_related(
            "slot__session",
            "table",
            "event",
            "request__a__organisation",
            "request__b__organisation",
            "request__a__community__district",
            "request__b__community__district",
        )
        .prefetch_related(
            Prefetch("request__a__offers", queryset=offers),
            Prefetch("request__b__offers", queryset=offers),
            Prefetch("request__a__representatives", queryset=people),
            Prefetch("request__b__representatives", queryset=people),
        )
        .order_by("slot__starts_at", "pk")
    )
    entries = []
    for meeting in meetings:
        partner = meeting.request.other(registration)
        titles = [str(listing.title) for listing in partner.offers.all()]
        if partner.offers_text:
            titles.append(partner.offers_text)
        names = [person.name for person in partner.representatives.all()]
        entries.append(AgendaEntry(meeting=meeting, partner=partner, offers=titles, people=names))
    return entries


@dataclass
class GroupEntry:
    """A group session on a participant's agenda: as host (with the guest list) or as guest."""

    group: GroupSession
    hosting: bool
    guests: list[Registration] = field(default_factory=list)


def group_entries(registration: Registration) -> list[GroupEntry]:
    """The group sessions the participant hosts or joined, in time order (two queries). A cancelled
    one stays, marked, as a meeting cancelled after publishing does: a group is on the host's and
    guests' agendas from the moment they are in it, and cancelling keeps the guests' places
    (released)."""
    groups = (
        GroupSession.objects.filter(Q(host=registration) | Q(guests__registration=registration))
        .distinct()
        .select_related("slot", "table", "event", "host__organisation")
        .prefetch_related(Prefetch("guests", queryset=GroupGuest.objects.select_related("registration__organisation")))
        .order_by("slot__starts_at", "pk")
    )
    return [
        GroupEntry(
            group=group,
            hosting=group.host_id == registration.pk,
            guests=[guest.registration for guest in group.guests.all()],
        )
        for group in groups
    ]


def checkin_url(registration: Registration, request: HttpRequest | None = None) -> str:
    """The address in the participant's QR code: an officer opens it to check them in."""
    path = reverse("matching:checkin", kwargs={"slug": registration.event.slug, "token": registration.checkin_token})
    return request.build_absolute_uri(path) if request is not None else path


def checkin_qr_svg(registration: Registration, request: HttpRequest | None = None) -> str:
    """An inline SVG QR code (no image request, so it shows offline) of the check-in address."""
    qr = segno.make(checkin_url(registration, request), error="m", micro=False)
    return str(qr.svg_inline(scale=4, border=2, title=_("Check-in code"), dark="#0b1b33", light="#ffffff"))


def calendar_feed_url(registration: Registration, request: HttpRequest | None = None) -> str:
    path = reverse("matching:calendar_feed", kwargs={"token": registration.calendar_token})
    return request.build_absolute_uri(path) if request is not None else path


# --- iCalendar (RFC 5545), written by hand: it is small ------------------------------------------


def ics_escape(text: str) -> str:
    """TEXT values: backslash, semicolon and comma escaped, line breaks as \\n."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def ics_fold(line: str) -> str:
    """Fold a content line at 75 octets (never inside a UTF-8 character): continuation lines
    start with one space."""
    parts: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, 74  # the leading space counts
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _ics_time(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_uid(meeting: Meeting) -> str:
    """Stable per meeting (per pair of participants): moving it updates the calendar entry."""
    return f"matching-{meeting.event.slug}-{meeting.request.code}@chumchon"


def group_uid(group: GroupSession) -> str:
    """Stable per group session: cancelling it updates the calendar entry, never adds one."""
    return f"matching-{group.event.slug}-group{group.pk}@chumchon"


def agenda_ics(registration: Registration, entries: list[AgendaEntry], *, request: HttpRequest) -> str:
    """The agenda as an iCalendar file: one VEVENT per meeting, times in UTC."""
    event = registration.event
    now = _ics_time(timezone.now())
    agenda_url = request.build_absolute_uri(reverse("matching:agenda", kwargs={"slug": event.slug}))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Chumchon//Business matching//TH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + ics_escape(f"{event.name} · {registration.organisation}"),
        "X-WR-TIMEZONE:Asia/Bangkok",
    ]
    for entry in entries:
        meeting = entry.meeting
        summary = _("Meeting with %(name)s") % {"name": entry.partner.organisation}
        details = [str(entry.partner.organisation)]
        if entry.partner.community:
            details.append(str(entry.partner.community))
        if entry.offers:
            details.append(_("Offers: %(offers)s") % {"offers": ", ".join(entry.offers)})
        lines += [
            "BEGIN:VEVENT",
            "UID:" + meeting_uid(meeting),
            "DTSTAMP:" + now,
            "LAST-MODIFIED:" + _ics_time(meeting.updated_at),
            # calendars replace an entry only when its SEQUENCE rises (moved or cancelled)
            f"SEQUENCE:{meeting.sequence}",
            "DTSTART:" + _ics_time(meeting.slot.starts_at),
            "DTEND:" + _ics_time(meeting.slot.ends_at),
            "SUMMARY:" + ics_escape(summary),
            "DESCRIPTION:" + ics_escape("\n".join(details)),
            "STATUS:CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "STATUS:CONFIRMED",
        ]
        if meeting.link:
            lines += ["LOCATION:" + ics_escape(meeting.link), "URL:" + meeting.link]
        else:
            where = ", ".join(part for part in (meeting.location, event.venue) if part)
            lines += ["LOCATION:" + ics_escape(where), "URL:" + agenda_url]
        lines.append("END:VEVENT")
    lines += _group_vevents(registration, now=now, agenda_url=agenda_url)
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + "\r\n" for line in lines)


def _group_vevents(registration: Registration, *, now: str, agenda_url: str) -> list[str]:
    """One VEVENT per group session the participant hosts or joined, a cancelled one included
    (STATUS:CANCELLED under the same UID, so calendars that imported it drop it)."""
    lines: list[str] = []
    for entry in group_entries(registration):
        group = entry.group
        if entry.hosting:
            summary = _("Group session you host: %(title)s") % {"title": group.title}
            details = [str(guest.organisation) for guest in entry.guests]
        else:
            summary = _("Group session: %(title)s") % {"title": group.title}
            details = [_("Host: %(name)s") % {"name": group.host.organisation}]
        if group.description:
            details.append(group.description)
        where = group.link or ", ".join(part for part in (group.location, group.event.venue) if part)
        cancelled = group.status == GroupSessionStatus.CANCELLED
        lines += [
            "BEGIN:VEVENT",
            "UID:" + group_uid(group),
            "DTSTAMP:" + now,
            "LAST-MODIFIED:" + _ics_time(group.cancelled_at or group.created_at),
            # A group is never moved nor reopened: cancelling is its one revision.
            f"SEQUENCE:{1 if cancelled else 0}",
            "DTSTART:" + _ics_time(group.slot.starts_at),
            "DTEND:" + _ics_time(group.slot.ends_at),
            "SUMMARY:" + ics_escape(summary),
            "DESCRIPTION:" + ics_escape("\n".join(details)),
            "STATUS:CANCELLED" if cancelled else "STATUS:CONFIRMED",
            "LOCATION:" + ics_escape(where),
            "URL:" + (group.link or agenda_url),
            "END:VEVENT",
        ]
    return lines


# --- PDFs (WeasyPrint, Sarabun) -------------------------------------------------------------------


def render_agenda_pdf(registration: Registration, entries: list[AgendaEntry], *, request: HttpRequest) -> bytes:
    context = {
        "event": registration.event,
        "registration": registration,
        "entries": entries,
        "groups": group_entries(registration),
        "qr_svg": checkin_qr_svg(registration, request),
        "printed_at": timezone.now(),
    }
    return render_pdf("matching/agenda_pdf.html", context, request=request)


@dataclass
class TableSheet:
    """The meetings at one table (or booth), slot by slot, for the venue staff."""

    place: str
    rows: list[tuple[object, Meeting | GroupSession | None]]


def table_sheets(event: Event) -> list[TableSheet]:
    """One sheet per table and per booth with a meeting, each listing every slot of the event
    (empty slots included, so staff can fill them with walk-ins)."""
    slots = list(event.slots.select_related("session").order_by("starts_at"))
    meetings = list(
        event.meetings.exclude(status=MeetingStatus.CANCELLED).select_related(
            "slot", "table", "request__a__organisation", "request__b__organisation"
        )
    )
    by_place: dict[str, dict[int, Meeting | GroupSession]] = {}
    for table in event.tables.order_by("pk"):
        by_place[table.name] = {}
    for meeting in meetings:
        place = meeting.table.name if meeting.table else (meeting.booth or _("Online"))
        by_place.setdefault(place, {})[meeting.slot_id] = meeting
    # Group sessions hold their table too: the sheet shows them, so nobody seats a walk-in there.
    for group in event.group_sessions.active().select_related("table", "host__organisation"):
        if group.table is not None:
            by_place.setdefault(group.table.name, {})[group.slot_id] = group
    return [TableSheet(place=place, rows=[(slot, at.get(slot.pk)) for slot in slots]) for place, at in by_place.items()]


def render_table_sheets_pdf(event: Event, *, request: HttpRequest) -> bytes:
    context = {"event": event, "sheets": table_sheets(event)}
    return render_pdf("matching/officer/table_sheets_pdf.html", context, request=request)
