"""The participant's agenda: the phone page, PDF, .ics file, calendar feed, and the table sheets."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chumchon.matching import agendas
from chumchon.matching.tests.agenda_helpers import meeting_between, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(event, make_participant):
    buyer = make_participant(event, "buyer", name="Lanna Travel Co")
    seller = make_participant(event, "seller", name="Ban Chiang Potters", offers_text="Celadon bowls; hand-woven, dyed")
    meeting = meeting_between(event, buyer, seller, slot=1, table=2)
    return buyer, seller, meeting


def unfold(ics: str) -> list[str]:
    """Content lines of an iCalendar text, folded lines joined again (RFC 5545 3.1)."""
    return ics.replace("\r\n ", "").split("\r\n")


def test_it_shows_the_partner_time_place_and_check_in_code_on_the_agenda(client, event, pair):
    buyer, _seller, meeting = pair
    client.force_login(buyer.person)
    response = client.get(reverse("matching:agenda", kwargs={"slug": event.slug}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ban Chiang Potters" in html
    assert "Celadon bowls" in html
    assert meeting.table.name in html
    assert "09:25" in html  # the second slot of the morning
    assert "<svg" in html  # the check-in QR code, inline
    assert reverse("matching:agenda_pdf", kwargs={"slug": event.slug}) in html
    assert str(buyer.calendar_token) in html
    assert 'id="offline-note" role="status" hidden' in html  # the service worker reveals it offline
    assert reverse("matching:service_worker") in html


def test_it_reads_the_agenda_in_the_same_number_of_queries_whatever_the_meetings(client, event, make_participant):
    buyer = make_participant(event, "buyer")
    sellers = [make_participant(event, "seller", offers_text=f"goods {n}") for n in range(4)]
    meeting_between(event, buyer, sellers[0], slot=0, table=0)
    client.force_login(buyer.person)
    url = reverse("matching:agenda", kwargs={"slug": event.slug})
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n, seller in enumerate(sellers[1:], start=1):
        meeting_between(event, buyer, seller, slot=n, table=n)
    with CaptureQueriesContext(connection) as four:
        assert client.get(url).content.decode().count("agenda-item") == 4
    assert len(four) == len(one)


def test_it_gives_someone_elses_agenda_pdf_and_ics_as_a_404(client, event, pair, make_participant, charlie):
    outsider = make_participant(event, "buyer", approve=False)
    for user in (charlie, outsider.person):
        client.force_login(user)
        for name in ("agenda", "agenda_pdf", "agenda_ics"):
            assert client.get(reverse(f"matching:{name}", kwargs={"slug": event.slug})).status_code == 404


def test_it_writes_an_ics_with_one_stable_event_per_meeting(client, event, pair):
    buyer, _seller, meeting = pair
    client.force_login(buyer.person)
    url = reverse("matching:agenda_ics", kwargs={"slug": event.slug})
    response = client.get(url)
    assert response["Content-Type"].startswith("text/calendar")
    ics = response.content.decode()
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))  # folded at 75 octets
    lines = unfold(ics)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 1
    props = dict(line.split(":", 1) for line in lines if ":" in line)
    assert props["DTSTART"] == "20261210T022500Z"  # 09:25 in Bangkok
    assert props["DTEND"] == "20261210T024500Z"
    assert props["SUMMARY"].endswith("Ban Chiang Potters")
    assert meeting.table.name in props["LOCATION"]
    assert "Celadon bowls\\; hand-woven\\, dyed" in props["DESCRIPTION"]  # escaped
    uid = props["UID"]
    assert client.get(url).content.decode().count(uid) == 1  # the same on every download


def test_it_escapes_and_folds_long_thai_lines_without_splitting_a_character():
    line = "SUMMARY:" + agendas.ics_escape("ประชุมกับ วิสาหกิจชุมชน; ผ้าทอ, เครื่องปั้นดินเผา\n" * 4)
    folded = agendas.ics_fold(line)
    for physical in folded.split("\r\n"):
        assert len(physical.encode("utf-8")) <= 75
        physical.encode("utf-8").decode("utf-8")  # never cut inside a character
    assert folded.replace("\r\n ", "") == line
    assert "\\;" in line and "\\," in line and "\\n" in line and "\n" not in line


def test_it_puts_the_online_room_link_in_the_ics(client, make_event, make_participant):
    event = make_event(slug="online", is_online=True, meeting_link_base="https://meet.example.org/chumchon")
    buyer = make_participant(event, "buyer")
    seller = make_participant(event, "seller")
    meeting = meeting_between(event, buyer, seller)
    client.force_login(seller.person)
    lines = unfold(client.get(reverse("matching:agenda_ics", kwargs={"slug": event.slug})).content.decode())
    assert "URL:" + meeting.link in lines
    page = client.get(reverse("matching:agenda", kwargs={"slug": event.slug})).content.decode()
    assert meeting.link in page


def test_it_serves_the_calendar_feed_without_sign_in_and_404s_a_wrong_or_old_token(client, event, pair):
    buyer, _seller, _meeting = pair
    url = reverse("matching:calendar_feed", kwargs={"token": buyer.calendar_token})
    response = client.get(url)
    assert response.status_code == 200
    assert "Ban Chiang Potters" in response.content.decode()
    wrong = reverse("matching:calendar_feed", kwargs={"token": "00000000-0000-4000-8000-000000000000"})
    assert client.get(wrong).status_code == 404

    client.force_login(buyer.person)
    response = client.post(reverse("matching:calendar_token_new", kwargs={"slug": event.slug}))
    assert response.status_code == 302
    buyer.refresh_from_db()
    client.logout()
    assert client.get(url).status_code == 404  # the old address no longer works
    assert client.get(reverse("matching:calendar_feed", kwargs={"token": buyer.calendar_token})).status_code == 200


def test_it_makes_a_pdf_agenda_with_the_partner(client, event, pair):
    buyer, _seller, meeting = pair
    client.force_login(buyer.person)
    response = client.get(reverse("matching:agenda_pdf", kwargs={"slug": event.slug}))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Ban Chiang Potters" in text
    assert meeting.table.name in text


def test_it_prints_one_sheet_per_table_for_officers_only(client, event, pair, officer, charlie):
    _buyer, _seller, _meeting = pair
    url = reverse("matching:table_sheets", kwargs={"slug": event.slug})
    client.force_login(charlie)
    assert client.get(url).status_code == 404
    client.force_login(officer)
    html = client.get(url).content.decode()
    assert html.count('class="sheet"') == event.tables.count()
    assert "Lanna Travel Co" in html and "Ban Chiang Potters" in html
    assert len(re.findall(r"09:25", html)) == event.tables.count()  # every slot on every sheet
    pdf = client.get(reverse("matching:table_sheets_pdf", kwargs={"slug": event.slug})).content
    assert pdf.startswith(b"%PDF")
    assert "Ban Chiang Potters" in pdf_text(pdf)


def test_it_serves_the_service_worker_for_both_languages(client):
    for url in ("/matching/sw.js", "/en/matching/sw.js"):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/javascript")
        assert "caches" in response.content.decode()
        assert url.startswith(response["Service-Worker-Allowed"])
