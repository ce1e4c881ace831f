"""Sign in with LINE (django-allauth's LINE provider) against a local fake of LINE Login: the
button shows only when the site has a LINE Login channel, and a first sign-in asks for a name, a
role and consent before the account exists."""

from __future__ import annotations

import urllib.parse

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.conf import settings as django_settings

from chumchon.accounts.models import User
from chumchon.notifications.tests.fake_line import LINE_USER, fake_line  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def line_login(fake_line, settings):  # noqa: F811
    providers = {key: dict(value) for key, value in django_settings.SOCIALACCOUNT_PROVIDERS.items()}
    providers["line"]["APPS"] = [{"client_id": "1650000000", "secret": "line-login-secret"}]
    settings.SOCIALACCOUNT_PROVIDERS = providers
    return fake_line


def sign_in_with_line(client, fake):
    """What the browser does: tap the button, (LINE asks), come back with a code."""
    response = client.post("/accounts/line/login/?process=login")
    assert response.status_code == 302
    authorize = urllib.parse.urlsplit(response["Location"])
    assert f"{authorize.scheme}://{authorize.netloc}" == fake.base_url  # never LINE itself in a test
    assert authorize.path == "/oauth2/v2.1/authorize"
    query = urllib.parse.parse_qs(authorize.query)
    assert query["client_id"] == ["1650000000"]
    return client.get("/accounts/line/login/callback/", {"code": "code-from-line", "state": query["state"][0]})


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/signup/"])
def test_the_line_button_shows_only_when_line_login_is_configured(client, settings, path):
    assert "/accounts/line/login/" not in client.get(path).content.decode()
    providers = {key: dict(value) for key, value in django_settings.SOCIALACCOUNT_PROVIDERS.items()}
    providers["line"]["APPS"] = [{"client_id": "1650000000", "secret": "line-login-secret"}]
    settings.SOCIALACCOUNT_PROVIDERS = providers
    page = client.get(path).content.decode()
    assert "/accounts/line/login/" in page and "ดำเนินการต่อด้วย LINE" in page


def test_a_new_person_signs_up_with_line_then_signs_in_with_it(client, line_login):
    response = sign_in_with_line(client, line_login)
    assert response.status_code == 302 and response["Location"].endswith("/accounts/3rdparty/signup/")
    token_request = next(r for r in line_login.received if r["path"] == "/oauth2/v2.1/token")
    assert token_request["body"]["code"] == "code-from-line"
    assert token_request["body"]["client_secret"] == "line-login-secret"

    form = client.get("/accounts/3rdparty/signup/").content.decode()
    assert 'value="malee.line@example.com"' in form  # what LINE said, already filled in
    response = client.post(
        "/accounts/3rdparty/signup/",
        {"email": "malee.line@example.com", "name": "มาลี", "role": "seller", "accept_privacy": "on"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="malee.line@example.com")
    assert user.name == "มาลี" and user.role == "seller"
    assert SocialAccount.objects.get(user=user, provider="line").uid == LINE_USER
    assert EmailAddress.objects.get(user=user).verified  # LINE checked it: no confirmation e-mail
    assert client.get("/accounts/me/").status_code == 200  # signed in

    client.logout()
    response = sign_in_with_line(client, line_login)  # the next time: straight in
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_line_saying_no_signs_nobody_in(client, line_login):
    client.post("/accounts/line/login/?process=login")
    response = client.get("/accounts/line/login/callback/", {"error": "access_denied", "state": "x"})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 401  # allauth's "sign-in failed" page
    assert not SocialAccount.objects.exists()


def test_someone_who_signed_up_with_line_can_still_delete_her_account(client, alice):
    alice.set_unusable_password()  # as after signing up with LINE
    alice.save()
    SocialAccount.objects.create(user=alice, provider="line", uid=LINE_USER)
    client.force_login(alice)
    page = client.get("/accounts/me/delete/").content.decode()
    assert "อีเมลของคุณ เพื่อยืนยัน" in page
    response = client.post("/accounts/me/delete/", {"password": "someone@example.com"})
    assert "นี่ไม่ใช่อีเมลของคุณ" in response.content.decode()
    assert User.objects.get(pk=alice.pk).is_active
    response = client.post("/accounts/me/delete/", {"password": "Alice@Example.com"})
    assert response.status_code == 302
    assert not User.objects.get(pk=alice.pk).is_active
    assert not SocialAccount.objects.exists()
