import pytest
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def test_it_shows_a_new_token_once(client, alice):
    client.force_login(alice)
    response = client.post("/accounts/me/api-token/", {"action": "create"})
    key = Token.objects.get(user=alice).key
    assert key in response.content.decode()
    assert key not in client.get("/accounts/me/api-token/").content.decode()


def test_it_replaces_and_revokes_the_token(client, alice):
    client.force_login(alice)
    client.post("/accounts/me/api-token/", {"action": "create"})
    first = Token.objects.get(user=alice).key
    client.post("/accounts/me/api-token/", {"action": "create"})
    assert Token.objects.get(user=alice).key != first
    client.post("/accounts/me/api-token/", {"action": "revoke"})
    assert not Token.objects.filter(user=alice).exists()


def test_it_asks_visitors_to_sign_in(client):
    assert client.get("/accounts/me/api-token/").status_code == 302
