"""A new community seller gets on by herself, on a 360 px phone: she signs up, creates her community
enterprise, proposes her community; the officer (told of it) approves; she adds her first product.
The test prints how many taps and form fields her part took."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Counter:
    """Counts what the seller does: a tap on a button or link, a field she fills."""

    def __init__(self) -> None:
        self.taps = 0
        self.fields = 0

    def tap(self, locator) -> None:
        locator.click()
        self.taps += 1

    def fill(self, locator, value: str) -> None:
        locator.fill(value)
        self.fields += 1


def test_a_new_seller_proposes_her_community_and_lists_a_product(
    page, browser, live_server, places_data, mailoutbox, django_capture_on_commit_callbacks
):
    from chumchon.accounts.tests.factories import UserFactory
    from chumchon.catalog.models import Listing
    from chumchon.notifications.models import Notification
    from chumchon.places.models import Community

    site = live_server.url
    officer = UserFactory.create(email="officer@example.com", name="เจ้าหน้าที่", is_staff=True)
    she = Counter()

    # Sign up as a community seller, and confirm the e-mail address.
    page.goto(site + "/accounts/signup/")
    she.fill(page.get_by_label("ชื่อของคุณ"), "มาลี ทอผ้า")
    she.fill(page.get_by_label("อีเมล").first, "malee@example.com")
    she.tap(page.get_by_label("ผู้ขายในชุมชน"))
    she.fill(page.locator("#id_password1"), "a-long-weaving-password-2569")
    she.fill(page.locator("#id_password2"), "a-long-weaving-password-2569")
    she.tap(page.get_by_label("ฉันได้อ่านประกาศความเป็นส่วนตัวแล้ว", exact=False))
    she.tap(page.get_by_role("button", name="ลงทะเบียน"))
    page.wait_for_url("**/accounts/confirm-email/")
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body)
    assert link is not None
    page.goto(site + "/accounts/" + link.group(0).split("/accounts/", 1)[1])  # the e-mail's link, on this server
    she.taps += 1  # the link in the e-mail
    she.tap(page.locator("main form button[type=submit]"))
    if "/accounts/login/" in page.url:
        she.fill(page.get_by_label("อีเมล").first, "malee@example.com")
        she.fill(page.locator("#id_password"), "a-long-weaving-password-2569")
        she.tap(page.locator("main form button[type=submit]"))

    # "My listings" (behind the menu button) sends her to create her enterprise, then her community.
    she.tap(page.locator(".menu-button"))
    she.tap(page.get_by_role("link", name="รายการของฉัน"))
    she.tap(page.get_by_role("link", name="สร้างองค์กร"))
    she.fill(page.locator("#id_name"), "วิสาหกิจชุมชนทอผ้าบ้านใหม่")
    page.locator("#id_kind").select_option("community_enterprise")
    she.fields += 1
    she.tap(page.locator("main form button[type=submit]"))
    she.tap(page.locator(".menu-button"))
    she.tap(page.get_by_role("link", name="รายการของฉัน"))
    she.tap(page.get_by_role("link", name="ขอดูแลหรือเสนอชุมชนของฉัน"))
    she.tap(page.get_by_role("link", name="ไม่พบชุมชนของฉัน เสนอชุมชนใหม่"))
    she.fill(page.locator("#id_name_th"), "ชุมชนทอผ้าบ้านใหม่")
    subdistrict = page.locator("#id_subdistrict_label")
    subdistrict.press_sequentially("เมืองเก่า", delay=30)
    option = page.locator("#subdistrict-options option").first
    option.wait_for(state="attached")
    subdistrict.fill(option.get_attribute("value") or "")  # picked from the list
    she.fields += 1
    she.fill(page.locator("#id_line_id"), "@banmai-weave")
    she.fill(page.locator("#id_households"), "42")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    with django_capture_on_commit_callbacks(execute=True):
        she.tap(page.get_by_role("button", name="ส่งให้เจ้าหน้าที่"))
    page.wait_for_url("**/my-community/")
    assert page.get_by_text("รอเจ้าหน้าที่พิจารณา").first.is_visible()

    # The officer was told, and approves from the queue on his phone.
    assert Notification.objects.filter(recipient=officer, event="communities").exists()
    assert any("officer@example.com" in mail.to for mail in mailoutbox)
    officer_context = browser.new_context(viewport={"width": 360, "height": 740}, locale="th-TH")
    officer_page = officer_context.new_page()
    officer_page.goto(site + "/accounts/login/?next=/review/communities/")
    officer_page.get_by_label("อีเมล").first.fill("officer@example.com")
    officer_page.locator("#id_password").fill("correct-horse-battery-staple")
    officer_page.locator("main form button[type=submit]").click()
    officer_page.wait_for_url("**/review/communities/")
    assert officer_page.evaluate("document.documentElement.scrollWidth") <= 360
    with django_capture_on_commit_callbacks(execute=True):
        officer_page.get_by_role("button", name="อนุมัติ", exact=True).click()
    officer_page.wait_for_url("**/review/communities/")
    officer_context.close()
    community = Community.objects.get(name_th="ชุมชนทอผ้าบ้านใหม่")
    assert community.is_published and community.organisation is not None
    assert Notification.objects.filter(recipient__email="malee@example.com", detail__startswith="approved:").exists()

    # She sees the approval and adds her first product.
    page.reload()
    assert page.get_by_text("อนุมัติแล้ว").first.is_visible()
    she.tap(page.get_by_role("link", name="เพิ่มรายการ").first)
    she.tap(page.locator("input[name=kind][value=product]"))
    she.tap(page.locator("main form button[type=submit]"))
    she.fill(page.locator("#id_title_th"), "ผ้าซิ่นตีนจกลายโบราณ")
    she.fill(page.locator("#id_price"), "3500")
    she.tap(page.locator("main form button[type=submit]").first)
    page.wait_for_url(re.compile(r".*/sell/\d+/$"))
    listing = Listing.objects.get(title_th="ผ้าซิ่นตีนจกลายโบราณ")
    assert listing.community == community
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.console_errors == []
    print(f"\nThe seller's part took {she.taps} taps and {she.fields} form fields.")
