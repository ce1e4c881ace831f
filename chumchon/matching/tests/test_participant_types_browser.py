"""On a phone, the officer limits who may register and who may meet whom; a community then sees
only the partners it may meet."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from chumchon.accounts.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, site, email):
    page.context.clear_cookies()
    page.goto(site + "/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/accounts/me/")


def test_the_officer_ticks_the_pairs_that_meet_on_a_phone(
    page, live_server, places_data, officer, make_event, make_participant
):
    event = make_event(slug="roles-phone")
    community = make_participant(event, "seller", name="กลุ่มผ้าทอ", participant_type="community")
    make_participant(event, "buyer", name="Lanna Travel", participant_type="business")
    make_participant(event, "buyer", name="Travel Weekly", participant_type="media")
    sign_in(page, live_server.url, officer.email)
    page.goto(f"{live_server.url}/matching/staff/{event.slug}/edit/")
    expect(page.get_by_label("ทุกคนนัดพบกันได้ (ผู้ซื้อพบผู้ขายเสมอ)")).to_be_checked()
    page.get_by_label("เฉพาะคู่ที่ติ๊กไว้ด้านล่าง").check()
    page.get_by_role("checkbox", name="ชุมชน – ธุรกิจหรือบริษัทนำเที่ยว").check()
    page.get_by_role("checkbox", name="ชุมชน – ภาครัฐหรือหน่วยงาน").check()
    # The matrix scrolls inside its box: the page itself is no wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="บันทึก").click()
    page.wait_for_url(f"**/matching/staff/{event.slug}/")
    event.refresh_from_db()
    assert event.meeting_pairs == ["business:community", "community:government"]

    sign_in(page, live_server.url, community.person.email)
    page.goto(f"{live_server.url}/matching/{event.slug}/participants/")
    expect(page.get_by_text("Lanna Travel").first).to_be_visible()
    expect(page.get_by_text("Travel Weekly")).to_have_count(0)
