"""An officer on a phone opens the income dashboard and switches the fiscal year."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from chumchon.accounts.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, places_data):
    return live_server.url


def test_it_shows_the_dashboard_on_a_phone_and_changes_the_fiscal_year(site, page, officer, weavers, record):
    record(weavers, dt.date(2024, 12, 1), "700")  # fiscal year 2568
    record(weavers, dt.date(2025, 12, 1), "1250")  # fiscal year 2569
    page.goto(f"{site}/accounts/login/")
    page.locator("#id_login").fill(officer.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/accounts/me/")
    page.goto(f"{site}/impact/?fiscal_year=2569")
    expect(page.get_by_role("heading", name="ปีงบประมาณ 2569")).to_be_visible()
    expect(page.locator(".impact-cards").first).to_contain_text("฿1,250.00")
    expect(page.get_by_role("img", name="กราฟเส้นรายได้รายเดือน ตัวเลขเดียวกันอยู่ในตาราง")).to_be_visible()
    page.locator("#id_fiscal_year").select_option("2568")
    page.get_by_role("button", name="แสดงตัวเลข").click()
    expect(page.get_by_role("heading", name="ปีงบประมาณ 2568")).to_be_visible()
    expect(page.locator(".impact-cards").first).to_contain_text("฿700.00")
    assert "fiscal_year=2568" in page.url
    # Nothing wider than the phone: the tables scroll inside their own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.console_errors == []
