"""When the privacy notice changes, signed-in people accept it again before going on (PDPA)."""

import pytest

from chumchon.accounts.models import Consent
from chumchon.accounts.services import consent_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_notice(settings):
    settings.PRIVACY_NOTICE_VERSION = "2027-01"


def test_it_asks_for_consent_again_when_the_notice_changes(client, alice, new_notice):
    consent_record(user=alice, notice_version="2026-11")
    client.force_login(alice)
    response = client.get("/inbox/?page=2")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/privacy/accept/?next=%2Finbox%2F%3Fpage%3D2"
    page = client.get(response["Location"]).content.decode()
    assert "2026-11" in page and "2027-01" in page
    # What is never held up: the notice, signing out, the data download, the API.
    assert client.get("/accounts/privacy/").status_code == 200
    assert client.get("/accounts/me/data.json").status_code == 200
    assert client.get("/api/v1/listings/").status_code == 200
    # She accepts; it is recorded with the version and the time, and she goes where she was going.
    accepted = client.post("/accounts/privacy/accept/", {"next": "/inbox/?page=2"})
    assert accepted["Location"] == "/inbox/?page=2"
    latest = Consent.objects.filter(user=alice).first()
    assert latest is not None and latest.notice_version == "2027-01" and latest.accepted_at is not None
    assert client.get("/accounts/me/").status_code == 200


def test_a_person_who_accepted_this_version_is_not_asked(client, alice):
    consent_record(user=alice, notice_version="2026-11")
    client.force_login(alice)
    assert client.get("/accounts/me/").status_code == 200


def test_it_never_sends_to_another_site_after_accepting(client, alice, new_notice):
    consent_record(user=alice, notice_version="2026-11")
    client.force_login(alice)
    response = client.post("/accounts/privacy/accept/", {"next": "https://evil.example/"})
    assert response["Location"] == "/accounts/me/"


def test_signing_out_is_not_held_up(client, alice, new_notice):
    consent_record(user=alice, notice_version="2026-11")
    client.force_login(alice)
    assert client.get("/accounts/logout/").status_code == 200
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session
