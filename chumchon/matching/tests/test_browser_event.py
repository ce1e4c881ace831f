"""A business-matching event end to end on the demo data, on a phone-sized page.

The officer sets the event up, two buyers and three sellers register, the officer approves them,
requests are sent and accepted, the officer optimises and publishes, a buyer opens the agenda and
downloads it as PDF and .ics, is checked in by QR code, records an outcome, and the report shows it.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import expect

from chumchon.accounts.models import Organisation, User
from chumchon.accounts.services import organisation_create
from chumchon.matching import services
from chumchon.matching.models import Event, MeetingRequest, Registration, Slot
from chumchon.places.models import Community

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "chumchon-demo-2569"


@pytest.fixture
def site(live_server, places_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call_command("demo_load", verbosity=0)
    return live_server.url


def sign_in(page, site, email, password=DEMO_PASSWORD):
    page.context.clear_cookies()
    page.goto(site + "/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/accounts/me/")


def extra_participant(email: str, role: str, name: str, community_slug: str = "") -> User:
    """Another demo-like organisation (the demo has one buyer and one seller account)."""
    user = User.objects.create_user(email=email, password=DEMO_PASSWORD, name=name, role=role)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    organisation = organisation_create(
        by=user, name=name, kind="community_enterprise" if role == "seller" else "company"
    )
    if community_slug:
        Community.objects.filter(slug=community_slug).update(organisation=organisation)
    return user


def test_it_runs_an_event_end_to_end(page, site):
    # --- setup by the officer ---------------------------------------------------------------
    sign_in(page, site, "officer@example.com")
    page.goto(site + "/matching/staff/new/")
    page.get_by_label("ชื่อ (ไทย)").fill("เจรจาธุรกิจหัตถกรรมสุโขทัย")
    page.get_by_label("ชื่อย่อในที่อยู่เว็บ").fill("crafts-2570")
    page.get_by_label("สถานที่จัดงาน").fill("ศูนย์ประชุมสุโขทัย")
    now = timezone.localtime()
    page.locator("#id_registration_opens").fill((now - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_registration_closes").fill((now + dt.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("จำนวนโต๊ะ").fill("3")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("โต๊ะผู้จัดงาน")
    day = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    page.locator("#id_date").fill(day)
    page.locator("#id_starts_at").fill("09:00")
    page.locator("#id_ends_at").fill("11:00")
    page.get_by_role("button", name="เพิ่มช่วงเวลา").click()
    expect(page.get_by_text("เพิ่มช่วงเวลาแล้ว")).to_be_visible()
    page.get_by_role("button", name="เปิดรับลงทะเบียน").click()
    expect(page.get_by_text("เปิดรับลงทะเบียนแล้ว")).to_be_visible()
    event = Event.objects.get(slug="crafts-2570")
    assert event.slots.count() == 5  # 09:00 … 10:40 with 20-minute meetings and 5-minute breaks

    # --- two buyers and three sellers register ----------------------------------------------
    extra_participant("hotel@example.com", "buyer", "โรงแรมเมืองเก่า (ตัวอย่าง)")
    extra_participant("pottery@example.com", "seller", "กลุ่มสังคโลกทุ่งหลวง (ตัวอย่าง)")
    extra_participant("silver@example.com", "seller", "กลุ่มเครื่องเงินศรีสัชนาลัย (ตัวอย่าง)")

    sign_in(page, site, "seller@example.com")
    page.goto(site + "/matching/crafts-2570/")
    page.get_by_role("link", name="ลงทะเบียน").click()
    page.get_by_label("ผู้ขาย").check()
    page.get_by_label("สิ่งที่คุณมองหา (อธิบายเอง)").fill("บริษัทนำเที่ยวที่สนใจผ้าทอ")
    page.get_by_role("button", name="ลงทะเบียน").click()
    expect(page.get_by_text("ผู้จัดงานจะพิจารณาอนุมัติการลงทะเบียนของคุณ")).to_be_visible()

    sign_in(page, site, "buyer@example.com")
    page.goto(site + "/matching/crafts-2570/register/")
    page.get_by_label("ผู้ซื้อ").check()
    page.get_by_label("สิ่งที่คุณมองหา (อธิบายเอง)").fill("ผ้าทอมือ เครื่องปั้นสังคโลก")
    page.get_by_role("button", name="ลงทะเบียน").click()
    expect(page.get_by_text("ผู้จัดงานจะพิจารณาอนุมัติการลงทะเบียนของคุณ")).to_be_visible()

    for email, role in (
        ("hotel@example.com", "buyer"),
        ("pottery@example.com", "seller"),
        ("silver@example.com", "seller"),
    ):
        person = User.objects.get(email=email)
        services.registration_create(
            event=event, organisation=Organisation.objects.get(memberships__user=person), role=role, by=person
        )

    # --- the officer approves them -------------------------------------------------------------
    sign_in(page, site, "officer@example.com")
    page.goto(site + "/matching/staff/crafts-2570/")
    for _ in range(5):
        page.get_by_role("button", name=re.compile("^อนุมัติ ")).first.click()
        expect(page.locator(".message-success")).to_be_visible()
    assert event.registrations.approved().count() == 5

    # --- requests and acceptance ---------------------------------------------------------------
    sign_in(page, site, "buyer@example.com")
    page.goto(site + "/matching/crafts-2570/participants/")
    # The weaving group may be both recommended to this buyer and in the list: either card will do.
    seller_card = page.locator(".participant", has_text="ทอผ้าหาดเสี้ยว").first
    seller_card.get_by_label("ความสำคัญ").select_option("3")
    seller_card.get_by_role("button", name=re.compile("ขอนัดพบ")).click()
    expect(page.get_by_text("ส่งคำขอถึง")).to_be_visible()

    sign_in(page, site, "seller@example.com")
    page.goto(site + "/matching/crafts-2570/requests/")
    page.locator(".request", has_text="Siam Craft Journeys").get_by_role("button", name="ตอบรับ").click()
    expect(page.get_by_text("ตอบรับคำขอแล้ว")).to_be_visible()

    registrations = {r.organisation.name: r for r in Registration.objects.filter(event=event)}
    demo_buyer = registrations["Siam Craft Journeys Co., Ltd. (sample)"]
    hotel_reg = registrations["โรงแรมเมืองเก่า (ตัวอย่าง)"]
    pottery_reg = registrations["กลุ่มสังคโลกทุ่งหลวง (ตัวอย่าง)"]
    for buyer, seller in ((demo_buyer, pottery_reg), (hotel_reg, pottery_reg)):
        meeting_request = services.request_send(sender=buyer, target=seller, by=buyer.registered_by)
        services.request_accept(meeting_request=meeting_request, by=seller.registered_by)
    assert MeetingRequest.objects.filter(event=event, status="accepted").count() == 3

    # --- the officer optimises and publishes -----------------------------------------------------
    sign_in(page, site, "officer@example.com")
    page.goto(site + "/matching/staff/crafts-2570/schedule/")
    page.get_by_label("เวลาสูงสุด (วินาที)").fill("5")
    page.get_by_role("button", name="เริ่มจัดตารางอัตโนมัติ").click()
    page.get_by_role("button", name="ใช้ตารางนี้").click(timeout=60_000)
    expect(page.get_by_text("ใช้ตารางแล้ว: 3 นัดหมาย")).to_be_visible()
    page.get_by_role("button", name="ประกาศกำหนดการ").click()
    event.refresh_from_db()
    assert event.status == "published"

    # --- the demo buyer's agenda on the phone, as PDF and .ics -------------------------------------
    sign_in(page, site, "buyer@example.com")
    page.goto(site + "/matching/crafts-2570/agenda/")
    agenda = page.locator(".agenda")
    expect(agenda).to_contain_text("ทอผ้าหาดเสี้ยว")
    expect(agenda).to_contain_text("กลุ่มสังคโลกทุ่งหลวง")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    pdf = page.request.get(site + page.get_by_role("link", name="PDF สำหรับพิมพ์").get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    ics = page.request.get(site + page.get_by_role("link", name="เพิ่มลงในปฏิทินของคุณ (ไฟล์ .ics)").get_attribute("href"))
    calendar = ics.text()
    assert calendar.startswith("BEGIN:VCALENDAR") and calendar.count("BEGIN:VEVENT") == 2

    # --- check-in by the QR code's address, opened by the officer's phone ------------------------
    demo_buyer.refresh_from_db()
    sign_in(page, site, "officer@example.com")
    page.goto(site + f"/matching/staff/crafts-2570/checkin/{demo_buyer.checkin_token}/")
    page.get_by_role("button", name="เช็กอิน").click()
    expect(page.locator(".message-success").first).to_contain_text("Siam Craft Journeys")
    demo_buyer.refresh_from_db()
    assert demo_buyer.checked_in_at is not None

    # --- the day has come: the buyer records how the meeting with the weavers went ---------------
    first_start = event.slots.order_by("starts_at").values_list("starts_at", flat=True)[0]
    Slot.objects.filter(event=event).update(
        starts_at=F("starts_at") - (first_start - timezone.now()) - dt.timedelta(hours=3),
        ends_at=F("ends_at") - (first_start - timezone.now()) - dt.timedelta(hours=3),
    )
    sign_in(page, site, "buyer@example.com")
    page.goto(site + "/matching/crafts-2570/outcomes/")
    card = page.locator(".outcome", has_text="ทอผ้าหาดเสี้ยว")
    card.get_by_label("มาก").check()
    card.get_by_label("มูลค่าที่คาดว่าจะเกิด (บาท)").fill("150000")
    card.get_by_role("button", name="บันทึกผล").click()
    expect(page.locator(".message-success")).to_be_visible()

    # --- the event report shows it -------------------------------------------------------------
    sign_in(page, site, "officer@example.com")
    page.goto(site + "/matching/staff/crafts-2570/report/")
    expect(page.locator("#report-totals")).to_contain_text("฿150,000.00")
    report = page.request.get(site + "/matching/staff/crafts-2570/report.xlsx")
    assert report.ok and report.body()[:2] == b"PK"  # an Excel workbook
    assert page.console_errors == []
