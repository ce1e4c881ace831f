"""UNESCO monitoring reports: started from the platform's figures, edited, exported as .docx and PDF."""

import datetime as dt
import io
import time
from decimal import Decimal

import docx
import pytest

from chumchon.accounts.models import AuditEntry
from chumchon.impact import selectors
from chumchon.impact.models import MonitoringReport
from chumchon.impact.selectors import ImpactFilters
from chumchon.places.models import CreativeCity, Province

pytestmark = pytest.mark.django_db


@pytest.fixture
def sukhothai(db):
    return CreativeCity.objects.create(
        slug="sukhothai",
        name_th="สุโขทัย",
        name_en="Sukhothai",
        province=Province.objects.get(name_en="Sukhothai"),
        field="crafts_folk_art",
        status="member",
        member_since=2019,
        lead_organisation="Sukhothai Municipality",
    )


@pytest.fixture
def income(weavers, potters, record, deal):
    record(weavers, dt.date(2022, 11, 1), "700")  # fiscal year 2566 (2023)
    record(weavers, dt.date(2025, 11, 3), "1000", visitors=12)  # 2569
    record(potters, dt.date(2026, 5, 1), "300")  # 2569
    deal(weavers, dt.date(2026, 3, 1), "5000")  # 2569
    record(weavers, dt.date(2026, 10, 2), "999")  # 2570: after the period


def dashboard_income(province, first, last):
    return sum(
        selectors.dashboard(ImpactFilters(fiscal_year=year, province=province)).totals.income
        for year in range(first, last + 1)
    )


def docx_figure(content, label):
    document = docx.Document(io.BytesIO(content))
    for table in document.tables:
        for row in table.rows:
            if row.cells[0].text == label:
                return Decimal(row.cells[1].text.replace(",", ""))
    raise AssertionError(f"{label} not in the document")


def test_it_keeps_reports_to_officers(client, alice, sukhothai, officer):
    assert client.get("/impact/monitoring/").status_code == 302
    client.force_login(officer)
    client.post(
        "/en/impact/monitoring/",
        {"city": "sukhothai", "first_fiscal_year": "2023", "last_fiscal_year": "2026", "language": "en"},
    )
    report = MonitoringReport.objects.get()
    client.force_login(alice)
    for path in (
        "/impact/monitoring/",
        f"/impact/monitoring/{report.pk}/",
        f"/impact/monitoring/{report.pk}/report.docx",
    ):
        assert client.get(path).status_code == 404


def test_it_starts_a_report_from_the_dashboards_figures_and_exports_them(client, officer, sukhothai, income):
    client.force_login(officer)
    response = client.post(
        "/en/impact/monitoring/",
        {"city": "sukhothai", "first_fiscal_year": "2023", "last_fiscal_year": "2026", "language": "en"},
    )
    report = MonitoringReport.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/impact/monitoring/{report.pk}/")
    assert (report.first_fiscal_year, report.last_fiscal_year, report.status) == (2566, 2569, "draft")
    expected = dashboard_income(sukhothai.province, 2566, 2569)
    assert expected == Decimal("7000.00")  # 700 + 1,000 + 300 + 5,000; not the 999 of 2570
    assert "฿7,000.00" in report.local_initiatives
    assert "Fiscal year 2023: ฿700.00" in report.local_initiatives
    assert "Sukhothai, UNESCO Creative City of Crafts and Folk Art since 2019" in report.general_information
    page = client.get(f"/en/impact/monitoring/{report.pk}/").content.decode()
    assert "7,000.00" in page and "Results against the previous action plan" in page

    started = time.process_time()  # CPU time: the wall clock of a shared machine says little
    download = client.get(f"/en/impact/monitoring/{report.pk}/report.docx")
    elapsed = time.process_time() - started
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert docx_figure(download.content, "Community income (THB)") == expected
    assert elapsed < 1.0
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(download.content)).paragraphs)
    assert "6. Action plan for the next four years" in text


def test_it_saves_the_officers_text_audited_and_puts_it_in_the_exports(client, officer, sukhothai, income):
    client.force_login(officer)
    client.post(
        "/en/impact/monitoring/",
        {"city": "sukhothai", "first_fiscal_year": "2566", "last_fiscal_year": "2569", "language": "en"},
    )
    report = MonitoringReport.objects.get()
    data = {name: text for name, _heading, text in report.sections()} | {"status": "draft"}
    data["next_action_plan"] = "Open a weaving school in Hat Siao by 2028."
    assert client.post(f"/en/impact/monitoring/{report.pk}/", data).status_code == 302
    report.refresh_from_db()
    assert report.next_action_plan == "Open a weaving school in Hat Siao by 2028."
    entry = AuditEntry.objects.filter(action="impact.monitoring_report_update").get()
    assert entry.actor == officer and "next_action_plan" in entry.summary
    text = "\n".join(
        p.text
        for p in docx.Document(
            io.BytesIO(client.get(f"/en/impact/monitoring/{report.pk}/report.docx").content)
        ).paragraphs
    )
    assert "Open a weaving school in Hat Siao by 2028." in text
    pdf = client.get(f"/en/impact/monitoring/{report.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")


def test_it_writes_the_thai_working_copy_in_thai(client, officer, sukhothai, income):
    client.force_login(officer)
    client.post(
        "/impact/monitoring/",
        {"city": "sukhothai", "first_fiscal_year": "2566", "last_fiscal_year": "2569", "language": "th"},
    )
    report = MonitoringReport.objects.get(language="th")
    assert "ปีงบประมาณ 2566–2569" in report.general_information
    content = client.get(f"/impact/monitoring/{report.pk}/report.docx").content
    assert docx_figure(content, "รายได้ชุมชน (บาท)") == Decimal("7000.00")
    # The same period again in Thai is refused, on the form
    response = client.post(
        "/impact/monitoring/",
        {"city": "sukhothai", "first_fiscal_year": "2566", "last_fiscal_year": "2569", "language": "th"},
    )
    assert response.status_code == 400 and MonitoringReport.objects.count() == 1


def test_it_refuses_a_period_that_ends_before_it_starts(client, officer, sukhothai):
    client.force_login(officer)
    response = client.post(
        "/en/impact/monitoring/",
        {"city": "sukhothai", "first_fiscal_year": "2026", "last_fiscal_year": "2023", "language": "en"},
    )
    assert response.status_code == 400
    assert "The last fiscal year cannot come before the first." in response.content.decode()
    assert not MonitoringReport.objects.exists()
