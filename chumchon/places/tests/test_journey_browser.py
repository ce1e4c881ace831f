"""The whole way on, on a 360 px phone (issue 17, "Done when"): a new seller signs up, proposes her
community, the officer (told of it) approves; she links LINE with the one-time code (sent through
the signed webhook, as LINE would), publishes a product with a photo from the phone and an
experience with two dates; the officer approves them and she is told in the app, by e-mail and on
(the local fake) LINE; a buyer's question reaches her on LINE and she answers from the phone.
The test prints how many taps and form fields her part took."""

from __future__ import annotations

import io
import re
import urllib.request
from datetime import timedelta

import pytest
from django.utils import timezone

from chumchon.notifications.tests.fake_line import (
    LINE_USER,
    fake_line,  # noqa: F401
    signed_headers,
    text_event,
    webhook_body,
)
from chumchon.places.tests.test_onboarding_browser import Counter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-weaving-password-2569"
#: A busy machine (browser tests of many branches at once) once took over 30 s to answer a POST.
SLOW_MACHINE_MS = 90_000


def jpeg(path):
    """A photo as a phone would give it (a small generated JPEG)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), (160, 60, 40)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def line_sends(site: str, text: str) -> int:
    """LINE posts what she typed in the official account's chat to the webhook, signed."""
    body = webhook_body(text_event(text, user_id=LINE_USER))
    request = urllib.request.Request(  # noqa: S310 (the live test server)
        site + "/line/webhook/",
        data=body,
        headers={"Content-Type": "application/json", **signed_headers(body)},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.status


def officer_page(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="th-TH")
    officer = context.new_page()
    officer.set_default_timeout(SLOW_MACHINE_MS)
    officer.goto(site + "/accounts/login/?next=/review/")
    officer.get_by_label("อีเมล").first.fill("officer@example.com")
    officer.locator("#id_password").fill("correct-horse-battery-staple")
    officer.locator("main form button[type=submit]").click()
    officer.wait_for_url("**/review/")
    return context, officer


def test_a_new_seller_gets_on_by_herself_and_answers_a_buyer_told_by_line(
    page,
    browser,
    live_server,
    places_data,
    mailoutbox,
    fake_line,  # noqa: F811
    settings,
    tmp_path,
):
    from chumchon.accounts.tests.factories import UserFactory
    from chumchon.catalog.models import Listing
    from chumchon.inquiries.models import Message
    from chumchon.notifications.models import Notification, NotificationPreference
    from chumchon.places.models import Community

    settings.MEDIA_ROOT = tmp_path / "media"
    site = live_server.url
    settings.SITE_URL = site  # links in e-mails and LINE messages lead to this server
    UserFactory.create(email="officer@example.com", name="เจ้าหน้าที่", is_staff=True)
    UserFactory.create(email="buyer@example.com", name="สมชาย", role="buyer")
    she = Counter()
    page.set_default_timeout(SLOW_MACHINE_MS)

    # Sign up as a community seller, and confirm the e-mail address.
    page.goto(site + "/accounts/signup/")
    she.fill(page.get_by_label("ชื่อของคุณ"), "มาลี ทอผ้า")
    she.fill(page.get_by_label("อีเมล").first, "malee@example.com")
    she.tap(page.get_by_label("ผู้ขายในชุมชน"))
    she.fill(page.locator("#id_password1"), PASSWORD)
    she.fill(page.locator("#id_password2"), PASSWORD)
    she.tap(page.get_by_label("ฉันได้อ่านประกาศความเป็นส่วนตัวแล้ว", exact=False))
    she.tap(page.get_by_role("button", name="ลงทะเบียน"))
    page.wait_for_url("**/accounts/confirm-email/")
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body)
    assert link is not None
    page.goto(site + "/accounts/" + link.group(0).split("/accounts/", 1)[1])
    she.taps += 1  # the link in the e-mail
    she.tap(page.locator("main form button[type=submit]"))
    if "/accounts/login/" in page.url:
        she.fill(page.get_by_label("อีเมล").first, "malee@example.com")
        she.fill(page.locator("#id_password"), PASSWORD)
        she.tap(page.locator("main form button[type=submit]"))

    # Her enterprise, then her community, proposed to the officers.
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
    subdistrict.fill(option.get_attribute("value") or "")
    she.fields += 1
    she.fill(page.locator("#id_line_id"), "@banmai-weave")
    she.fill(page.locator("#id_households"), "42")
    she.tap(page.get_by_role("button", name="ส่งให้เจ้าหน้าที่"))
    page.wait_for_url("**/my-community/")

    # The officer was told, and approves from his phone.
    assert Notification.objects.filter(recipient__email="officer@example.com", event="communities").exists()
    context, officer = officer_page(browser, site)
    officer.goto(site + "/review/communities/")
    officer.wait_for_url("**/review/communities/")
    officer.get_by_role("button", name="อนุมัติ", exact=True).click()
    officer.wait_for_url("**/review/communities/")
    community = Community.objects.get(name_th="ชุมชนทอผ้าบ้านใหม่")
    assert community.is_published

    # The approval e-mail links to her notification settings: she links LINE there, with the
    # official account's QR code and the one-time code, without typing any ID.
    approval = next(mail for mail in reversed(mailoutbox) if mail.to == ["malee@example.com"])
    settings_link = re.search(r'href="(https?://[^"]+/inbox/settings/)"', approval.alternatives[0][0])
    assert settings_link is not None
    page.goto(settings_link.group(1))
    she.taps += 1  # "Change what you receive" in the e-mail
    assert page.locator("img.qr").is_visible()
    assert page.get_by_role("link", name="เพิ่มเพื่อนใน LINE").get_attribute("href") == (
        "https://line.me/R/ti/p/@chumchon-test"
    )
    code = page.get_by_test_id("line-code").inner_text().strip()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    she.taps += 2  # "Add friend in LINE", then LINE's own "Add"
    she.taps += 2  # "Send the code in LINE" (the code is typed for her), then LINE's send
    assert line_sends(site, code) == 200
    preference = NotificationPreference.objects.get(user__email="malee@example.com")
    assert preference.line_user_id == LINE_USER and preference.by_line
    assert fake_line.replies()[-1]["body"]["messages"][0]["text"].startswith("เชื่อมต่อแล้ว")
    page.reload()
    assert page.get_by_text("เชื่อมต่อ LINE แล้ว").is_visible()

    # A product with a photo taken on the phone.
    she.tap(page.locator(".menu-button"))
    she.tap(page.get_by_role("link", name="รายการของฉัน"))
    she.tap(page.get_by_role("link", name="เพิ่มรายการ").first)
    she.tap(page.locator("input[name=kind][value=product]"))
    she.tap(page.locator("main form button[type=submit]"))
    she.fill(page.locator("#id_title_th"), "ผ้าซิ่นตีนจกลายโบราณ")
    she.fill(page.locator("#id_price"), "3500")
    she.tap(page.get_by_role("button", name="บันทึกฉบับร่าง"))
    page.wait_for_url(re.compile(r".*/sell/\d+/$"))
    page.set_input_files("input[type=file]", jpeg(tmp_path / "sin.jpg"))
    she.fields += 1
    she.tap(page.get_by_role("button", name="อัปโหลดรูปภาพ"))
    assert page.get_by_text("เพิ่มรูปภาพแล้ว").is_visible()
    she.tap(page.get_by_role("button", name="ส่งขออนุมัติ"))
    assert page.get_by_text("รอเจ้าหน้าที่อนุมัติ").first.is_visible()

    # An experience with two dates.
    she.tap(page.get_by_role("link", name="← รายการของฉัน"))
    she.tap(page.get_by_role("link", name="เพิ่มรายการ").first)
    she.tap(page.locator("input[name=kind][value=experience]"))
    she.tap(page.locator("main form button[type=submit]"))
    she.fill(page.locator("#id_title_th"), "เรียนทอผ้าตีนจกหนึ่งวัน")
    she.fill(page.locator("#id_price"), "1200")
    she.tap(page.get_by_role("button", name="บันทึกฉบับร่าง"))
    page.wait_for_url(re.compile(r".*/sell/\d+/$"))
    for days in (14, 21):
        day = timezone.localtime() + timedelta(days=days)
        she.fill(page.locator("#id_starts_at"), day.strftime("%Y-%m-%dT09:00"))
        she.fill(page.locator("#id_ends_at"), day.strftime("%Y-%m-%dT15:00"))
        she.fill(page.locator("#id_seats_total"), "10")
        she.tap(page.get_by_role("button", name="เพิ่มวันที่"))
        page.wait_for_load_state()
    experience = Listing.objects.get(title_th="เรียนทอผ้าตีนจกหนึ่งวัน")
    assert experience.sessions.count() == 2
    she.tap(page.get_by_role("button", name="ส่งขออนุมัติ"))
    assert page.get_by_text("รอเจ้าหน้าที่อนุมัติ").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # The officer approves both; she is told in the app, by e-mail and on LINE.
    pushes_before = len(fake_line.pushes())
    for title in ("ผ้าซิ่นตีนจกลายโบราณ", "เรียนทอผ้าตีนจกหนึ่งวัน"):
        officer.goto(site + "/review/")
        officer.get_by_role("link", name=title).click()
        officer.get_by_role("button", name="อนุมัติและเผยแพร่").click()
        officer.get_by_text("อนุมัติและเผยแพร่แล้ว").wait_for()
    context.close()
    product = Listing.objects.get(title_th="ผ้าซิ่นตีนจกลายโบราณ")
    assert product.is_published and experience.__class__.objects.get(pk=experience.pk).is_published
    assert product.photos.count() == 1
    told = Notification.objects.filter(recipient__email="malee@example.com", event="listings")
    assert told.count() == 2
    assert sum("ผ้าซิ่นตีนจกลายโบราณ" in mail.body for mail in mailoutbox if mail.to == ["malee@example.com"]) >= 1
    pushes = [push for push in fake_line.pushes()[pushes_before:] if push["body"]["to"] == LINE_USER]
    assert len(pushes) == 2
    assert any("เรียนทอผ้าตีนจกหนึ่งวัน" in push["body"]["messages"][0]["text"] for push in pushes)
    page.goto(site + "/inbox/notifications/")
    she.taps += 1  # the link in the LINE message
    assert page.get_by_text("ผ้าซิ่นตีนจกลายโบราณ").first.is_visible()

    # A buyer asks about the product; the question reaches her on LINE.
    buyer_context = browser.new_context(viewport={"width": 360, "height": 740}, locale="th-TH")
    buyer = buyer_context.new_page()
    buyer.set_default_timeout(SLOW_MACHINE_MS)
    buyer.goto(site + f"/accounts/login/?next=/l/{product.pk}/")
    buyer.get_by_label("อีเมล").first.fill("buyer@example.com")
    buyer.locator("#id_password").fill("correct-horse-battery-staple")
    buyer.locator("main form button[type=submit]").click()
    buyer.wait_for_url(f"**/l/{product.pk}/")
    buyer.get_by_role("link", name="สอบถาม", exact=True).click()
    buyer.get_by_label("ข้อความของคุณ").fill("ผ้าผืนนี้ส่งกรุงเทพฯ ได้ไหมครับ")
    buyer.get_by_role("button", name="ส่ง", exact=True).click()
    buyer.wait_for_url(re.compile(r".*/inbox/\d+/$"))
    push = fake_line.pushes()[-1]
    assert push["body"]["to"] == LINE_USER
    text = push["body"]["messages"][0]["text"]
    assert "ผ้าผืนนี้ส่งกรุงเทพฯ ได้ไหมครับ" in text
    conversation_link = re.search(r"https?://\S+/inbox/\d+/", text)
    assert conversation_link is not None

    # She taps the link in LINE and answers from her phone.
    page.goto(conversation_link.group(0))
    she.taps += 1
    she.fill(page.locator("#id_body"), "ส่งได้ค่ะ ค่าส่ง 60 บาท")
    she.tap(page.get_by_role("button", name="ส่ง", exact=True))
    page.get_by_text("ส่งได้ค่ะ ค่าส่ง 60 บาท").first.wait_for()
    assert Message.objects.filter(body="ส่งได้ค่ะ ค่าส่ง 60 บาท", author__email="malee@example.com").exists()
    buyer.reload()
    assert buyer.get_by_text("ส่งได้ค่ะ ค่าส่ง 60 บาท").first.is_visible()
    buyer_context.close()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.console_errors == []
    print(f"\nThe seller's whole part took {she.taps} taps and {she.fields} form fields.")
