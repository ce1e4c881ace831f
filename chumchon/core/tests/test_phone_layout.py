"""At 360 × 740 (a common Android phone) no key page scrolls sideways and the header, search box
included, stays under 120 px, in Thai and in English, for visitors, sellers and officers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 360
MAX_HEADER = 120


@pytest.fixture
def site(live_server, places_data):
    """The demo data, a conversation with a quote of ฿33,000.00 and a claim waiting for an officer."""
    from django.core.management import call_command
    from django.utils import timezone

    from chumchon.accounts.models import Organisation, User
    from chumchon.catalog.models import Listing
    from chumchon.inquiries.services import QuoteLineSpec, conversation_start, quote_send
    from chumchon.places.models import ClaimKind, Community
    from chumchon.places.services import community_claim_create

    call_command("demo_load", verbosity=0)
    seller = User.objects.get(email="seller@example.com")
    buyer = User.objects.get(email="buyer@example.com")
    community = Community.objects.filter(organisation__memberships__user=seller).first()
    assert community is not None
    listing = Listing.objects.published().filter(community=community).first()
    conversation = conversation_start(
        buyer=buyer, community=community, listing=listing, body="ขอราคาส่ง 20 หน่วยครับ", kind="quote_request"
    )
    quote_send(
        conversation=conversation,
        by=seller,
        lines=[QuoteLineSpec("ผ้าซิ่นตีนจกลายโบราณทอมือหน่วยละผืน", Decimal("20"), Decimal("1650"))],
        valid_until=timezone.localdate() + dt.timedelta(days=14),
    )
    other = Community.objects.published().exclude(pk=community.pk).first()
    organisation = Organisation.objects.filter(memberships__user=seller).first()
    assert other is not None and organisation is not None
    community_claim_create(by=seller, organisation=organisation, kind=ClaimKind.CLAIM, community=other)
    any_listing = listing or Listing.objects.published().first()
    assert any_listing is not None
    return {
        "url": live_server.url,
        "listing": any_listing.pk,
        "community": community.slug,
        "conversation": conversation.pk,
    }


def sign_in(page, site, email: str) -> None:
    from django.conf import settings
    from django.test import Client

    from chumchon.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": site["url"]}])


def measure(page, url: str) -> list[str]:
    response = page.goto(url)
    assert response is not None and response.status < 400, f"{url}: {response and response.status}"
    width = page.evaluate("document.documentElement.scrollWidth")
    header = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
    problems = []
    if width > PHONE_WIDTH:
        wide = page.evaluate(
            """() => [...document.querySelectorAll('main *')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                .slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + e.className).join(', ')"""
        )
        problems.append(f"{url} scrolls sideways: {width}px ({wide})")
    if header > MAX_HEADER:
        problems.append(f"{url}: the header is {header:.0f}px tall")
    split = page.evaluate(
        """() => [...document.querySelectorAll('.money')].filter(e => {
                const range = document.createRange(); range.selectNodeContents(e);
                return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size > 1;
            }).map(e => e.textContent.trim())"""
    )
    if split:
        problems.append(f"{url}: amounts split over lines: {split}")
    return problems


def pages(site, *paths: str) -> list[str]:
    return [site["url"] + prefix + path for prefix in ("", "/en") for path in paths]


def test_no_key_page_scrolls_sideways_on_a_phone(page, site):
    problems: list[str] = []
    for url in pages(
        site,
        "/",
        "/search/?q=ผ้าทอ",
        f"/l/{site['listing']}/",
        f"/c/{site['community']}/",
        "/listings/",
        "/communities/",
        "/knowledge/",
        "/accounts/login/",
    ):
        problems += measure(page, url)
    sign_in(page, site, "seller@example.com")
    for url in pages(site, "/sell/", "/inbox/", f"/inbox/{site['conversation']}/", "/my-community/", "/impact/mine/"):
        problems += measure(page, url)
    sign_in(page, site, "officer@example.com")
    for url in pages(site, "/", "/review/communities/", "/impact/"):
        problems += measure(page, url)
    assert not problems, "\n".join(problems)


def test_the_menu_button_opens_the_links(page, site):
    page.goto(site["url"] + "/en/")
    link = page.get_by_role("link", name="Communities", exact=True)
    assert not link.is_visible()
    page.get_by_text("Menu").click()
    assert link.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
