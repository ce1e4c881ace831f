"""The dashboards as officers and community members use them; the exports."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from chumchon.impact.models import IncomeEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_of_income(weavers, potters, record, deal):
    record(weavers, dt.date(2024, 11, 1), "700")  # fiscal year 2568
    record(weavers, dt.date(2025, 11, 3), "1000", visitors=12)
    record(potters, dt.date(2026, 5, 1), "300")
    deal(weavers, dt.date(2026, 3, 1), "5000")


def test_it_keeps_the_officer_dashboard_to_officers(client, alice, charlie, year_of_income):
    assert client.get("/impact/").status_code == 302  # sign in first
    for person in (alice, charlie):
        client.force_login(person)
        assert client.get("/impact/").status_code == 404
        assert client.get("/impact/export.xlsx").status_code == 404
        assert client.get("/impact/export.csv").status_code == 404
        assert client.get("/impact/surveys/import/").status_code == 404


def test_it_shows_an_officer_the_figures_of_a_fiscal_year(client, officer, year_of_income):
    client.force_login(officer)
    page = client.get("/impact/?fiscal_year=2569").content.decode()
    assert "ปีงบประมาณ 2569" in page
    assert "฿6,300.00" in page  # 1,000 + 300 + 5,000
    assert "ชุมชนทอผ้าหาดเสี้ยว" in page and "ชุมชนเครื่องสังคโลกเกาะน้อย" in page
    assert "มีนาคม 2569" in page  # months in Thai, Buddhist Era
    assert "<svg" in page and "<caption>" in page and 'scope="col"' in page
    assert "800.0%" in page  # 6,300 against 700 in 2568


def test_it_answers_a_bad_filter_with_a_message_not_an_error(client, officer, weavers, potters):
    client.force_login(officer)
    response = client.get(f"/impact/?fiscal_year=abc&district={potters.district.code}&community=hat-siao")
    assert response.status_code == 400
    page = response.content.decode()
    assert "This community is not in the chosen district." in page or "ชุมชนนี้ไม่อยู่ในอำเภอที่เลือก" in page
    assert client.get("/impact/?community=no-such-place").status_code == 400


def test_it_shows_members_only_their_own_community(client, alice, bob, charlie, officer, weavers, potters):
    client.force_login(alice)
    assert client.get("/impact/community/hat-siao/").status_code == 200
    assert client.get("/impact/community/ko-noi/").status_code == 404
    client.force_login(charlie)
    assert client.get("/impact/community/hat-siao/").status_code == 404
    client.force_login(officer)
    assert client.get("/impact/community/ko-noi/").status_code == 200


def test_it_lets_a_member_record_and_remove_income(client, alice, bob, weavers):
    client.force_login(alice)
    form = {"date": "2026-01-15", "kind": "homestay", "amount": "1250.50", "visitors": "6", "note": "กลุ่มนักศึกษา"}
    response = client.post("/impact/community/hat-siao/?fiscal_year=2569", form)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "฿1,250.50" in page and "กลุ่มนักศึกษา" in page
    entry = IncomeEntry.objects.get()
    assert entry.recorded_by == alice and entry.amount == Decimal("1250.50")
    client.force_login(bob)
    assert client.post(f"/impact/community/hat-siao/entries/{entry.pk}/delete/").status_code == 404
    client.force_login(alice)
    client.post(f"/impact/community/hat-siao/entries/{entry.pk}/delete/")
    assert not IncomeEntry.objects.exists()


def test_it_keeps_what_a_member_typed_when_the_amount_is_wrong(client, alice, weavers):
    client.force_login(alice)
    response = client.post(
        "/impact/community/hat-siao/", {"date": "2026-01-15", "kind": "food", "amount": "0", "note": "ข้าวแต๋น"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "ข้าวแต๋น" in page and 'role="alert"' in page
    assert not IncomeEntry.objects.exists()


def test_it_shows_the_dashboard_in_a_bounded_number_of_queries(
    client, officer, weavers, potters, record, survey, django_assert_max_num_queries
):
    for day in range(1, 28):
        record(weavers, dt.date(2026, 1, day), "100")
        record(potters, dt.date(2026, 2, day), "50")
    survey(weavers, ["100", "200", "300"])
    client.force_login(officer)
    with django_assert_max_num_queries(30):
        assert client.get("/impact/?fiscal_year=2569").status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get("/impact/community/hat-siao/?fiscal_year=2569").status_code == 200


def test_it_links_officers_to_the_dashboard(client, officer, alice):
    client.force_login(officer)
    assert 'href="/impact/"' in client.get("/").content.decode()
    client.force_login(alice)
    assert 'href="/impact/"' not in client.get("/").content.decode()


def test_it_exports_one_formatted_sheet_per_fiscal_year(client, officer, year_of_income):
    client.force_login(officer)
    response = client.get("/impact/export.xlsx?fiscal_year=2569&years=all")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["ปีงบประมาณ 2568", "ปีงบประมาณ 2569"]
    sheet = workbook["ปีงบประมาณ 2569"]
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["ปีงบประมาณ", "จังหวัด", "อำเภอ", "ชุมชน"] and "รายได้รวม (บาท)" in header
    assert sheet["A1"].font.bold
    first = {header[n]: cell.value for n, cell in enumerate(sheet[2])}
    assert first["ชุมชน"] == "ชุมชนทอผ้าหาดเสี้ยว" and first["รายได้รวม (บาท)"] == 6000
    assert sheet.cell(row=2, column=10).number_format == "#,##0.00"
    one_year = openpyxl.load_workbook(io.BytesIO(client.get("/impact/export.xlsx?fiscal_year=2568").content))
    assert one_year.sheetnames == ["ปีงบประมาณ 2568"]


def test_it_exports_csv_that_excel_reads_as_thai(client, officer, year_of_income, potters):
    client.force_login(officer)
    response = client.get(f"/impact/export.csv?fiscal_year=2569&district={potters.district.code}")
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("ปีงบประมาณ,จังหวัด,อำเภอ,ชุมชน")
    assert len(lines) == 2 and "ชุมชนเครื่องสังคโลกเกาะน้อย" in lines[1]
    assert client.get("/impact/export.csv?fiscal_year=1").status_code == 400


def test_it_leads_a_member_to_their_community_dashboard(client, alice, charlie, weavers):
    alice.role = "seller"
    alice.save()
    client.force_login(alice)
    assert 'href="/impact/mine/"' in client.get("/").content.decode()
    response = client.get("/impact/mine/")
    assert response.status_code == 302 and response["Location"] == "/impact/community/hat-siao/"
    client.force_login(charlie)
    assert "ยังไม่ได้เป็นสมาชิก" in client.get("/impact/mine/").content.decode()
