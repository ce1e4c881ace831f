"""Issue 20, "Done when": the officer runs the programme from the pages and writes Sukhothai's
UNESCO monitoring report, whose .docx carries the impact dashboard's community income."""

import datetime as dt
import io
from decimal import Decimal

import docx
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chumchon.accounts.tests.factories import PASSWORD
from chumchon.impact import selectors
from chumchon.impact.selectors import ImpactFilters
from chumchon.places.models import CreativeCity, Province
from chumchon.programmes.models import ActionItem, Mou, add_years

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def site(live_server, places_data, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return live_server.url


def test_it_runs_the_programme_and_writes_the_monitoring_report(
    site, page, officer, alice, weavers, potters, record, deal, tmp_path
):
    sukhothai = CreativeCity.objects.create(
        slug="sukhothai", name_th="สุโขทัย", name_en="Sukhothai", province=Province.objects.get(name_en="Sukhothai"),
        field="crafts_folk_art", status="member", member_since=2019,
    )  # fmt: skip
    record(weavers, dt.date(2023, 1, 10), "1200")  # fiscal year 2566 (2023)
    record(potters, dt.date(2025, 6, 1), "800.50")  # 2568 (2025)
    deal(weavers, dt.date(2026, 3, 1), "5000")  # 2569 (2026)
    today = timezone.localdate()
    page.set_default_timeout(90_000)  # a long flow on a shared machine; no step waits on purpose

    page.goto(f"{site}/accounts/login/")
    page.locator("#id_login").fill(officer.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/accounts/me/")

    # A 4-year MOU with two partners, signed a year ago today: its first yearly review is due today.
    page.goto(f"{site}/en/programme/mou/new/")
    page.get_by_label("Title").fill("MOU creative cities 2025–2029")
    page.get_by_label("Partners").fill(
        "Designated Areas for Sustainable Tourism Administration\nCreative Economy Agency"
    )
    page.get_by_label("Signed on").fill(add_years(today, -1).isoformat())
    page.get_by_label("Duration (years)").fill("4")
    page.get_by_label("Sukhothai").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/en/programme/")
    review = page.locator(".card", has_text="Yearly review 1: MOU creative cities 2025–2029")
    expect(review).to_contain_text("Due this fiscal year")
    mou = Mou.objects.get()
    assert mou.party_list == ["Designated Areas for Sustainable Tourism Administration", "Creative Economy Agency"]

    # She records the review meeting (the form proposes review 1) with two action items.
    review.get_by_role("link", name="Record the review meeting").click()
    expect(page.get_by_label("Yearly review")).to_have_value("1")
    page.locator("#id_held_on").fill(today.isoformat())
    page.get_by_label("Title").fill("First yearly review")
    page.get_by_label("Minutes").fill("Year one went well.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="First yearly review")).to_be_visible()
    for title in ("Send the weaving evidence", "Hold the craft forum"):
        page.get_by_role("link", name="Add an action item").click()
        page.get_by_label("Action to take").fill(title)
        page.get_by_label("Owner's e-mail").fill(alice.email)
        page.get_by_label("Due date").fill((today + dt.timedelta(days=30)).isoformat())
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text(title).first).to_be_visible()
    # She closes one with an evidence file.
    page.get_by_role("link", name="Edit: Send the weaving evidence").click()
    page.get_by_label("Status").select_option("done")
    evidence = tmp_path / "evidence.pdf"
    evidence.write_bytes(PDF)
    page.get_by_label("Evidence (PDF)").set_input_files(str(evidence))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="Evidence (PDF)")).to_be_visible()
    done = ActionItem.objects.get(title="Send the weaving evidence")
    assert (
        done.status == "done"
        and done.evidence
        and ActionItem.objects.get(title="Hold the craft forum").status == "open"
    )
    page.goto(f"{site}/en/programme/")
    expect(page.locator(".card", has_text="MOU creative cities 2025–2029").first).not_to_contain_text(
        "Yearly review 1:"
    )

    # Sukhothai's monitoring report for 2023–2026, in English.
    page.get_by_role("link", name="UNESCO monitoring reports").click()
    page.locator("#id_city").select_option("sukhothai")
    page.get_by_label("From fiscal year").fill("2023")
    page.get_by_label("To fiscal year").fill("2026")
    page.locator("#id_language").select_option("en")
    page.get_by_role("button", name="Start the report").click()
    expect(page.get_by_role("heading", name="Monitoring report: Sukhothai")).to_be_visible()
    plan = page.get_by_label("6. Action plan for the next four years")
    plan.fill("Open a weaving school by 2028.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download .docx").click()
    path = tmp_path / "report.docx"
    download_info.value.save_as(path)

    document = docx.Document(io.BytesIO(path.read_bytes()))
    figures = {row.cells[0].text: row.cells[1].text for table in document.tables for row in table.rows}
    in_report = Decimal(figures["Community income (THB)"].replace(",", ""))
    dashboard = sum(
        selectors.dashboard(ImpactFilters(fiscal_year=year, province=sukhothai.province)).totals.income
        for year in range(2566, 2570)
    )
    assert in_report == dashboard == Decimal("7000.50")
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Open a weaving school by 2028." in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.console_errors == []
