"""The session form says what is wrong on the field, in the seller's language, and keeps what she typed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from chumchon.catalog import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def experience(alice, alice_community):
    return services.listing_create(
        community=alice_community, kind="experience", by=alice, title_th="เรียนทอผ้า", capacity=10
    )


def local(days: int, hour: int = 9) -> str:
    moment = timezone.localtime() + dt.timedelta(days=days)
    return moment.replace(hour=hour, minute=0).strftime("%Y-%m-%dT%H:%M")


def post(client, experience, prefix: str = "", **data: str) -> str:
    response = client.post(f"{prefix}/sell/{experience.pk}/sessions/", data)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def seller(client, alice):
    client.force_login(alice)
    return client


def test_it_refuses_a_date_that_has_passed(seller, experience):
    page = post(seller, experience, starts_at=local(-2), seats_total="8")
    assert "วันนี้ผ่านไปแล้ว" in page
    assert f'value="{local(-2)}"' in page and 'value="8"' in page
    assert not experience.sessions.exists()


def test_it_refuses_an_end_before_the_start_in_thai_and_english(seller, experience):
    thai = post(seller, experience, starts_at=local(3, 14), ends_at=local(3, 10), seats_total="8")
    assert "เวลาสิ้นสุดต้องอยู่หลังเวลาเริ่ม" in thai
    assert "session_ends_after_start" not in thai
    assert f'value="{local(3, 10)}"' in thai
    english = post(seller, experience, "/en", starts_at=local(3, 14), ends_at=local(3, 10), seats_total="8")
    assert "The session must end after it starts." in english
    assert not experience.sessions.exists()


def test_it_refuses_a_second_session_at_the_same_time(seller, experience):
    seller.post(f"/sell/{experience.pk}/sessions/", {"starts_at": local(5), "seats_total": "8"})
    page = post(seller, experience, starts_at=local(5), seats_total="6")
    assert "มีรอบนี้อยู่แล้ว" in page
    assert experience.sessions.count() == 1


def test_it_refuses_more_seats_than_the_experience_takes(seller, experience):
    page = post(seller, experience, "/en", starts_at=local(5), seats_total="12")
    assert "At most 10 seats: the experience takes 10 people." in page
    assert 'value="12"' in page
    assert not experience.sessions.exists()


def test_a_good_session_is_added(seller, experience):
    response = seller.post(
        f"/sell/{experience.pk}/sessions/", {"starts_at": local(5, 9), "ends_at": local(5, 12), "seats_total": "10"}
    )
    assert response.status_code == 302
    assert experience.sessions.get().seats_total == 10
