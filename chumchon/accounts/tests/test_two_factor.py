"""Officers use two-factor authentication (allauth.mfa): an authenticator app, with recovery codes."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

from chumchon.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

OFFICER_PAGE = "/staff/import/"


@pytest.fixture(autouse=True)
def _two_factor_required(settings):
    settings.OFFICER_MFA_REQUIRED = True


def code_now(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(client, email: str):
    return client.post("/accounts/login/", {"login": email, "password": PASSWORD})


def test_an_officer_without_two_factor_is_sent_to_set_it_up(client, officer):
    sign_in(client, officer.email)
    response = client.get(OFFICER_PAGE, follow=True)
    assert response.redirect_chain[0][0].startswith("/accounts/2fa/totp/activate/?next=%2Fstaff%2Fimport%2F")
    assert "ยืนยันตัวตนสองขั้นตอน" in response.content.decode()  # the Thai message says why
    assert client.get("/admin/").status_code == 302
    english = client.get("/en" + OFFICER_PAGE, follow=True)
    assert "two-factor authentication" in english.content.decode()

    # She confirms her password (allauth asks before changing how she signs in), sets up her
    # authenticator app on that page, then the officer page opens.
    reauthenticate = response.redirect_chain[-1][0]
    assert reauthenticate.startswith("/accounts/reauthenticate/")
    client.post(reauthenticate, {"password": PASSWORD})
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    secret = client.session["mfa.totp.secret"]
    client.post("/accounts/2fa/totp/activate/", {"code": code_now(secret)})
    assert Authenticator.objects.filter(user=officer, type="totp").exists()
    assert client.get(OFFICER_PAGE).status_code == 200


def test_an_officer_signs_in_with_a_totp_code(client, officer):
    secret = generate_totp_secret()
    TOTP.activate(officer, secret)
    response = sign_in(client, officer.email)
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get(OFFICER_PAGE).status_code == 302  # the password alone does not sign her in
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000" if code_now(secret) != "000000" else "111111"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    client.post("/accounts/2fa/authenticate/", {"code": code_now(secret)})
    assert client.get(OFFICER_PAGE).status_code == 200
    assert client.get("/admin/").status_code == 200


def test_people_who_are_not_officers_are_not_asked(client, alice):
    sign_in(client, alice.email)
    assert client.get("/accounts/me/").status_code == 200
    assert client.get(OFFICER_PAGE).status_code == 404
