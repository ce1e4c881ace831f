"""On a phone: the agenda still opens with the network gone; an officer checks in by the QR link."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from chumchon.accounts.tests.factories import PASSWORD
from chumchon.matching import agendas
from chumchon.matching.tests.agenda_helpers import meeting_between

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, site, email):
    page.goto(site + "/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/accounts/me/")


def test_it_keeps_the_agenda_on_the_phone_when_the_network_is_gone(
    page, live_server, places_data, event, make_participant
):
    buyer = make_participant(event, "buyer", name="Lanna Travel Co")
    seller = make_participant(event, "seller", name="Ban Chiang Potters", offers_text="Celadon bowls")
    meeting_between(event, buyer, seller, slot=1, table=2)
    sign_in(page, live_server.url, buyer.person.email)
    agenda = f"{live_server.url}/matching/{event.slug}/agenda/"
    page.goto(agenda)
    expect(page.get_by_role("heading", name="Ban Chiang Potters")).to_be_visible()
    expect(page.locator("#offline-note")).to_be_hidden()
    expect(page.locator(".agenda-qr svg")).to_be_visible()
    # The service worker has saved the page and its styles.
    page.wait_for_selector("html[data-offline-ready='1']", state="attached", timeout=15000)
    assert page.console_errors == []

    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="Ban Chiang Potters")).to_be_visible()
    expect(page.locator("#offline-note")).to_be_visible()  # "offline copy from …"
    expect(page.locator(".agenda-qr svg")).to_be_visible()
    # The styles came from the copy too: the agenda is laid out as cards, not bare text.
    assert page.locator(".agenda-item").first.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"
    page.context.set_offline(False)
    page.reload()
    expect(page.locator("#offline-note")).to_be_hidden()


def test_signing_out_removes_the_offline_agenda_from_a_shared_phone(
    page, live_server, places_data, event, make_participant
):
    buyer = make_participant(event, "buyer", name="Lanna Travel Co")
    seller = make_participant(event, "seller", name="Ban Chiang Potters")
    meeting_between(event, buyer, seller, slot=1, table=2)
    sign_in(page, live_server.url, buyer.person.email)
    agenda = f"{live_server.url}/matching/{event.slug}/agenda/"
    page.goto(agenda)
    page.wait_for_selector("html[data-offline-ready='1']", state="attached", timeout=15000)
    assert page.evaluate("caches.keys().then(keys => keys.length)") > 0

    page.goto(live_server.url + "/accounts/logout/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/logout/" not in url)
    assert page.evaluate("caches.keys().then(keys => keys.length)") == 0
    assert page.console_errors == []
    page.context.set_offline(True)
    with pytest.raises(PlaywrightError):  # nothing left to show without the network
        page.goto(agenda)
    page.context.set_offline(False)


def test_it_lets_an_officer_check_in_by_opening_the_qr_link(
    page, live_server, places_data, event, make_participant, officer
):
    buyer = make_participant(event, "buyer", name="Lanna Travel Co")
    sign_in(page, live_server.url, officer.email)
    page.goto(live_server.url + agendas.checkin_url(buyer))
    expect(page.get_by_role("heading", name="Lanna Travel Co")).to_be_visible()
    page.locator(".checkin-button").click()
    expect(page.locator(".checkin-card .message-success")).to_be_visible()
    expect(page.locator(".checkin-button")).to_have_count(0)
    buyer.refresh_from_db()
    assert buyer.checked_in_at is not None
    page.reload()  # a second scan says so and changes nothing
    expect(page.locator(".checkin-card .message-success")).to_be_visible()
    assert page.console_errors == []
