"""Hostile filter values on the reviews API answer like any unknown id, never with a server error."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("listing", ["11014129511318888140117114880", "n", "-1", "9" * 19])
def test_a_listing_id_no_row_can_have_lists_no_review(client, listing):
    response = client.get("/api/v1/reviews/", {"listing": listing, "community": "n"})
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_an_address_id_past_64_bits_is_a_404_not_a_server_error(client):
    assert client.get("/api/v1/reviews/" + "9" * 30 + "/").status_code == 404
