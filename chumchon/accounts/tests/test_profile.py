import json

import pytest

from chumchon.accounts.models import AuditEntry, Consent, User
from chumchon.accounts.tests.factories import PASSWORD, MembershipFactory

pytestmark = pytest.mark.django_db


def test_it_asks_visitors_to_sign_in(client):
    response = client.get("/accounts/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_saves_the_profile(client, alice):
    client.force_login(alice)
    response = client.post(
        "/accounts/me/",
        {"name": "Alice W.", "role": "seller", "phone": "0812345678", "line_id": "alice", "language": "en"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.name, alice.phone, alice.line_id, alice.language) == ("Alice W.", "0812345678", "alice", "en")


def test_it_downloads_all_my_data_as_json(client, alice):
    MembershipFactory(user=alice, organisation__name="ทอผ้าบ้านนา")
    Consent.objects.create(user=alice, notice_version="2026-11")
    client.force_login(alice)
    response = client.get("/accounts/me/data.json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["accounts"]["account"][0]["email"] == "alice@example.com"
    assert data["accounts"]["organisations"][0]["name"] == "ทอผ้าบ้านนา"
    assert data["accounts"]["consents"][0]["notice_version"] == "2026-11"


def test_it_does_not_delete_the_account_with_a_wrong_password(client, alice):
    client.force_login(alice)
    response = client.post("/accounts/me/delete/", {"password": "wrong"})
    assert response.status_code == 200
    assert "รหัสผ่านไม่ถูกต้อง" in response.content.decode()
    assert User.objects.get(pk=alice.pk).is_active


def test_it_erases_personal_data_and_closes_the_account(client, alice):
    MembershipFactory(user=alice)
    client.force_login(alice)
    response = client.post("/accounts/me/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    erased = User.objects.get(pk=alice.pk)
    assert not erased.is_active
    assert erased.email.startswith("erased-") and erased.name == "" and erased.phone == ""
    assert not erased.memberships.exists()
    assert AuditEntry.objects.filter(action="account.erase", object_id=str(alice.pk)).exists()
    assert client.get("/accounts/me/").status_code == 302
    assert client.post("/accounts/login/", {"login": "alice@example.com", "password": PASSWORD}).status_code == 200
