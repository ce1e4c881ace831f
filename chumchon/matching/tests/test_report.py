"""The event report on a small event computed by hand, its Excel file, and the impact totals."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from chumchon.inquiries.services import deal_confirm
from chumchon.matching import selectors, services
from chumchon.matching.models import Event, FollowUp, Meeting, MeetingStatus
from chumchon.matching.report import event_report, report_workbook
from chumchon.matching.tests.test_outcomes import make_meeting
from chumchon.places.models import District
from chumchon.places.tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_event(event, make_participant, officer):
    """Three sellers (two communities in Si Satchanalai, one in Mueang Sukhothai), two buyers; three
    meetings (two held, one no-show), outcomes, one confirmed and one unconfirmed deal, follow-ups."""
    si_satchanalai, mueang = District.objects.get(code="6405"), District.objects.get(code="6401")
    koh_noi = CommunityFactory.create(
        name_th="บ้านเกาะน้อย", name_en="Ban Ko Noi", slug="ko-noi", district=si_satchanalai
    )
    hat_siao = CommunityFactory.create(name_th="หาดเสี้ยว", name_en="Hat Siao", slug="hat-siao", district=si_satchanalai)
    old_town = CommunityFactory.create(name_th="เมืองเก่า", name_en="Mueang Kao", slug="mueang-kao", district=mueang)
    s1 = make_participant(event, "seller", community=koh_noi)
    s2 = make_participant(event, "seller", community=hat_siao)
    s3 = make_participant(event, "seller", community=old_town)
    make_participant(event, "seller", approve=False)
    b1, b2 = make_participant(event, "buyer"), make_participant(event, "buyer")
    rejected = make_participant(event, "buyer", approve=False)
    services.registration_reject(registration=rejected, by=officer, reason="ไม่ใช่ผู้ซื้อ")
    m1 = make_meeting(event, b1, s1, slot=0)
    m2 = make_meeting(event, b1, s2, slot=1)
    Meeting.objects.filter(pk=m2.pk).update(status=MeetingStatus.NO_SHOW)
    m3 = make_meeting(event, b2, s1, slot=2)
    services.request_send(sender=b2, target=s3, by=b2.person, priority=1, message="")
    declined = services.request_send(sender=b1, target=s3, by=b1.person, priority=1, message="")
    services.request_decline(meeting_request=declined, by=s3.person)
    services.outcome_record(meeting=m1, registration=b1, by=b1.person, interest="strong", expected_value=40000)
    services.outcome_record(meeting=m1, registration=s1, by=s1.person, interest="some", expected_value=30000)
    services.outcome_record(meeting=m3, registration=b2, by=b2.person, interest="none", expected_value=0)
    services.outcome_record(meeting=m3, registration=s1, by=s1.person, interest="some", expected_value=5000)
    deal = services.meeting_deal_record(
        meeting=m1, by=s1.person, value=48000, date=dt.date(2026, 12, 10), kind="product_sale"
    )
    deal_confirm(deal=deal, by=b1.person)
    services.meeting_deal_record(meeting=m3, by=b2.person, value=10000, date=dt.date(2026, 12, 10), kind="product_sale")
    services.follow_ups_send(event=event, by=officer)
    services.follow_up_answer(
        follow_up=FollowUp.objects.get(meeting=m1, registration=b1), result="repeat", value=Decimal("120000")
    )
    services.follow_up_answer(follow_up=FollowUp.objects.get(meeting=m3, registration=s1), result="negotiating")
    return event


def test_it_reports_the_figures_computed_by_hand(small_event):
    with translation.override("en"):
        report = event_report(small_event)
    buyers, sellers = report.registrations
    assert buyers["by_status"] == {"pending": 0, "waitlisted": 0, "approved": 2, "rejected": 1, "cancelled": 0}
    assert sellers["by_status"] == {"pending": 1, "waitlisted": 0, "approved": 3, "rejected": 0, "cancelled": 0}
    assert dict(report.requests) == {
        "Waiting for an answer": 1, "Accepted": 3, "Declined": 1, "Expired": 0, "Withdrawn": 0,
    }  # fmt: skip
    total = report.total
    assert (total["meetings"], total["held"], total["no_show"]) == (3, 2, 1)
    assert (total["strong"], total["some"], total["none"]) == (1, 2, 1)
    assert total["expected"] == Decimal("45000")  # the larger estimate per meeting: 40,000 + 5,000
    assert total["confirmed"] == Decimal("48000")  # the unconfirmed 10,000 does not count
    assert (total["answered"], total["repeat"], total["negotiating"], total["agreement"]) == (2, 1, 1, 0)
    assert total["follow_up_value"] == Decimal("120000")
    districts = {row["label"]: row for row in report.by_district}
    assert set(districts) == {"Si Satchanalai", "Mueang Sukhothai"}
    si = districts["Si Satchanalai"]
    assert (si["sellers"], si["requests"], si["accepted"], si["held"], si["no_show"]) == (2, 3, 3, 2, 1)
    assert (si["expected"], si["confirmed"]) == (Decimal("45000"), Decimal("48000"))
    mueang = districts["Mueang Sukhothai"]
    assert (mueang["sellers"], mueang["requests"], mueang["accepted"], mueang["meetings"]) == (1, 2, 0, 0)
    communities = {row["label"]: row for row in report.by_community}
    assert (communities["Ban Ko Noi"]["held"], communities["Ban Ko Noi"]["confirmed"]) == (2, Decimal("48000"))
    assert (communities["Hat Siao"]["no_show"], communities["Hat Siao"]["expected"]) == (1, Decimal("0"))


def test_the_report_takes_a_fixed_number_of_queries(small_event, make_participant):
    with CaptureQueriesContext(connection) as before:
        event_report(small_event)
    from chumchon.matching.tests.test_outcomes import make_meeting as meet

    meet(small_event, make_participant(small_event, "buyer"), make_participant(small_event, "seller"), slot=5)
    with CaptureQueriesContext(connection) as after:
        event_report(small_event)
    assert len(after) == len(before) <= 20


def test_the_excel_file_has_a_sheet_per_breakdown_with_thai_headers(client, officer, small_event):
    client.force_login(officer)
    response = client.get(reverse("matching:report_xlsx", args=[small_event.slug]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["สรุป", "รายอำเภอ", "รายชุมชน"]
    headers = [cell.value for cell in workbook["รายอำเภอ"][1]]
    assert headers[0] == "อำเภอ" and "การประชุมที่เกิดขึ้น" in headers
    rows = {row[0]: row for row in workbook["รายอำเภอ"].iter_rows(min_row=2, values_only=True)}
    held = headers.index("การประชุมที่เกิดขึ้น")
    assert rows["ศรีสัชนาลัย"][held] == 2


def test_the_excel_file_in_english(officer, small_event):
    with translation.override("en"):
        workbook = load_workbook(io.BytesIO(report_workbook(event_report(small_event))))
        assert workbook.sheetnames == ["Summary", "By district", "By community"]
        headers = [cell.value for cell in workbook["By community"][1]]
    assert headers[:2] == ["Community", "Sellers registered"]
    confirmed = headers.index("Confirmed deal value (THB)")
    cells = {row[0].value: row for row in workbook["By community"].iter_rows(min_row=2)}
    assert cells["Ban Ko Noi"][confirmed].value == 48000
    assert cells["Ban Ko Noi"][confirmed].number_format == "#,##0.00"


def test_the_report_page_is_for_officers_only(client, officer, small_event, make_participant):
    url = reverse("matching:report", args=[small_event.slug])
    participant = make_participant(small_event, "buyer")
    client.force_login(participant.person)
    assert client.get(url).status_code == 404
    client.force_login(officer)
    with translation.override("en"):
        page = client.get(reverse("matching:report", args=[small_event.slug]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<caption>" in html and "Si Satchanalai" in html and "฿48,000.00" in html and "฿45,000.00" in html


def test_impact_totals_over_events(small_event, make_event):
    empty = make_event(slug="empty")
    totals = selectors.event_outcome_totals(Event.objects.filter(pk__in=[small_event.pk, empty.pk]))
    assert totals == {
        "meetings_held": 2, "expected_value": Decimal("45000"), "confirmed_value": Decimal("48000"),
    }  # fmt: skip
    assert selectors.event_outcome_totals(Event.objects.filter(pk=empty.pk))["confirmed_value"] == 0


def test_names_in_the_excel_file_are_never_formulas(small_event):
    """An event or community named like a formula opens in Excel as the text it is."""
    small_event.name_th = '=HYPERLINK("http://evil.example","Open")'
    small_event.save(update_fields=["name_th"])
    community = small_event.registrations.exclude(community=None).first().community
    community.name_th = community.name_en = "=1+1"
    community.save(update_fields=["name_th", "name_en"])
    workbook = load_workbook(io.BytesIO(report_workbook(event_report(small_event))))
    title = workbook["สรุป"]["A1"]
    assert (title.value, title.data_type) == ('=HYPERLINK("http://evil.example","Open")', "s")
    names = [row[0] for row in workbook["รายชุมชน"].iter_rows(min_row=2)]
    assert [(cell.value, cell.data_type) for cell in names if cell.value == "=1+1"] == [("=1+1", "s")]
