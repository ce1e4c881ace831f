"""An officer on a phone publishes an article with a PDF, finds it with the Thai search box, and
works through the programme's action items; the overdue one is highlighted and its owner reminded."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from chumchon.accounts.tests.factories import PASSWORD
from chumchon.core.tests.accessibility import serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def site(live_server, places_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return live_server.url


@pytest.fixture
def meeting(officer, alice):
    from chumchon.places.models import CreativeCity, Province
    from chumchon.programmes import services

    nan = CreativeCity.objects.create(
        slug="nan",
        name_th="น่าน",
        name_en="Nan",
        province=Province.objects.get(name_en="Nan"),
        field="crafts_folk_art",
        status="candidate",
        target_fiscal_year=2564,
    )
    mou = services.mou_create(
        by=officer, title="MOU อพท.–สศส.", parties=["อพท.", "สศส."], signed_on=dt.date(2024, 10, 1), cities=[nan]
    )
    meeting = services.meeting_create(by=officer, mou=mou, held_on=dt.date(2025, 10, 1), title="ประชุมทบทวนประจำปี")
    services.action_item_create(
        by=officer, meeting=meeting, title="ส่งหลักฐานของน่าน", owner=alice, due_on=dt.date(2025, 11, 1), city=nan
    )
    services.action_item_create(
        by=officer, meeting=meeting, title="จัดเวทีแลกเปลี่ยน", owner=officer, due_on=dt.date(2099, 1, 1)
    )
    return meeting


def sign_in(page, site, email):
    page.goto(site + "/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/accounts/me/")


def test_it_publishes_finds_and_follows_up(page, site, officer, alice, meeting, tmp_path):
    pdf = tmp_path / "guide.pdf"
    pdf.write_bytes(PDF)

    sign_in(page, site, "officer@example.com")
    page.goto(site + "/knowledge/new/")
    page.get_by_label("ชื่อ (ภาษาไทย)").fill("คู่มือย้อมครามสำหรับกลุ่มทอผ้า")
    page.get_by_label("เนื้อหา (ภาษาไทย, Markdown)").fill("## ขั้นตอน\n\nหมักครามเจ็ดวัน <script>alert(1)</script>")
    page.get_by_role("button", name="บันทึกฉบับร่าง").click()
    page.wait_for_url("**/knowledge/edit/*/")
    page.get_by_label("ชื่อไฟล์").fill("คู่มือฉบับพิมพ์")
    page.set_input_files("input[type=file]", str(pdf))
    page.get_by_role("button", name="อัปโหลดไฟล์").click()
    expect(page.get_by_text("เพิ่มไฟล์แล้ว")).to_be_visible()
    page.get_by_role("button", name="เผยแพร่").click()
    expect(page.get_by_role("heading", name="ขั้นตอน")).to_be_visible()
    expect(page.get_by_text("<script>alert(1)</script>")).to_be_visible()

    page.context.clear_cookies()
    page.goto(site + "/knowledge/")
    assert serious_accessibility_violations(page) == []
    page.get_by_label("ค้นหาองค์ความรู้").fill("ย้อมคราม")
    page.locator("#main").get_by_role("button", name="ค้นหา", exact=True).click()
    page.get_by_role("link", name="คู่มือย้อมครามสำหรับกลุ่มทอผ้า").click()
    download = page.get_by_role("link", name="คู่มือฉบับพิมพ์")
    expect(download).to_be_visible()
    assert serious_accessibility_violations(page) == []
    response = page.request.get(site + download.get_attribute("href"))
    assert response.body().startswith(b"%PDF-")

    sign_in(page, site, "officer@example.com")
    page.goto(site + f"/programme/meetings/{meeting.pk}/")
    overdue = page.locator(".action-items li", has_text="ส่งหลักฐานของน่าน")
    expect(overdue).to_have_class("card overdue")
    expect(overdue.get_by_text("เลยกำหนด")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="ทำเครื่องหมายว่าเสร็จ: จัดเวทีแลกเปลี่ยน").click()
    expect(page.get_by_text("ทำเครื่องหมายว่าเสร็จแล้ว: จัดเวทีแลกเปลี่ยน")).to_be_visible()
    expect(page.locator(".action-items li", has_text="จัดเวทีแลกเปลี่ยน")).to_contain_text("เสร็จแล้ว")
    assert page.console_errors == []

    call_command("programme_remind_overdue", verbosity=0)
    # Alice hears of her overdue action (not of the one she closed); the officer who coordinates the
    # MOU, of its overdue yearly review.
    to = {message.to[0]: message for message in mail.outbox}
    assert sorted(to) == ["alice@example.com", "officer@example.com"]
    assert "ส่งหลักฐานของน่าน" in to["alice@example.com"].body
    assert "จัดเวทีแลกเปลี่ยน" not in to["alice@example.com"].body
