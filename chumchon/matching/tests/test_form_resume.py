"""Participants and organisers whose session expired while they typed find it again after signing
in (issue 22): the registration, a meeting request's message, the announcement and the message to
the ticked participants."""

import re

import pytest
from django.urls import reverse

from chumchon.accounts.services import organisation_create
from chumchon.core.tests.form_resume import send_after_expiry
from chumchon.matching.models import Announcement, MeetingRequest, Registration

pytestmark = pytest.mark.django_db


def test_the_registration_keeps_what_was_typed(client, event, alice):
    organisation = organisation_create(by=alice, name="กลุ่มเครื่องปั้นดินเผาสังคโลก", kind="community_enterprise")
    page = f"/matching/{event.slug}/register/"
    typed = {
        "organisation": organisation.pk,
        "role": "seller",
        "offers_text": "ถ้วยชามสังคโลกเคลือบเขียวไข่กา ทำมือทุกชิ้น",
        "seeks_text": "โรงแรมและร้านของฝากในเชียงใหม่",
        "languages": ["th", "en"],
    }
    html = send_after_expiry(client, alice, page=page, action=page, data=typed)
    assert "ถ้วยชามสังคโลกเคลือบเขียวไข่กา ทำมือทุกชิ้น" in html and "โรงแรมและร้านของฝากในเชียงใหม่" in html
    assert not Registration.objects.filter(organisation=organisation).exists()


def test_a_meeting_requests_message_keeps_what_was_typed(client, event, make_participant):
    buyer = make_participant(event, "buyer")
    seller = make_participant(event, "seller", name="กลุ่มผ้าทอตีนจก")
    other = make_participant(event, "seller", name="กลุ่มจักสาน")
    page = f"/matching/{event.slug}/participants/"
    message = "สนใจผ้าตีนจกสำหรับร้านในโรงแรม อยากคุยเรื่องสั่งสามร้อยผืน"
    html = send_after_expiry(
        client,
        buyer.person,
        page=page,
        action=f"{page}{seller.pk}/request/",
        data={"priority": "3", "message": message},
    )
    assert html.count(message) == 1  # on her request to that participant only
    assert re.search(rf'id="priority-{seller.pk}".*?<option value="3" selected>', html, re.S)
    assert f'id="message-{other.pk}" rows="2" maxlength="1000"></textarea>' in html
    assert not MeetingRequest.objects.exists()


def test_the_announcement_keeps_what_was_typed(client, event, officer):
    page = reverse("matching:announce", kwargs={"slug": event.slug})
    typed = {"audience": "everyone", "subject": "ที่จอดรถ", "body": "โปรดจอดรถที่ประตูสอง ห้องประชุมอยู่ชั้นสาม"}
    html = send_after_expiry(client, officer, page=page, action=page, data=typed)
    assert 'value="ที่จอดรถ"' in html and "โปรดจอดรถที่ประตูสอง ห้องประชุมอยู่ชั้นสาม" in html
    assert not Announcement.objects.exists()


def test_the_message_to_ticked_participants_keeps_what_was_typed_and_ticked(client, event, officer, make_participant):
    chosen = make_participant(event, "buyer")
    other = make_participant(event, "seller")
    page = reverse("matching:manage", kwargs={"slug": event.slug})
    typed = {"registration": [chosen.pk], "subject": "ที่จอดรถ", "body": "โปรดจอดรถที่ประตูสอง"}
    action = reverse("matching:registrations_message", kwargs={"slug": event.slug})
    html = send_after_expiry(client, officer, page=page, action=action, data=typed)
    assert 'value="ที่จอดรถ"' in html and "โปรดจอดรถที่ประตูสอง</textarea>" in html
    assert f'id="tick-{chosen.pk}" checked>' in html and f'id="tick-{other.pk}">' in html
    assert not Announcement.objects.exists()
