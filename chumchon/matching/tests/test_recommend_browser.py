"""On a phone: a buyer sees recommended partners with the reasons and requests a meeting from one."""

import re

import pytest

from chumchon.accounts.tests.factories import PASSWORD
from chumchon.matching.models import MeetingRequest
from chumchon.matching.tests.test_recommend import build_judged_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_buyer_requests_a_meeting_from_a_recommendation(page, live_server, places_data, make_event, make_participant):
    event = make_event()
    sellers, buyers = build_judged_event(event, make_participant)
    hotel = buyers["hotel"]
    page.goto(f"{live_server.url}/accounts/login/?next=/matching/{event.slug}/participants/")
    page.locator("input[name=login]").fill(hotel.person.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form").filter(has=page.locator("input[name=password]")).locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/participants/$"))
    section = page.locator("section.recommended")
    assert section.get_by_role("heading", name="แนะนำสำหรับคุณ").is_visible()
    first = section.locator("li.recommendation").first
    reasons = first.locator(".reasons").inner_text()
    assert "ต้องการ เครื่องปั้นดินเผาและเซรามิก — มี ถ้วยชามสังคโลกเคลือบศิลาดล" in reasons
    first.get_by_label("ข้อความ (ไม่บังคับ)").fill("สนใจจานชามสำหรับห้องอาหาร 300 ชุด")
    first.get_by_role("button", name=re.compile("ขอนัดพบ")).click()
    page.wait_for_url(re.compile(r".*/requests/$"))
    request = MeetingRequest.objects.get()
    assert {request.a_id, request.b_id} == {hotel.pk, sellers["sangkhalok"].pk}
    assert request.message == "สนใจจานชามสำหรับห้องอาหาร 300 ชุด"
    # The partner just asked is no longer recommended.
    page.goto(f"{live_server.url}/matching/{event.slug}/participants/")
    assert "ถ้วยชามสังคโลกเคลือบศิลาดล" not in page.locator("section.recommended").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.console_errors == []
