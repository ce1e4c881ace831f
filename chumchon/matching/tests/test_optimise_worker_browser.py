"""The organiser starts the optimiser on a large event and watches its progress bar move, solved by
a real task worker beside the live server, before the result appears."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from chumchon.matching.models import RunStatus, ScheduleRun
from chumchon.matching.tests.large_event import large_event
from chumchon.matching.tests.test_optimise_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.worker]

# The bar's value and the words under it, read at one instant (htmx swaps them together).
READ_PROGRESS = """() => {
  const bar = document.querySelector("#schedule-progress-bar");
  const status = document.querySelector("#schedule-progress [role=status]");
  return bar && status ? [bar.getAttribute("value"), status.textContent] : null;
}"""


def test_the_organiser_sees_the_progress_bar_move_before_the_result(page, db_worker, live_server, places_data, officer):
    event = large_event(officer=officer, buyers=300, sellers=700, requests=4000, tables=120)
    sign_in(page, live_server.url, officer.email)
    page.goto(f"{live_server.url}/matching/staff/{event.slug}/schedule/")
    page.get_by_label("เวลาสูงสุด (วินาที)").fill("8")

    began = time.monotonic()
    page.get_by_role("button", name="เริ่มจัดตารางอัตโนมัติ").click()
    bar = page.locator("#schedule-progress-bar")
    expect(bar).to_be_visible()
    assert time.monotonic() - began < 3  # the page came back at once (the browser's own time included)
    expect(page.get_by_label(re.compile("ระบบ.*จัดตาราง"))).to_have_count(1)  # the bar's accessible name

    seen: list[str] = []
    apply = page.get_by_role("button", name="ใช้ตารางนี้")
    deadline = time.monotonic() + 120
    while apply.count() == 0 and time.monotonic() < deadline:
        try:
            shown = page.evaluate(READ_PROGRESS)
        except PlaywrightError:  # the page is reloading (htmx refreshes it when the run ends)
            shown = None
        if shown is not None:
            value, status = shown
            seen.append(value)
            assert f"{value}%" in status  # the percentage in words too
        page.wait_for_timeout(100)
    expect(apply).to_be_visible()
    values = {int(v) for v in seen}
    assert any(0 < v < 100 for v in values) or len(values) >= 2, seen
    assert ScheduleRun.objects.get(event=event).status == RunStatus.DONE
    expect(page.get_by_text(re.compile(r"จาก 4,?000 คำขอที่ตอบรับแล้ว"))).to_be_visible()
    assert page.console_errors == []
