"""On a 360 px phone a buyer sorts the listings by price, turns a page and filters: the order stays."""

import re

import pytest

from chumchon.core.tests.accessibility import serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, places_data):
    from django.core.management import call_command

    call_command("demo_load", verbosity=0)
    return live_server.url


def _prices(page) -> list[float]:
    texts = page.locator(".grid > li .price").evaluate_all("els => els.map(e => e.firstChild.textContent)")
    numbers = [re.search(r"\d[\d,]*(\.\d+)?", text) for text in texts]
    return [float(found[0].replace(",", "")) for found in numbers if found is not None]


def test_it_sorts_the_listings_by_price_on_a_phone_and_keeps_the_order(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="th-TH")
    page = context.new_page()
    try:
        page.goto(site + "/listings/")
        page.get_by_label("เรียงตาม").select_option(label="ราคา: สูงไปต่ำ")
        page.get_by_role("button", name="เรียง", exact=True).click()
        page.wait_for_url(re.compile(r"sort=-price"))
        prices = _prices(page)
        assert len(prices) >= 2 and prices == sorted(prices, reverse=True)
        assert page.get_by_label("เรียงตาม").input_value() == "-price"
        assert serious_accessibility_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 360

        # A filter keeps the order.
        page.locator("#filters summary").click()
        page.get_by_label("ประเภท", exact=True).select_option("product")
        page.get_by_role("button", name="แสดงผล", exact=True).click()
        page.wait_for_url(re.compile(r"kind=product"))
        assert "sort=-price" in page.url
        narrowed = _prices(page)
        assert narrowed == sorted(narrowed, reverse=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()
