"""A buyer on a phone searches from the header box: suggestions appear as they type, the results
page narrows by a facet, and everything still works with JavaScript turned off."""

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


def listing_count(page) -> int:
    status = page.locator(".search-results [role=status]").inner_text()
    return int(re.sub(r"\D", "", status))


def test_it_suggests_as_the_buyer_types_and_narrows_the_results_by_a_facet(page, site):
    page.goto(site + "/")
    box = page.get_by_role("searchbox", name="ค้นหาสินค้า กิจกรรม และชุมชน")
    box.press_sequentially("สังคโล", delay=40)  # not finished typing: the last word is a prefix
    suggestion = page.locator("#header-suggestions").get_by_role("link", name="ชามสังคโลกเคลือบเขียวไข่กา")
    expect(suggestion).to_be_visible()
    suggestion.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ชามสังคโลกเคลือบเขียวไข่กา")

    box = page.get_by_role("searchbox", name="ค้นหาสินค้า กิจกรรม และชุมชน")
    box.fill("ผ้าทอ")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    expect(page.get_by_role("heading", level=1)).to_have_text("ผลการค้นหา “ผ้าทอ”")
    found = listing_count(page)
    assert found >= 2
    first = page.locator(".search-grid > li").first
    expect(first.locator("mark").first).to_be_visible()  # the query's words are highlighted
    assert serious_accessibility_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # On a phone the facets start folded, so that the listings come first.
    facets = page.get_by_role("complementary", name="กรองผลลัพธ์")
    category = facets.locator(".facet").nth(1).get_by_role("link").first
    expect(category).to_be_hidden()
    facets.get_by_text("กรองผลลัพธ์").click()
    label = category.inner_text()
    facet_count = int(label.rsplit("(", 1)[1].rstrip(")"))
    category.click()
    page.wait_for_url(re.compile(r"category="))
    assert listing_count(page) == facet_count <= found
    expect(facets.locator("a[aria-current=true]")).to_be_visible()  # open while a filter is on
    facets.locator("a[aria-current=true]").click()  # selecting it again removes the filter
    page.wait_for_url(re.compile(r"^(?!.*category=)"))
    assert listing_count(page) == found
    assert page.console_errors == []


def test_it_searches_without_javascript(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="th-TH", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site + "/")
        box = page.get_by_role("searchbox", name="ค้นหาสินค้า กิจกรรม และชุมชน")
        box.fill("สังคโลค")  # one wrong letter
        box.press("Enter")
        page.wait_for_url(re.compile(r"/search/\?q="))
        expect(page.locator(".did-you-mean")).to_contain_text("สังคโลก")
        expect(page.get_by_role("link", name=re.compile("ชามสังคโลกเคลือบเขียวไข่กา"))).to_be_visible()
        facets = page.get_by_role("complementary", name="กรองผลลัพธ์")
        expect(facets.locator(".facet a").first).to_be_visible()  # nothing folds them without JavaScript

        page.goto(site + "/search/suggest/?q=ตีนจก")  # where the suggestions live without htmx
        expect(page.get_by_role("link", name=re.compile("ผ้าซิ่นตีนจกลายนกคู่"))).to_be_visible()
        page.get_by_role("link", name="ผลลัพธ์ทั้งหมดของ “ตีนจก”").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("ผลการค้นหา “ตีนจก”")
    finally:
        context.close()


def test_a_tour_operator_narrows_a_search_by_price_and_group_size(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(site + "/en/search/?q=ผ้า")
        everything = listing_count(page)
        facets = page.get_by_role("complementary", name="Narrow the results")
        expect(facets.locator(".facet a").first).to_be_visible()  # open beside the results on a laptop
        page.get_by_text("Filters", exact=True).click()
        page.get_by_label("to (฿)").fill("500")
        page.get_by_role("button", name="Show results").click()
        page.wait_for_url(re.compile(r"price_max=500"))
        assert "q=%E0%B8%9C%E0%B9%89%E0%B8%B2" in page.url  # the words searched for are kept
        assert listing_count(page) < everything
        cards = page.locator(".search-grid > li")
        expect(cards.get_by_role("link", name="Hand-woven cotton scarf, natural indigo")).to_be_visible()  # ฿450
        expect(cards.get_by_role("link", name=re.compile("teen jok sarong"))).to_have_count(0)  # ฿3,500
        expect(page.get_by_label("to (฿)")).to_have_value("500")
        assert serious_accessibility_violations(page) == []
    finally:
        context.close()
