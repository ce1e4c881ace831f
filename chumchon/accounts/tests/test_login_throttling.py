"""Failed logins are throttled per account with growing waits, per network only far later (issue 22).

Time is moved by patching time.time, which both allauth's limiter and the local-memory cache read.
Every client here comes from the same address (the test client's 127.0.0.1): a village's Wi-Fi.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.test import Client

from chumchon.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> Iterator[Clock]:
    clock = Clock()
    with mock.patch("time.time", side_effect=lambda: clock.now):
        yield clock


def sign_in(email: str, password: str, *, lang: str = "") -> tuple[Client, str]:
    """A fresh device (its own session), same network; returns it and the page shown."""
    client = Client()
    response = client.post(f"{lang}/accounts/login/", {"login": email, "password": password})
    return client, response.content.decode() if response.status_code == 200 else ""


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_another_account_on_the_same_network_still_signs_in(clock: Clock, alice: Any, bob: Any) -> None:
    for _ in range(6):
        clock.advance(2)
        client, _page = sign_in("alice@example.com", "wrong")
        assert not signed_in(client)
    client, _page = sign_in("bob@example.com", PASSWORD)
    assert signed_in(client)


def test_the_right_password_works_a_minute_after_five_typos(clock: Clock, alice: Any) -> None:
    for _ in range(5):
        clock.advance(2)
        sign_in("alice@example.com", "wrong")
    client, page = sign_in("alice@example.com", PASSWORD)
    assert not signed_in(client)  # a guesser cannot tell when they hit the password
    assert "พยายามเข้าสู่ระบบล้มเหลวหลายครั้งเกินไปสำหรับบัญชีนี้" in page
    assert "กรุณารอ 1 นาที" in page
    client, page = sign_in("alice@example.com", PASSWORD, lang="/en")
    assert "Too many failed sign-in attempts for this account. Please wait 1 minute and try again." in page
    clock.advance(61)
    client, _page = sign_in("alice@example.com", PASSWORD)  # another device, same Wi-Fi
    assert signed_in(client)


def test_the_wait_grows_with_each_further_failure(clock: Clock, alice: Any) -> None:
    for _ in range(5):
        clock.advance(2)
        sign_in("alice@example.com", "wrong")
    clock.advance(61)
    sign_in("alice@example.com", "wrong")  # the sixth failure: now two minutes
    clock.advance(61)
    client, page = sign_in("alice@example.com", PASSWORD, lang="/en")
    assert not signed_in(client)
    assert "Please wait 59 seconds" in page  # of the two minutes after the sixth failure
    clock.advance(60)
    client, _page = sign_in("alice@example.com", PASSWORD)
    assert signed_in(client)


def test_attempts_during_a_wait_do_not_lengthen_it(clock: Clock, alice: Any) -> None:
    for _ in range(5):
        clock.advance(2)
        sign_in("alice@example.com", "wrong")
    for _ in range(20):
        clock.advance(2)
        client, _page = sign_in("alice@example.com", "wrong")
    clock.advance(21)  # 61 seconds after the fifth failure
    client, _page = sign_in("alice@example.com", PASSWORD)
    assert signed_in(client)


def test_a_success_forgets_the_failures(clock: Clock, alice: Any) -> None:
    for _ in range(4):
        clock.advance(2)
        sign_in("alice@example.com", "wrong")
    client, _page = sign_in("alice@example.com", PASSWORD)
    assert signed_in(client)
    for _ in range(4):
        clock.advance(2)
        sign_in("alice@example.com", "wrong")
    client, _page = sign_in("alice@example.com", PASSWORD)
    assert signed_in(client)


def test_a_hundred_failures_from_one_network_are_limited(clock: Clock, bob: Any) -> None:
    # One machine trying many accounts, slowly enough for the per-minute limit on login POSTs.
    for i in range(100):
        clock.advance(5)
        client, page = sign_in(f"guess{i}@example.com", "wrong")
        assert "Too many" not in page and "หลายครั้งเกินไป" not in page, i
    client, page = sign_in("bob@example.com", PASSWORD, lang="/en")
    assert not signed_in(client)
    assert "Too many failed sign-in attempts from this network. Please wait" in page
    client, page = sign_in("bob@example.com", PASSWORD)
    assert "พยายามเข้าสู่ระบบล้มเหลวหลายครั้งเกินไปจากเครือข่ายนี้ กรุณารอ" in page
    clock.advance(15 * 60)
    client, _page = sign_in("bob@example.com", PASSWORD)
    assert signed_in(client)
