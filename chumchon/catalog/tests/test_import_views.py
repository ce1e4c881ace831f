"""The officers' import page: upload, preview, confirm, progress."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.response import TemplateResponse
from django.urls import reverse

from chumchon.accounts.models import AuditEntry
from chumchon.catalog.imports.applying import import_apply
from chumchon.catalog.imports.planning import plan_file
from chumchon.catalog.models import ImportJob, ImportStatus, Listing, Status
from chumchon.places.models import Community

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
UPLOAD_URL = "/staff/import/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def officer_client(client, officer, django_capture_on_commit_callbacks):
    """An officer's browser; the tasks a form enqueues run (immediately) once its request commits,
    as a worker would run them on the site."""
    client.force_login(officer)
    post = client.post

    def post_and_run_tasks(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return post(*args, **kwargs)

    client.post = post_and_run_tasks
    return client


def upload(client, name: str, content: bytes, kind: str = "communities", **extra):
    data = {"kind": kind, "file": SimpleUploadedFile(name, content), **extra}
    return client.post(UPLOAD_URL, data)


def upload_sample(client, kind: str = "communities", **extra):
    return upload(client, f"{kind}.csv", (DATA / f"{kind}.csv").read_bytes(), kind=kind, **extra)


def confirm(client, job, **data):
    """Confirm (the import runs at once, as the officer's client runs the tasks), then look at the page."""
    client.post(reverse("catalog_import:run", args=[job.pk]), data)
    return client.get(job.get_absolute_url())


def test_it_sends_visitors_to_sign_in(client):
    response = client.get(UPLOAD_URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_hides_the_page_and_the_imports_from_people_who_are_not_officers(client, alice, officer):
    job = ImportJob.objects.create(kind="communities", original_name="x.csv", file="imports/x.csv", created_by=officer)
    client.force_login(alice)
    assert client.get(UPLOAD_URL).status_code == 404
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.post(reverse("catalog_import:run", args=[job.pk])).status_code == 404


def test_it_previews_what_will_change_without_writing_anything(officer_client):
    response = upload_sample(officer_client)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()

    html = officer_client.get(job.get_absolute_url()).content.decode()
    assert "2 รายการจะสร้างใหม่" in html
    assert "ชุมชนผ้าทอหาดเสี้ยว" in html
    assert not Community.objects.exists()


def test_it_runs_the_import_once_confirmed(officer_client, officer):
    upload_sample(officer_client)
    job = ImportJob.objects.get()
    response = confirm(officer_client, job)

    job.refresh_from_db()
    assert (job.status, job.created_count, job.progress) == (ImportStatus.DONE, 2, 100)
    assert Community.objects.count() == 2
    assert "นำเข้าเสร็จแล้ว" in response.content.decode()
    assert AuditEntry.objects.filter(actor=officer, action="catalog.import").exists()
    assert AuditEntry.objects.filter(actor=officer, action="community.create").count() == 2


def test_it_lists_every_problem_with_its_row_and_column_and_refuses_to_import(
    officer_client,
):
    content = (DATA / "communities.csv").read_text().replace("Mueang Sukhothai", "Mueang Sukhotai").encode()
    upload(officer_client, "communities.csv", content)
    job = ImportJob.objects.get()
    html = officer_client.get(job.get_absolute_url()).content.decode()
    assert "<td>3</td><td><code>district</code></td>" in html
    assert "Mueang Sukhothai" in html  # the suggestion

    response = confirm(officer_client, job)
    assert "แก้ไขไฟล์แล้วอัปโหลดใหม่" in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEW
    assert not Community.objects.exists()


def test_it_imports_only_the_valid_rows_when_asked(officer_client):
    content = (DATA / "communities.csv").read_text().replace("Mueang Sukhothai", "Mueang Sukhotai").encode()
    upload(officer_client, "communities.csv", content)
    job = ImportJob.objects.get()
    confirm(officer_client, job, skip_invalid="on")
    job.refresh_from_db()
    assert (job.status, job.created_count, job.skipped_count) == (ImportStatus.DONE, 1, 1)
    assert list(Community.objects.values_list("external_id", flat=True)) == ["skt-01"]


def test_it_publishes_listings_as_the_officer(officer_client, officer):
    import_apply(plan_file(kind="communities", name="c.csv", data=(DATA / "communities.csv").read_bytes()), by=None)
    upload_sample(officer_client, kind="listings", publish="on")
    job = ImportJob.objects.get()
    assert job.publish
    confirm(officer_client, job)
    assert set(Listing.objects.values_list("status", flat=True)) == {Status.PUBLISHED}
    assert AuditEntry.objects.filter(actor=officer, action="listing.publish").count() == 3


def test_it_says_plainly_when_the_file_cannot_be_read(officer_client):
    upload(officer_client, "listings.csv", "external_id,title_th\na,ผ้า\n".encode("cp874"), kind="listings")
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    html = officer_client.get(job.get_absolute_url()).content.decode()
    assert "UTF-8" in html
    assert "catalog_import:run" not in html and 'action="/staff/import/' not in html


@pytest.mark.parametrize(
    ("name", "expected"),
    [("old.xls", "xls"), ("photo.jpg", ".xlsx, .csv")],
)
def test_it_refuses_other_file_types(officer_client, name, expected):
    response = upload(officer_client, name, b"data")
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert not ImportJob.objects.exists()


def test_it_refuses_files_that_are_too_large(officer_client, monkeypatch):
    monkeypatch.setattr("chumchon.catalog.imports.forms.MAX_UPLOAD_BYTES", 100)
    response = upload_sample(officer_client)
    assert "20" not in response.content.decode() or not ImportJob.objects.exists()
    assert not ImportJob.objects.exists()


def test_it_shows_a_progress_bar_while_the_import_runs(officer_client, officer):
    job = ImportJob.objects.create(
        kind="listings", original_name="big.csv", file="imports/big.csv", created_by=officer, status="running"
    )
    job.progress = 40
    ImportJob.objects.filter(pk=job.pk).update(progress=40)
    html = officer_client.get(job.get_absolute_url()).content.decode()
    assert '<progress id="import-progress-bar" max="100" value="40">40%</progress>' in html
    assert 'hx-trigger="every 1s"' in html
    assert "htmx" in html  # the script, served by the site itself
    assert f'href="{job.get_absolute_url()}"' in html  # a refresh link without JavaScript

    partial = officer_client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert partial.strip().startswith('<div id="import-progress"')
    assert "<html" not in partial


def test_it_reloads_the_page_when_the_import_is_over(officer_client, officer):
    job = ImportJob.objects.create(
        kind="listings", original_name="x.csv", file="imports/x.csv", created_by=officer, status="done"
    )
    response = officer_client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert response.headers["HX-Refresh"] == "true"


def test_it_speaks_english_under_en(officer_client):
    upload_sample(officer_client)
    job = ImportJob.objects.get()
    html = officer_client.get("/en" + job.get_absolute_url()).content.decode()
    assert "2 to create" in html


def test_it_does_not_run_an_import_twice(officer_client):
    upload_sample(officer_client)
    job = ImportJob.objects.get()
    confirm(officer_client, job)
    response = confirm(officer_client, job)
    assert "เริ่มนำเข้าไปแล้ว" in response.content.decode()
    assert Community.objects.count() == 2


def test_it_lists_imports_in_the_admin(rf, admin_user, officer):
    from django.contrib import admin

    import chumchon.catalog.imports.admin  # noqa: F401 (admin.py loads it once the lead wires it)

    ImportJob.objects.create(kind="listings", original_name="สินค้า.xlsx", file="imports/x.xlsx", created_by=officer)
    request = rf.get("/admin/catalog/importjob/")
    request.user = admin_user
    response = admin.site._registry[ImportJob].changelist_view(request)
    assert isinstance(response, TemplateResponse)
    assert "สินค้า.xlsx" in response.rendered_content
