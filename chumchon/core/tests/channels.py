"""Helpers for the permission tests: one rule, driven through the page and through the API.

Each app's `tests/test_permissions.py` states a rule once ("review-meeting minutes are for officers")
and checks it for four people (a visitor, an unrelated signed-in person, the owner or participant,
an officer) through both channels, expecting the same answer from each: the pages and the API read
through the same permission-checked getters, and these tests keep it that way.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

CHANNELS = ("page", "api")


def client_for(request: pytest.FixtureRequest, who: str, *, owner: Any = "alice") -> Client:
    """A browser signed in as `who`: nobody, charlie (unrelated), the owner (a fixture's name or a
    user), or the officer."""
    client = Client()
    person = {"anonymous": None, "stranger": "charlie", "owner": owner, "officer": "officer"}[who]
    if isinstance(person, str):
        person = request.getfixturevalue(person)
    if person is not None:
        client.force_login(person)
    return client


def sees(client: Client, url: str, text: str) -> bool:
    """Whether the person gets `url` and finds `text` on it (a sign-in redirect, 401, 403 or 404
    all mean they do not)."""
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="th")
    if response.status_code != 200:
        assert response.status_code in (302, 401, 403, 404), (url, response.status_code)
        return False
    return text in response.content.decode()


def post(client: Client, url: str, data: dict[str, Any] | None = None, *, json: bool = False) -> int:
    """POST as a page form or as an API call; the status, for a failure message."""
    if json:
        return client.post(url, data or {}, content_type="application/json").status_code
    return client.post(url, data or {}).status_code
