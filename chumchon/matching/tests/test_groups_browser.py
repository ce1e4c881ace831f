"""On a phone (360 px), a participant joins a group session from her agenda in one tap."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from chumchon.matching import services
from chumchon.matching.models import GroupGuest
from chumchon.matching.tests.test_optimise_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def weaving_demo(event, make_participant, officer):
    """The event, a buyer taking part in it, and a seller's group session in its first slot."""
    host = make_participant(event, "seller", name="Ban Na Weavers")
    guest = make_participant(event, "buyer", name="Lanna Travel Co")
    group = services.group_create(
        event=event,
        slot=event.slots.order_by("starts_at").first(),
        table=event.tables.order_by("pk").first(),
        host=host,
        title="Weaving demo",
        capacity=3,
        by=officer,
    )
    return event, guest, group


def test_a_participant_joins_a_group_session_from_a_phone(
    page, live_server, places_data, officer, make_event, make_participant
):
    event, guest, group = weaving_demo(make_event(slug="group-day"), make_participant, officer)
    site = live_server.url
    sign_in(page, site, guest.person.email)
    page.goto(f"{site}/en/matching/{event.slug}/agenda/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
    page.get_by_role("button", name="Join “Weaving demo”").click()
    expect(page.get_by_text("You joined “Weaving demo”: it is on your agenda.")).to_be_visible()
    expect(page.get_by_role("button", name="Leave “Weaving demo”")).to_be_visible()
    assert GroupGuest.objects.filter(group=group, registration=guest).exists()
    assert page.console_errors == []


def test_a_guest_sees_on_her_phone_that_her_group_session_was_cancelled(
    page, live_server, places_data, officer, make_event, make_participant
):
    event, guest, group = weaving_demo(make_event(slug="group-cancelled"), make_participant, officer)
    services.group_join(group=group, registration=guest, by=guest.person)
    services.group_cancel(group=group, by=officer)

    site = live_server.url
    sign_in(page, site, guest.person.email)
    page.goto(f"{site}/matching/{event.slug}/agenda/")  # in Thai, the default
    item = page.locator(f"#group-{group.pk}")
    expect(item).to_be_visible()
    expect(item).to_contain_text("ยกเลิกแล้ว")
    expect(item).to_contain_text("กลุ่มพบปะนี้ถูกยกเลิกแล้ว")
    expect(item.locator("s")).to_have_text("Weaving demo")
    expect(item.get_by_role("button")).to_have_count(0)  # nothing to leave, nor to join again
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.console_errors == []
