"""Category labels of a listings file that the tree does not name: resolved in one step for every
row with the label (web preview or command line), never failing the whole import."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse

from chumchon.catalog.imports import services
from chumchon.catalog.imports.labels import CREATE_CATEGORY
from chumchon.catalog.models import Category, ImportJob, ImportStatus, Listing
from chumchon.catalog.tests.test_import_views import confirm, officer_client, upload  # noqa: F401

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "listings-everyday-labels.csv"  # 31 rows: 28 everyday labels, "lamps" twice, "pet goods" once


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def communities(db):
    call_command("import_communities", str(DATA / "communities.csv"), stdout=io.StringIO())


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_listings", str(SAMPLE), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def category_of(external_id: str) -> str:
    category = Listing.objects.select_related("category").get(external_id=external_id).category
    assert category is not None
    return category.slug


def test_it_imports_everyday_labels_without_any_mapping(communities):
    out, err = run("--skip-invalid", "--language", "en")
    assert "created 28" in out and "skipped 3" in out
    assert category_of("ev-001") == "metalwork-jewellery"  # jewelry
    assert category_of("ev-002") == "metalwork-jewellery"  # Jewellery
    assert category_of("ev-003") == "trips"  # tour
    assert category_of("ev-009") == "herbal"  # beauty
    assert category_of("ev-013") == "household-souvenirs"  # souvenir
    assert category_of("ev-019") == "wood-bamboo"  # woodcraft
    assert category_of("ev-021") == "nature"  # camping
    assert category_of("ev-027") == "household-souvenirs"  # ของฝาก
    assert 'Category "lamps" (2 row(s)) names no category: add --map-category "lamps=SLUG"' in err


def test_it_says_in_thai_what_to_do_with_a_label_that_names_no_category(communities):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_listings", str(SAMPLE), stdout=io.StringIO(), stderr=err)
    assert 'หมวดหมู่ "lamps" (2 แถว) ไม่ตรงกับหมวดหมู่ใด' in err.getvalue()
    assert not Listing.objects.exists()


def test_it_maps_labels_and_creates_categories_from_the_command_line(communities):
    out, _err = run("--map-category", "Lamps=household-souvenirs", "--create-categories", "--language", "en")
    assert out.strip() == "created 31, updated 0, unchanged 0"
    assert category_of("ev-029") == category_of("ev-030") == "household-souvenirs"
    pets = Category.objects.get(name_th="pet goods")
    assert category_of("ev-031") == pets.slug == "pet-goods" and pets.aliases == ["pet goods"]
    out, _err = run("--map-category", "Lamps=household-souvenirs", "--language", "en")
    assert out.strip() == "created 0, updated 0, unchanged 31"  # the created category now matches by itself


def test_it_refuses_a_mapping_to_a_category_that_does_not_exist(communities):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_listings", str(SAMPLE), "--map-category", "lamps=lampz", "--create-categories",
            "--language", "en", stdout=io.StringIO(), stderr=err,
        )  # fmt: skip
    assert 'row 30, category: the category chosen for "lamps" (lampz) does not exist' in err.getvalue()


def test_it_lists_each_unknown_label_once_and_imports_after_one_choice(officer_client, communities):  # noqa: F811
    upload(officer_client, "listings.csv", SAMPLE.read_bytes(), kind="listings")
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.PREVIEW
    assert [(item["label"], item["rows"]) for item in job.unknown_categories] == [("lamps", 2), ("pet goods", 1)]
    html = officer_client.get(job.get_absolute_url()).content.decode()
    assert "หมวดหมู่ที่ต้องเลือก" in html and html.count("<strong>lamps</strong>") == 1 and "2 แถว" in html
    assert "สร้างหมวดหมู่ “pet goods”" in html
    assert 'no category "lamps"' not in html and 'ไม่มีหมวดหมู่ "lamps"' not in html  # not once per row

    officer_client.post(
        reverse("catalog_import:categories", args=[job.pk]),
        {"label_0": "household-souvenirs", "label_1": CREATE_CATEGORY},
    )
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEW and job.errors == [] and job.unknown_categories == []
    assert job.created_count == 31
    assert not Category.objects.filter(name_th="pet goods").exists()  # created by the import, not before

    html = confirm(officer_client, job).content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.created_count == 31
    assert category_of("ev-030") == "household-souvenirs"
    assert category_of("ev-031") == Category.objects.get(name_th="pet goods").slug


def test_it_speaks_english_on_the_english_page(officer_client, communities):  # noqa: F811
    upload(officer_client, "listings.csv", SAMPLE.read_bytes(), kind="listings")
    job = ImportJob.objects.get()
    html = officer_client.get(f"/en{job.get_absolute_url()}").content.decode()
    assert "Categories to choose" in html and "Create the category “lamps”" in html and "2 rows" in html


def test_only_officers_choose_or_create_categories(client, alice, officer, communities):
    job = services.import_job_create(by=officer, kind="listings", upload=_upload(SAMPLE.read_bytes()))
    client.force_login(alice)
    response = client.post(reverse("catalog_import:categories", args=[job.pk]), {"label_0": CREATE_CATEGORY})
    assert response.status_code == 404
    job.refresh_from_db()
    job.status = ImportStatus.PREVIEW
    job.unknown_categories = [{"label": "lamps", "rows": 2, "row_numbers": [30, 31], "suggestion": ""}]
    job.save()
    with pytest.raises(PermissionDenied):
        services.import_job_choose_categories(job=job, by=alice, choices={"lamps": CREATE_CATEGORY})
    from chumchon.catalog import services as catalog_services

    with pytest.raises(PermissionDenied):
        catalog_services.category_create(name="lamps", by=alice)
    assert not Category.objects.filter(name_th="lamps").exists()


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("listings.csv", data)
