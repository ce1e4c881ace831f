import pytest

from chumchon.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_it_signs_in_with_email_and_password(client, alice):
    response = client.post("/accounts/login/", {"login": "alice@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/me/"


def test_it_stops_password_guessing_after_five_failures(client, alice):
    for _ in range(5):
        response = client.post("/accounts/login/", {"login": "alice@example.com", "password": "wrong"})
        assert response.status_code == 200
    # Even the right password is refused now, so a guesser cannot tell when they hit it.
    response = client.post("/accounts/login/", {"login": "alice@example.com", "password": PASSWORD})
    assert response.status_code == 200
    assert "พยายามเข้าสู่ระบบล้มเหลวหลายครั้งเกินไป" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_sends_a_password_reset_email(client, alice, mailoutbox):
    client.post("/accounts/password/reset/", {"email": "alice@example.com"})
    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/key/" in mailoutbox[0].body
