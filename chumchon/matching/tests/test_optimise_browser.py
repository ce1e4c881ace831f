"""An officer on a phone runs the optimiser on a small event, watches it, applies it and publishes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from chumchon.accounts.tests.factories import PASSWORD
from chumchon.matching import services
from chumchon.matching.models import Meeting, RunStatus, ScheduleRun

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, site, email):
    page.goto(site + "/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/accounts/me/")


def test_an_officer_schedules_and_publishes_from_a_phone(
    page, live_server, places_data, officer, make_event, make_participant
):
    event = make_event(slug="phone")
    buyers = [make_participant(event, "buyer", name=f"โรงแรม {n}") for n in range(2)]
    sellers = [make_participant(event, "seller", name=f"กลุ่มผ้าทอ {n}") for n in range(3)]
    for buyer in buyers:
        for seller in sellers:
            request = services.request_send(sender=buyer, target=seller, by=buyer.person)
            services.request_accept(meeting_request=request, by=seller.person)
    sign_in(page, live_server.url, officer.email)
    schedule_url = f"{live_server.url}/matching/staff/{event.slug}/schedule/"

    # A run in progress shows a progress bar that htmx polls; when it ends the page shows the result.
    run = ScheduleRun.objects.create(
        event=event, created_by=officer, status=RunStatus.RUNNING, progress=0.3, message="improving"
    )
    page.goto(schedule_url)
    expect(page.locator("#schedule-progress-bar")).to_have_attribute("value", "30")
    expect(page.get_by_role("status")).to_contain_text("เสร็จแล้ว 30%")
    ScheduleRun.objects.filter(pk=run.pk).update(status=RunStatus.QUEUED)
    services.schedule_run_execute(run=run)
    expect(page.get_by_role("button", name="ใช้ตารางนี้")).to_be_visible(timeout=10_000)

    # A fresh run from the form, with a time limit.
    page.get_by_label("เวลาสูงสุด (วินาที)").fill("5")
    page.get_by_role("button", name="เริ่มจัดตารางอัตโนมัติ").click()
    expect(page.get_by_text("6 จาก 6 คำขอที่ตอบรับแล้ว")).to_be_visible()
    expect(page.get_by_text("100.0%")).to_be_visible()
    page.get_by_role("button", name="ใช้ตารางนี้").click()
    expect(page.get_by_text("ใช้ตารางแล้ว: 6 นัดหมาย")).to_be_visible()
    assert Meeting.objects.filter(event=event).count() == 6
    expect(page.locator("#meetings + form, #meetings ~ .table-scroll").first).to_be_visible()

    page.get_by_role("button", name="ประกาศกำหนดการ").click()
    expect(page.get_by_text("แจ้งผู้เข้าร่วม 5 ราย")).to_be_visible()
    event.refresh_from_db()
    assert event.status == "published"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
    assert page.console_errors == []
