"""On a 360 px phone a buyer sorts the results by price, opens the map of the page's results and
orders them by distance from where they stand ("near me", the location granted)."""

import json
import re

import pytest
from playwright.sync_api import expect

from chumchon.core.tests.accessibility import serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, places_data):
    from django.core.management import call_command

    call_command("demo_load", verbosity=0)
    return live_server.url


def _first_number(text: str) -> str:
    found = re.search(r"\d[\d,]*(\.\d+)?", text)
    assert found is not None, text
    return found[0]


def _numbers(texts: list[str]) -> list[float]:
    return [float(_first_number(text).replace(",", "")) for text in texts]


def test_it_sorts_maps_and_orders_the_results_by_distance_on_a_phone(browser, site):
    from chumchon.catalog.models import Listing

    far_away = Listing.objects.published().exclude(community__latitude=None).order_by("community__latitude").last()
    assert far_away is not None
    here = {"latitude": float(far_away.community.latitude), "longitude": float(far_away.community.longitude)}
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="th-TH", geolocation=here, permissions=["geolocation"]
    )
    context.grant_permissions(["geolocation"])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(site + "/search/?q=ผ้า")
        cards = page.locator(".search-grid > li")
        found = cards.count()
        assert found >= 3

        page.locator(".sort-form").get_by_label("เรียงตาม").select_option(label="ราคา: ต่ำไปสูง")
        page.get_by_role("button", name="เรียง", exact=True).click()
        page.wait_for_url(re.compile(r"sort=price"))
        assert "q=%E0%B8%9C%E0%B9%89%E0%B8%B2" in page.url  # the query is kept
        assert cards.count() == found
        prices = _numbers(cards.locator(".price").evaluate_all("els => els.map(e => e.firstChild.textContent)"))
        assert len(prices) >= 2 and prices == sorted(prices)
        first_price = _numbers([cards.first.locator(".price").evaluate("e => e.firstChild.textContent")])
        assert first_price == [min(prices)]  # the first result is the cheapest
        expect(page.locator(".sort-form").get_by_label("เรียงตาม")).to_have_value("price")

        points = json.loads(page.locator("#results-map-points").text_content())
        assert len(points) >= 2
        links = set(cards.locator(".card-title a").evaluate_all("els => els.map(e => e.getAttribute('href'))"))
        assert {point["url"] for point in points} <= links
        page.get_by_text(re.compile(r"บนแผนที่")).click()
        the_map = page.get_by_role("region", name="แผนที่ของรายการในหน้านี้")
        expect(the_map).to_be_visible()
        expect(the_map.locator(".results-map-marker")).to_have_count(len(points))
        the_map.locator(".results-map-marker").last.click()  # the topmost of those that overlap
        popup_link = the_map.locator(".leaflet-popup-content a")
        expect(popup_link).to_have_count(1)  # the listing's title with its link
        assert popup_link.get_attribute("href") in links
        # Leaflet fades the popup in: checked half-faded, its link's colour fails the contrast.
        expect(the_map.locator(".leaflet-popup")).to_have_css("opacity", "1")
        assert serious_accessibility_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 360

        page.get_by_role("button", name="ใกล้ฉัน").click()
        page.wait_for_url(re.compile(r"near="))
        assert "sort=" not in page.url and "q=" in page.url
        expect(page.get_by_text("เรียงจากที่ใกล้ตำแหน่งของคุณที่สุด")).to_be_visible()
        kms = _numbers(cards.locator(".result-distance").all_inner_texts())
        assert len(kms) >= 2 and kms == sorted(kms) and kms[0] == 0
        expect(page.locator(".sort-form").get_by_label("เรียงตาม")).to_have_value("distance")
        assert serious_accessibility_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert errors == []
    finally:
        context.close()


def test_near_me_says_so_when_the_location_is_refused(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-GB")  # nothing granted
    page = context.new_page()
    try:
        page.goto(site + "/en/search/?q=ผ้า")
        page.get_by_role("button", name="Near me").click()
        expect(page.locator("[data-near-me-status]")).to_contain_text("not shared")
        assert "near=" not in page.url
    finally:
        context.close()


def test_near_me_explains_itself_without_javascript(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site + "/en/search/?q=ผ้า&sort=-price")
        expect(page.get_by_text("“Near me” needs JavaScript")).to_be_visible()
        expect(page.get_by_role("button", name="Near me")).to_be_hidden()
        expect(page.locator(".sort-form").get_by_label("Sort by")).to_have_value("-price")
    finally:
        context.close()
