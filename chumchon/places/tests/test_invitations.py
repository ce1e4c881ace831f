"""A community import names who runs each community: an organisation is linked; a person without an
account is invited by e-mail, once, with a signed link that lets them take the community over."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pytest
from django.core import mail, signing
from django.core.management import CommandError, call_command

from chumchon.accounts.models import Membership
from chumchon.accounts.services import organisation_create
from chumchon.places.models import Community, CommunityInvitation

pytestmark = pytest.mark.django_db

HEADER = "external_id,name_th,name_en,province,district,subdistrict,organisation"


def write(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "communities.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def run(path: Path, django_capture_on_commit_callbacks) -> str:
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # the worker sends the e-mails after the commit
        call_command("import_communities", str(path), "--language", "en", stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


WEAVERS = "skt-01,ชุมชนผ้าทอหาดเสี้ยว,Hat Siao Weavers,สุโขทัย,ศรีสัชนาลัย,หาดเสี้ยว"
KILNS = "skt-02,ชุมชนเตาทุเรียง,Mueang Kao Kilns,Sukhothai,Mueang Sukhothai,Mueang Kao"


@pytest.fixture
def invited(tmp_path, django_capture_on_commit_callbacks):
    """skt-01 names somsri@example.com, who has no account: she is e-mailed an invitation."""
    run(write(tmp_path, f"{WEAVERS},Somsri@Example.com"), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/my-community/invitation/\S+/", str(mail.outbox[0].body))
    assert link is not None
    return link.group(0)


def test_it_links_an_organisation_named_by_its_name_or_its_owners_email(
    alice, tmp_path, django_capture_on_commit_callbacks
):
    weavers_group = organisation_create(by=alice, name="วิสาหกิจชุมชนทอผ้าหาดเสี้ยว", kind="community_enterprise")
    path = write(tmp_path, f"{WEAVERS}, วิสาหกิจชุมชนทอผ้าหาดเสี้ยว ", f"{KILNS},ALICE@example.com")
    assert run(path, django_capture_on_commit_callbacks) == "created 2, updated 0, unchanged 0"
    assert Community.objects.get(external_id="skt-01").organisation == weavers_group
    assert Community.objects.get(external_id="skt-02").organisation == weavers_group
    assert run(path, django_capture_on_commit_callbacks) == "created 0, updated 0, unchanged 2"
    assert mail.outbox == [] and not CommunityInvitation.objects.exists()


def test_it_reports_an_organisation_it_cannot_find(alice, tmp_path):
    organisation_create(by=alice, name="วิสาหกิจชุมชนทอผ้าหาดเสี้ยว", kind="community_enterprise")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_communities", str(write(tmp_path, f"{WEAVERS},วิสาหกิจชุมชนทอผ้าหาดเสียว")),
                     "--language", "en", stdout=io.StringIO(), stderr=err)  # fmt: skip
    assert 'row 2, organisation: no organisation "วิสาหกิจชุมชนทอผ้าหาดเสียว"' in err.getvalue()
    assert "did you mean “วิสาหกิจชุมชนทอผ้าหาดเสี้ยว”?" in err.getvalue()


def test_it_invites_a_person_without_an_account_once(invited, tmp_path, django_capture_on_commit_callbacks):
    message = mail.outbox[0]
    assert isinstance(message, mail.EmailMultiAlternatives)
    assert message.to == ["somsri@example.com"]
    assert message.subject == "[Chumchon] You are invited to run Hat Siao Weavers"  # the import's language
    assert message.alternatives and "Take over the community" in str(message.alternatives[0][0])
    again = run(write(tmp_path, f"{WEAVERS},somsri@example.com"), django_capture_on_commit_callbacks)
    assert again == "created 0, updated 0, unchanged 1"
    assert len(mail.outbox) == 1 and CommunityInvitation.objects.count() == 1


def test_the_link_lets_the_invited_person_sign_up_and_take_the_community_over(invited, client, charlie):
    path = invited.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)
    assert page.status_code == 200 and "/accounts/signup/?next=" in page.content.decode()

    client.force_login(charlie)
    response = client.post("/" + path, {"new_name": "วิสาหกิจชุมชนผ้าทอหาดเสี้ยว"})
    weavers = Community.objects.get(external_id="skt-01")
    assert response.status_code == 302 and response["Location"] == weavers.get_absolute_url()
    assert weavers.organisation is not None and weavers.organisation.name == "วิสาหกิจชุมชนผ้าทอหาดเสี้ยว"
    assert Membership.objects.filter(user=charlie, organisation=weavers.organisation, role="owner").exists()

    used = client.get("/" + path)  # the link is in the language of the import: English here
    assert used.status_code == 410 and "This invitation has already been used." in used.content.decode()


def test_an_existing_organisation_of_the_invited_person_takes_over(invited, client, alice):
    organisation = organisation_create(by=alice, name="Alice's weavers", kind="community_enterprise")
    client.force_login(alice)
    client.post("/" + invited.split("://", 1)[1].split("/", 1)[1], {"organisation": organisation.pk})
    assert Community.objects.get(external_id="skt-01").organisation == organisation


def test_a_forged_or_expired_link_is_refused(invited, client, charlie, monkeypatch):
    client.force_login(charlie)
    token = invited.rstrip("/").rsplit("/", 1)[1]
    forged = client.post(f"/en/my-community/invitation/{token[:-2]}xx/", {"new_name": "Mine"})
    assert forged.status_code == 410 and "This invitation link is not valid." in forged.content.decode()

    invitation = CommunityInvitation.objects.get()
    other = signing.dumps({"i": invitation.pk, "e": "someone@example.com"}, salt="another salt")
    assert client.get(f"/en/my-community/invitation/{other}/").status_code == 410

    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 15 * 24 * 3600)
    expired = client.post(f"/en/my-community/invitation/{token}/", {"new_name": "Mine"})
    assert expired.status_code == 410 and "This invitation has expired." in expired.content.decode()
    assert Community.objects.get(external_id="skt-01").organisation is None
