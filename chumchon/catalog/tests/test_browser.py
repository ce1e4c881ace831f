"""Seller on a phone: create a product with a photo, submit; officer approves; buyers see it."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from chumchon.accounts.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, places_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return live_server.url


@pytest.fixture
def seller_community(alice):
    from chumchon.accounts.services import organisation_create
    from chumchon.places.tests.factories import CommunityFactory

    organisation = organisation_create(
        by=alice, name="วิสาหกิจชุมชนปั้นดิน", kind="community_enterprise", promptpay_id="0812345678"
    )
    return CommunityFactory.create(
        organisation=organisation, name_th="ชุมชนปั้นดินทุ่งหลวง", name_en="Thung Luang Potters", slug="thung-luang"
    )


def sign_in(page, site, email):
    page.goto(site + "/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/accounts/me/")


def sign_out(page, site):
    page.context.clear_cookies()


def test_it_publishes_a_product_from_a_phone(page, site, alice, officer, seller_community, tmp_path):
    photo = tmp_path / "pot.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1200), (150, 90, 40)).save(buffer, "JPEG")
    photo.write_bytes(buffer.getvalue())

    sign_in(page, site, "alice@example.com")
    page.goto(site + "/sell/new/")
    page.get_by_role("radio", name="สินค้า").check()
    page.get_by_role("button", name="ดำเนินการต่อ").click()
    page.get_by_label("ชื่อ (ภาษาไทย)").fill("หม้อดินเผาลายโบราณ")
    page.locator("#id_price").fill("350")
    page.get_by_role("button", name="บันทึกฉบับร่าง").click()
    page.wait_for_url("**/sell/*/")
    page.set_input_files("input[type=file]", str(photo))
    page.get_by_role("button", name="อัปโหลดรูปภาพ").click()
    expect(page.get_by_text("เพิ่มรูปภาพแล้ว")).to_be_visible()
    page.get_by_role("button", name="ส่งขออนุมัติ").click()
    expect(page.get_by_text("รอเจ้าหน้าที่อนุมัติ").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.console_errors == []

    sign_out(page, site)
    sign_in(page, site, "officer@example.com")
    page.goto(site + "/review/")
    page.get_by_role("link", name="หม้อดินเผาลายโบราณ").click()
    page.get_by_role("button", name="อนุมัติและเผยแพร่").click()
    expect(page.get_by_text("อนุมัติและเผยแพร่แล้ว")).to_be_visible()
    sign_out(page, site)

    page.goto(site + "/c/thung-luang/")
    expect(page.get_by_role("link", name="หม้อดินเผาลายโบราณ")).to_be_visible()
    image = page.locator(".listing-card img").first
    assert image.get_attribute("loading") == "lazy" and "webp" in (image.get_attribute("srcset") or "")
    page.goto(site + "/listings/?province=สุโขทัย")
    expect(page.get_by_role("link", name="หม้อดินเผาลายโบราณ")).to_be_visible()
    data = page.request.get(site + "/api/v1/listings/?province=Sukhothai").json()
    assert [item["title_th"] for item in data["results"]] == ["หม้อดินเผาลายโบราณ"]
    assert page.console_errors == []


def test_it_shows_a_rejected_listings_reason_to_its_seller(page, site, alice, officer, seller_community):
    from chumchon.catalog import services

    listing = services.listing_create(community=seller_community, kind="product", by=alice, title_th="แจกันดินเผา")
    services.listing_submit(listing=listing, by=alice)
    sign_in(page, site, "officer@example.com")
    page.goto(site + f"/review/{listing.pk}/")
    page.get_by_label("เพราะอะไร", exact=False).fill("โปรดใส่ราคาและรูปถ่าย")
    page.get_by_role("button", name="ส่งกลับให้ผู้ขาย").click()
    sign_out(page, site)

    sign_in(page, site, "alice@example.com")
    page.goto(site + "/sell/")
    expect(page.get_by_text("โปรดใส่ราคาและรูปถ่าย")).to_be_visible()
    page.get_by_role("link", name="แจกันดินเผา").click()
    expect(page.get_by_role("alert").get_by_text("โปรดใส่ราคาและรูปถ่าย")).to_be_visible()
    assert page.console_errors == []
