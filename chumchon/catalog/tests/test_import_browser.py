"""An officer imports a spreadsheet from a phone-sized browser: preview, problems, confirm, result."""

from pathlib import Path

import pytest

from chumchon.accounts.tests.factories import PASSWORD
from chumchon.core.tests.accessibility import serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DATA = Path(__file__).parent / "data"


@pytest.fixture
def site(live_server, places_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return live_server.url


def sign_in(page, site, email):
    page.goto(site + "/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/accounts/me/")


def test_it_imports_communities_after_a_preview(page, site, officer, tmp_path):
    from chumchon.places.models import Community

    bad = tmp_path / "ชุมชน.csv"
    bad.write_text((DATA / "communities.csv").read_text().replace(",120,", ",12O,"), encoding="utf-8")
    sign_in(page, site, officer.email)

    page.goto(site + "/staff/import/")
    assert serious_accessibility_violations(page) == []
    page.get_by_label("ชุมชน", exact=True).check()
    page.get_by_label("ไฟล์").set_input_files(str(bad))
    page.get_by_role("button", name="ตรวจไฟล์").click()
    page.wait_for_url("**/staff/import/*/")
    assert page.get_by_role("cell", name='"12O" ไม่ใช่ตัวเลข').is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert serious_accessibility_violations(page) == []

    page.get_by_label("นำเข้าเฉพาะแถวที่ไม่มีปัญหา และข้ามแถวอื่น").check()
    page.get_by_role("button", name="นำเข้า", exact=True).click()
    page.get_by_text("นำเข้าเสร็จแล้ว").wait_for()
    assert page.get_by_text("สร้างใหม่ 1 รายการ").is_visible()
    assert list(Community.objects.values_list("external_id", flat=True)) == ["skt-02"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.console_errors == []
