"""The API's request rates are really enforced, with the settings' own rates (the test cache is
cleared between tests by the root conftest, so the counts start at zero)."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from chumchon.api.tests.test_errors import assert_error
from chumchon.api.throttling import WriteRateThrottle

pytestmark = pytest.mark.django_db


THROTTLES = {"anon": AnonRateThrottle, "user": UserRateThrottle, "write": WriteRateThrottle}


def allowed_per_minute(scope: str) -> int:
    """The real rate, read by DRF's own throttle from the settings."""
    throttle = THROTTLES[scope]()
    number, seconds = throttle.parse_rate(throttle.rate)
    assert number is not None and seconds == 60
    return number


def test_the_default_rates_are_the_documented_ones():
    assert {scope: throttle().rate for scope, throttle in THROTTLES.items()} == {
        "anon": "120/min",
        "user": "600/min",
        "write": "60/min",
    }


def test_a_visitor_gets_a_429_after_120_requests_a_minute():
    client = APIClient()
    answers = [client.get("/api/v1/listings/").status_code for _ in range(allowed_per_minute("anon"))]
    assert set(answers) == {200}
    refused = client.get("/api/v1/listings/", headers={"Accept-Language": "en"})
    body = assert_error(refused, 429, "throttled", "en")
    assert 0 < int(refused["Retry-After"]) <= 60
    assert f"{refused['Retry-After']} second" in body["errors"][0]["message"]


def test_the_429_is_in_thai_by_default():
    client = APIClient()
    for _ in range(allowed_per_minute("anon")):
        client.get("/api/v1/provinces/")
    assert_error(client.get("/api/v1/provinces/"), 429, "throttled", "th")


def test_another_visitor_is_not_slowed_down_by_the_first():
    first, second = APIClient(REMOTE_ADDR="192.0.2.1"), APIClient(REMOTE_ADDR="192.0.2.2")
    for _ in range(allowed_per_minute("anon") + 1):
        first.get("/api/v1/provinces/")
    assert first.get("/api/v1/provinces/").status_code == 429
    assert second.get("/api/v1/provinces/").status_code == 200


def test_writes_have_their_own_lower_rate_per_person(bob: Any, charlie: Any):
    """60 writes a minute (here: 60 incomplete inquiries, which are refused yet count), then 429,
    while reads and other people's writes go on."""
    client = APIClient()
    client.force_authenticate(bob)
    url = "/api/v1/conversations/"
    answers = {client.post(url, {}, format="json").status_code for _ in range(allowed_per_minute("write"))}
    assert answers == {400}
    response = client.post(url, {}, format="json")
    assert_error(response, 429, "throttled", "th")
    assert "Retry-After" in response
    assert client.get(url).status_code == 200
    other = APIClient()
    other.force_authenticate(charlie)
    assert other.post(url, {}, format="json").status_code == 400
