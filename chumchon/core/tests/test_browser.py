"""A visitor on a phone: Thai home page, switch to English, open a community; no console errors."""

import pytest

from chumchon.core.tests.accessibility import serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, places_data):
    from django.core.management import call_command

    call_command("demo_load", verbosity=0)
    return live_server.url


def test_it_switches_language_and_opens_a_community(page, site):
    page.goto(site + "/")
    assert page.locator("html").get_attribute("lang") == "th"
    assert page.get_by_role("heading", level=1).inner_text() == "พบชุมชนท่องเที่ยวเชิงสร้างสรรค์ของไทยได้โดยตรง"
    assert serious_accessibility_violations(page) == []
    # Nothing overflows sideways on a 360 px phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_role("link", name="English").click()
    page.wait_for_url(site + "/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Meet Thailand" in page.get_by_role("heading", level=1).inner_text()

    page.get_by_role("link", name="Hat Siao Teen Jok Weavers (sample)").click()
    page.wait_for_url("**/en/c/hat-siao-teen-jok-weavers-sample/")
    assert page.get_by_role("heading", level=1).inner_text() == "Hat Siao Teen Jok Weavers (sample)"
    assert page.get_by_role("link", name="LINE @chumchon-demo-skt-03").is_visible()
    assert serious_accessibility_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_role("link", name="ภาษาไทย").click()
    page.wait_for_url("**/c/hat-siao-teen-jok-weavers-sample/")
    assert page.get_by_role("heading", level=1).inner_text() == "ชุมชนผ้าซิ่นตีนจกหาดเสี้ยว (ตัวอย่าง)"
    assert page.console_errors == []


def test_it_signs_up_a_seller_on_a_phone(page, site, mailoutbox):
    page.goto(site + "/accounts/signup/")
    page.get_by_label("ชื่อของคุณ").fill("มาลี ทอผ้า")
    page.get_by_label("อีเมล").first.fill("malee@example.com")
    page.get_by_label("ผู้ขายในชุมชน").check()
    page.locator("#id_password1").fill("a-long-weaving-password-2569")
    page.locator("#id_password2").fill("a-long-weaving-password-2569")
    page.get_by_label("ฉันได้อ่านประกาศความเป็นส่วนตัวแล้ว", exact=False).check()
    page.get_by_role("button", name="ลงทะเบียน").click()
    page.wait_for_url("**/accounts/confirm-email/")
    assert len(mailoutbox) == 1
    assert page.console_errors == []
