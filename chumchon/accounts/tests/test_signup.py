import re

import pytest
from django.core import mail

from chumchon.accounts.models import Consent, User

pytestmark = pytest.mark.django_db

SIGNUP = {
    "name": "มาลี ทอผ้า",
    "email": "malee@example.com",
    "role": "seller",
    "password1": "a-long-weaving-password-2569",
    "password2": "a-long-weaving-password-2569",
    "accept_privacy": "on",
}


def test_it_creates_a_seller_with_consent_and_sends_a_verification_email(client, settings):
    response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email="malee@example.com")
    assert (user.name, user.role) == ("มาลี ทอผ้า", "seller")
    consent = Consent.objects.get(user=user)
    assert consent.notice_version == settings.PRIVACY_NOTICE_VERSION
    assert len(mail.outbox) == 1
    assert "malee@example.com" in mail.outbox[0].to


def test_it_refuses_sign_up_without_consent_in_thai(client):
    response = client.post("/accounts/signup/", {**SIGNUP, "accept_privacy": ""})
    assert response.status_code == 200
    assert "ต้องยอมรับประกาศความเป็นส่วนตัว" in response.content.decode()
    assert not User.objects.exists()


def test_it_refuses_sign_up_without_consent_in_english(client):
    response = client.post("/en/accounts/signup/", {**SIGNUP, "accept_privacy": ""})
    assert "You must accept the privacy notice" in response.content.decode()


def test_it_lets_a_person_in_only_after_verifying_their_email(client):
    client.post("/accounts/signup/", SIGNUP)
    response = client.post("/accounts/login/", {"login": SIGNUP["email"], "password": SIGNUP["password1"]})
    assert response.status_code == 302 and "confirm-email" in response["Location"]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", str(mail.outbox[-1].body))
    assert link
    confirm_path = "/" + link.group(0).split("/", 3)[3]
    client.post(confirm_path)
    response = client.post("/accounts/login/", {"login": SIGNUP["email"], "password": SIGNUP["password1"]})
    assert response.status_code == 302
    assert client.get("/accounts/me/").status_code == 200
