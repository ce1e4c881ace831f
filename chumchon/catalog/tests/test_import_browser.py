"""An officer imports a spreadsheet from a phone-sized browser: preview, problems, confirm, result."""

import time
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

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


@pytest.mark.worker
def test_a_big_import_runs_on_the_worker_while_the_page_follows_it_and_others_browse(
    browser, page, site, settings, tmp_path, places_data, officer, request
):
    """5,000 rows: the upload and the confirmation answer at once, the bar moves, the listings
    appear; meanwhile a visitor's /listings/ pages keep answering."""
    from chumchon.catalog.imports.applying import import_apply
    from chumchon.catalog.imports.planning import plan_file
    from chumchon.catalog.models import Listing

    settings.VAR_DIR = tmp_path / "var"  # the heartbeats, shared with the worker
    import_apply(plan_file(kind="communities", name="c.csv", data=(DATA / "communities.csv").read_bytes()), by=None)
    big = tmp_path / "สินค้า.csv"
    lines = ["external_id,community,kind,title_th,category,tags,price,price_unit"]
    lines += [f"b-{i:05d},skt-0{1 + i % 2},product,ผ้าทอลายที่ {i},textiles,ผ้าทอ,{100 + i},piece" for i in range(5000)]
    big.write_text("\n".join(lines) + "\n", encoding="utf-8")
    worker = request.getfixturevalue("db_worker")  # after the settings it passes on

    sign_in(page, site, officer.email)
    page.goto(site + "/staff/import/")
    page.get_by_label("รายการ", exact=True).check()
    page.get_by_label("ไฟล์").set_input_files(str(big))
    page.get_by_label("เผยแพร่รายการทันทีโดยไม่ต้องรอตรวจ").check()
    started = time.monotonic()
    page.get_by_role("button", name="ตรวจไฟล์").click()
    page.wait_for_url("**/staff/import/*/")
    assert time.monotonic() - started < 2, "the upload waited for the file to be checked"

    confirm = page.get_by_role("button", name="นำเข้า", exact=True)
    confirm.wait_for(timeout=180_000)  # the worker checks the file; the page reloads into the preview
    assert page.get_by_text("5000 รายการจะสร้างใหม่").is_visible()
    started = time.monotonic()
    confirm.click()
    page.locator("#import-progress, .message-success").first.wait_for()
    assert time.monotonic() - started < 2, "the confirmation waited for the import"

    visitor = browser.new_context(viewport={"width": 1280, "height": 800}, locale="th-TH").new_page()
    seen: set[int] = set()
    visits = []
    bar = page.locator("#import-progress-bar")
    deadline = time.monotonic() + 600
    while not page.get_by_text("นำเข้าเสร็จแล้ว").is_visible():
        assert time.monotonic() < deadline, worker.output()
        if bar.count():
            try:
                # Not waited for: the bar just counted is gone when the page reloaded itself meanwhile.
                seen.add(int(bar.get_attribute("value", timeout=2_000) or 0))
                width = page.evaluate("document.documentElement.scrollWidth")
            except PlaywrightError:  # the page reloaded itself: the import just ended (checked below)
                width = 0
            assert width <= 360
        opened = time.monotonic()
        response = visitor.goto(site + "/listings/")
        visits.append((response.status if response else 0, time.monotonic() - opened))
        page.wait_for_timeout(300)

    assert any(0 < value < 100 for value in seen), seen
    assert visits and all(status == 200 for status, _ in visits), visits
    assert page.get_by_text("สร้างใหม่ 5000 รายการ").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert Listing.objects.published().count() == 5000
    visitor.goto(site + "/listings/?q=ผ้าทอลายที่")
    assert visitor.get_by_text("ผ้าทอลายที่", exact=False).first.is_visible()
    assert page.console_errors == []
    visitor.context.close()
