"""On phones: a buyer asks for a quote, the seller answers with one, the buyer accepts, the seller
confirms the deal; both see it, and each step was e-mailed."""

import re
from decimal import Decimal

import pytest

from chumchon.accounts.tests.factories import PASSWORD, UserFactory
from chumchon.core.tests.accessibility import serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scene(live_server, places_data):
    from chumchon.accounts.services import organisation_create
    from chumchon.catalog.services import listing_create, listing_publish_directly
    from chumchon.places.tests.factories import CommunityFactory

    seller = UserFactory.create(email="malee@example.com", name="มาลี", role="seller")
    UserFactory(email="somchai@example.com", name="สมชาย", role="buyer")
    organisation = organisation_create(
        by=seller, name="วิสาหกิจชุมชนทอผ้าหาดเสี้ยว", kind="community_enterprise", promptpay_id="0812345678"
    )
    community = CommunityFactory.create(name_th="ชุมชนทอผ้าหาดเสี้ยว", slug="hat-siao", organisation=organisation)
    listing = listing_create(
        community=community, kind="product", by=seller, title_th="ผ้าซิ่นตีนจก", price=Decimal("2500"), price_unit="piece"
    )
    listing_publish_directly(listing=listing, by=None)
    return {"url": live_server.url, "listing": listing, "community": community}


def sign_in(page, url, email):
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form").filter(has=page.locator("input[name=password]")).locator("button[type=submit]").click()


def test_it_takes_a_request_for_quote_to_a_confirmed_deal(page, browser, scene, mailoutbox):
    site = scene["url"]
    # The buyer, not yet signed in, starts from the community page.
    page.goto(f"{site}/c/hat-siao/")
    page.get_by_role("link", name="ขอใบเสนอราคา").click()
    page.get_by_label("ข้อความของคุณ").fill("ขอราคาผ้าซิ่นตีนจก 20 ผืน ส่งกรุงเทพฯ ครับ")
    page.get_by_label("จำนวนหรือขนาดกลุ่ม").fill("20")
    page.get_by_role("button", name="ไปเข้าสู่ระบบแล้วส่ง").click()
    page.wait_for_url("**/accounts/login/**")
    sign_in(page, site, "somchai@example.com")
    page.wait_for_url("**/inbox/new/confirm/")
    # What he typed is still there.
    assert page.get_by_label("ข้อความของคุณ").input_value() == "ขอราคาผ้าซิ่นตีนจก 20 ผืน ส่งกรุงเทพฯ ครับ"
    assert page.get_by_label("ขอใบเสนอราคา").is_checked()
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="ส่ง", exact=True).click()
    page.wait_for_url(re.compile(r".*/inbox/\d+/$"))
    conversation_url = page.url
    assert page.get_by_text("ขอราคาผ้าซิ่นตีนจก 20 ผืน").is_visible()

    # The seller, on her own phone, answers with a quote.
    seller_context = browser.new_context(viewport={"width": 360, "height": 740}, locale="th-TH")
    seller = seller_context.new_page()
    seller.goto(f"{site}/accounts/login/?next=/inbox/")
    sign_in(seller, site, "malee@example.com")
    seller.wait_for_url("**/inbox/")
    menu = seller.locator(".menu-button")  # on a phone the links are behind the menu button, which shows the count
    assert re.search("ยังไม่ได้อ่าน 1 การสนทนา", menu.inner_text())
    menu.click()
    assert seller.get_by_role("link", name=re.compile("กล่องข้อความ.*ยังไม่ได้อ่าน 1 การสนทนา")).is_visible()
    menu.click()
    seller.get_by_role("link", name=re.compile("สมชาย")).click()
    assert seller.get_by_text("somchai@example.com").is_visible()  # he wrote, so she may reach him
    assert serious_accessibility_violations(seller) == []
    assert seller.evaluate("document.documentElement.scrollWidth") <= 360
    seller.get_by_role("link", name="ส่งใบเสนอราคา").click()
    seller.locator("#id_lines-0-description").fill("ผ้าซิ่นตีนจก ลายโบราณ")
    seller.locator("#id_lines-0-quantity").fill("20")
    seller.locator("#id_lines-0-unit_price").fill("2000")
    seller.get_by_role("button", name="ส่งใบเสนอราคา").click()
    seller.wait_for_url(conversation_url)

    # The quote appears on the buyer's open page without a reload (htmx polling).
    accept = page.get_by_role("button", name="ตอบรับใบเสนอราคา")
    accept.wait_for(timeout=20_000)
    assert page.get_by_text("฿40,000.00").first.is_visible()
    accept.click()
    page.wait_for_url(f"{conversation_url}#quote-*")
    assert page.locator(".qr svg").is_visible()  # PromptPay with the amount
    assert serious_accessibility_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # The seller confirms the deal once paid.
    seller.goto(f"{site}/inbox/deals/")
    seller.get_by_role("link", name=re.compile("฿40,000.00")).first.click()
    seller.get_by_role("button", name="ยืนยันการซื้อขาย").click()
    assert seller.get_by_text("ขอบคุณ ยืนยันการซื้อขายแล้ว").is_visible()

    # Both see the confirmed deal.
    for person in (page, seller):
        person.goto(f"{site}/inbox/deals/")
        deal = person.locator(".deal-item").first
        assert "฿40,000.00" in deal.inner_text() and "ยืนยันแล้ว" in deal.inner_text()

    sent = sorted((mail.to[0], mail.subject) for mail in mailoutbox)
    assert sent == [
        ("malee@example.com", "[ชุมชน] ขอใบเสนอราคาจาก สมชาย"),
        ("malee@example.com", "[ชุมชน] ใบเสนอราคาของคุณได้รับการตอบรับ"),
        ("somchai@example.com", "[ชุมชน] การซื้อขายได้รับการยืนยันแล้ว"),
        ("somchai@example.com", "[ชุมชน] ใบเสนอราคาจาก ชุมชนทอผ้าหาดเสี้ยว"),
    ]
    assert page.console_errors == []
    seller_context.close()


def test_a_visitors_question_survives_sign_up_and_e_mail_confirmation(page, scene, mailoutbox):
    from chumchon.inquiries.models import Conversation

    site, listing = scene["url"], scene["listing"]
    question = "ผ้าผืนนี้ซักเครื่องได้ไหมคะ"
    page.goto(f"{site}/l/{listing.pk}/")
    page.get_by_role("link", name="สอบถาม", exact=True).click()
    page.get_by_label("ข้อความของคุณ").fill(question)
    page.get_by_role("button", name="ไปเข้าสู่ระบบแล้วส่ง").click()
    page.wait_for_url("**/accounts/login/**")

    # She has no account: from the sign-in page she creates one.
    page.locator("a[href*='/accounts/signup/?next=']").click()
    page.wait_for_url("**/accounts/signup/**")
    page.locator("input[name=name]").fill("ดาว")
    page.locator("input[name=email]").fill("dao@example.com")
    page.locator("input[name=role][value=tourist]").check()
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("input[name=accept_privacy]").check()
    page.locator("form").filter(has=page.locator("input[name=password1]")).locator("button[type=submit]").click()
    page.wait_for_url("**/accounts/confirm-email/")

    # She opens the link in the e-mail (same phone), confirms, and signs in.
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body)
    assert link
    page.goto(site + "/accounts/" + link.group(0).split("/accounts/", 1)[1])
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/accounts/login/**")
    sign_in(page, site, "dao@example.com")

    # Her question is back, not yet sent, for her to check and send.
    page.wait_for_url("**/inbox/new/confirm/")
    assert page.get_by_text("ตรวจข้อความแล้วกดส่ง").is_visible()
    assert page.get_by_label("ข้อความของคุณ").input_value() == question
    assert not Conversation.objects.exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="ส่ง", exact=True).click()
    page.wait_for_url(re.compile(r".*/inbox/\d+/$"))
    assert page.get_by_text(question).is_visible()
    conversation = Conversation.objects.get()
    assert conversation.buyer.email == "dao@example.com"
    assert conversation.inquiries.get().message.body == question
