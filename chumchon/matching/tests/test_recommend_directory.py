"""The participant directory: recommendations at the top, filters, Thai text search, preference
controls, and a fixed number of queries whatever the number of participants."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from chumchon.catalog.models import Category
from chumchon.matching.models import Preference
from chumchon.matching.tests.test_recommend import build_judged_event
from chumchon.places.models import District

pytestmark = pytest.mark.django_db


def directory(client, event, **params):
    with translation.override("en"):
        return client.get(reverse("matching:participants", args=[event.slug]), params)


def test_a_buyer_sees_recommendations_with_reasons_and_a_request_form(client, event, make_participant):
    sellers, buyers = build_judged_event(event, make_participant)
    client.force_login(buyers["hotel"].person)
    page = directory(client, event)
    html = page.content.decode()
    assert page.status_code == 200
    recommended = html.split('id="recommended-heading"')[1].split("All participants")[0]
    assert "seeks Ceramics — offers Sangkhalok celadon bowls" in recommended
    assert f'action="/en/matching/{event.slug}/participants/{sellers["sangkhalok"].pk}/request/"' in recommended
    assert recommended.count('class="card participant recommendation"') == 5


def test_filters_narrow_the_directory(client, event, make_participant):
    _sellers, buyers = build_judged_event(event, make_participant)
    client.force_login(buyers["textile-shop"].person)
    crafts = Category.objects.get(slug="crafts")  # a top category takes its sub-categories
    html = directory(client, event, category=crafts.pk).content.decode()
    assert "กลุ่ม ถ้วยชามสังคโลกเคลือบศิลาดล" in html and "กลุ่ม ข้าวแต๋นน้ำแตงโม" not in html
    assert "Recommended for you" not in html  # the filtered list only
    html = directory(client, event, district=District.objects.get(code="5008").pk).content.decode()
    assert "กลุ่ม ผ้าพันคอมัดย้อมคราม" in html and "กลุ่ม ผ้าทอลายน้ำไหล" not in html
    html = directory(client, event, q="ผ้าทอ").content.decode()
    assert "กลุ่ม ผ้าทอมือย้อมครามบ้านนาต้นจั่น" in html  # ผ้าทอ finds ผ้าทอมือ
    assert "กลุ่ม สร้อยทองสุโขทัย" not in html
    html = directory(client, event, q="zzzz-nothing").content.decode()
    assert "No participant matches" in html


def test_officers_filter_by_role_and_language(client, officer, event, make_participant):
    make_participant(event, "buyer", name="Euro Tours", languages="th,en")
    make_participant(event, "buyer", name="Bangkok Gifts")
    make_participant(event, "seller", name="กลุ่มผ้าทอ")
    client.force_login(officer)
    html = directory(client, event, role="buyer").content.decode()
    assert "Euro Tours" in html and "Bangkok Gifts" in html and "กลุ่มผ้าทอ" not in html
    html = directory(client, event, language="en").content.decode()
    assert "Euro Tours" in html and "Bangkok Gifts" not in html
    assert directory(client, event, role="nonsense", category="x", page="zz").status_code == 200


def test_preference_mode_shows_preference_controls(client, make_event, make_participant):
    event = make_event(slug="prefs", request_mode="preferences")
    seller = make_participant(event, "seller", name="กลุ่มผ้าทอมือ", offers_text="ผ้าทอมือ")
    buyer = make_participant(event, "buyer", seeks_text="ผ้าทอ")
    client.force_login(buyer.person)
    html = directory(client, event).content.decode()
    assert "Must meet" in html and "No thanks" in html and "Request a meeting" not in html
    with translation.override("en"):
        response = client.post(reverse("matching:preference_set", args=[event.slug, seller.pk]), {"level": 0})
    assert response.status_code == 302
    assert Preference.objects.get(registration=buyer, target=seller).level == 0
    assert "Recommended for you" not in directory(client, event).content.decode()  # no thanks: left out


def test_the_directory_takes_a_fixed_number_of_queries(client, event, make_participant):
    buyer = make_participant(event, "buyer", seeks_text="ผ้าทอ")
    for n in range(3):
        make_participant(event, "seller", offers_text=f"ผ้าทอมือ ลาย {n}")
    client.force_login(buyer.person)
    directory(client, event)
    with CaptureQueriesContext(connection) as few:
        assert directory(client, event).status_code == 200
    for n in range(12):
        make_participant(event, "seller", offers_text=f"เครื่องสังคโลก แบบ {n}")
    with CaptureQueriesContext(connection) as many:
        assert directory(client, event).status_code == 200
    assert len(many) == len(few)


def test_someone_not_taking_part_gets_a_404(client, event, bob, make_participant):
    make_participant(event, "seller")
    client.force_login(bob)
    assert directory(client, event).status_code == 404
