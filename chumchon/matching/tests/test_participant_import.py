"""An officer imports an event's participants from a spreadsheet: preview with row-numbered problems,
idempotent by e-mail, invitations to new people with a link that signs them in once."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chumchon.accounts.models import Membership, User
from chumchon.matching import imports
from chumchon.matching.models import ParticipantImport, ParticipantImportStatus, Registration
from chumchon.matching.tests.participant_sheet import participant_csv, participant_rows, participant_xlsx
from chumchon.places.models import Province

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def sukhothai(db):
    return Province.objects.get(name_en="Sukhothai")  # provinces come with the migrations


def _upload(client, event, data, name="people.xlsx", status="pending", capture=None):
    with capture(execute=True):
        response = client.post(
            f"/matching/staff/{event.slug}/import/",
            {"file": SimpleUploadedFile(name, data), "status": status},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    return ParticipantImport.objects.latest("pk")


def _run(client, job, capture, **data):
    with capture(execute=True):
        response = client.post(f"/matching/staff/{job.event.slug}/import/{job.pk}/run/", data)
    assert response.status_code == 302
    job.refresh_from_db()
    return job


def test_it_previews_then_imports_and_invites_each_new_person(
    client, officer, event, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.force_login(officer)
    job = _upload(client, event, participant_xlsx(participant_rows(6)), capture=django_capture_on_commit_callbacks)
    assert job.status == ParticipantImportStatus.PREVIEW
    page = client.get(job.get_absolute_url()).content.decode()
    assert "person1@example.com" in page and "Registration" not in page
    assert not User.objects.filter(email="person1@example.com").exists()  # a preview writes nothing

    job = _run(client, job, django_capture_on_commit_callbacks)
    assert job.status == ParticipantImportStatus.DONE, job.errors
    assert (job.created_count, job.invited_count) == (6, 6)
    registrations = Registration.objects.filter(event=event, organisation__name__startswith="กลุ่มทอผ้า")
    assert registrations.count() == 3 and {r.role for r in registrations} == {"seller"}
    assert all(r.status == "pending" for r in registrations)
    person = User.objects.get(email="person2@example.com")
    assert not person.has_usable_password() and person.is_active
    assert Membership.objects.filter(user=person, organisation__name="กลุ่มทอผ้า 2").exists()
    assert list(
        registrations.get(organisation__name="กลุ่มทอผ้า 2").seeks_provinces.values_list("name_en", flat=True)
    ) == ["Sukhothai"]

    invitation = next(m for m in mail.outbox if "person2@example.com" in m.to)
    found = re.search(r"https?://[^\s\"]+/matching/invitation/[^\s\"/]+/", str(invitation.body))
    assert found is not None
    link = found.group(0)
    path = "/" + link.split("/", 3)[3]
    client.logout()
    response = client.get(path)
    assert response.status_code == 302 and "password/set" in response["Location"]
    assert client.get(reverse("accounts:profile")).status_code == 200  # signed in
    person.refresh_from_db()
    assert person.last_login is not None
    client.logout()
    again = client.get(path)  # a link works once
    assert "login" in again["Location"]


def test_it_updates_rather_than_duplicates_on_a_second_import(
    client, officer, event, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.force_login(officer)
    rows = participant_rows(4)
    _run(
        client,
        _upload(client, event, participant_xlsx(rows), capture=django_capture_on_commit_callbacks),
        django_capture_on_commit_callbacks,
    )
    sent = len(mail.outbox)
    rows[0][7] = "ทัวร์ชุมชนใหม่"
    rows[0][5] = "seller"
    job = _upload(
        client,
        event,
        participant_csv(rows),
        name="people.csv",
        status="approved",
        capture=django_capture_on_commit_callbacks,
    )
    assert (job.created_count, job.updated_count) == (0, 4)
    job = _run(client, job, django_capture_on_commit_callbacks)
    assert job.status == ParticipantImportStatus.DONE
    assert User.objects.filter(email__startswith="person").count() == 4
    assert Registration.objects.filter(event=event).count() == 4
    changed = Registration.objects.get(event=event, organisation__name="บริษัททัวร์ 1")
    assert (changed.role, changed.offers_text, changed.status) == ("seller", "ทัวร์ชุมชนใหม่", "approved")
    assert len(mail.outbox) == sent  # nobody invited twice


def test_it_shows_each_problem_with_its_row_number_and_imports_nothing(
    client, officer, event, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    rows = participant_rows(3)
    rows[0][3] = "not-an-address"
    rows[1][5] = "ผู้ชม"
    rows[2][6] = "แอตแลนติส"
    job = _upload(client, event, participant_csv(rows), name="people.csv", capture=django_capture_on_commit_callbacks)
    assert job.status == ParticipantImportStatus.PREVIEW
    assert {(error["row"], error["column"]) for error in job.errors} == {(2, "email"), (3, "role"), (4, "province")}
    page = client.get(job.get_absolute_url()).content.decode()
    assert "ไม่ใช่อีเมล" in page or "not-an-address" in page
    job = _run(client, job, django_capture_on_commit_callbacks)  # without skipping the problem rows
    assert job.status == ParticipantImportStatus.PREVIEW
    assert not User.objects.filter(email__startswith="person").exists()


def test_it_refuses_a_file_without_the_needed_columns(client, officer, event, django_capture_on_commit_callbacks):
    client.force_login(officer)
    data = participant_csv([["x", "y"]], header=["ชื่อ", "เบอร์"])
    job = _upload(client, event, data, name="people.csv", capture=django_capture_on_commit_callbacks)
    assert job.status == ParticipantImportStatus.FAILED
    assert "organisation" in job.errors[0]["column"]


def test_the_import_page_is_a_404_for_a_participant(client, event, make_participant):
    person = make_participant(event, "buyer").person
    client.force_login(person)
    assert client.get(f"/matching/staff/{event.slug}/import/").status_code == 404


def test_a_forged_invitation_signs_nobody_in(client, officer):
    token = imports.invitation_token(officer)[:-2] + "xx"
    response = client.get(f"/matching/invitation/{token}/")
    assert response.status_code == 302 and "login" in response["Location"]
