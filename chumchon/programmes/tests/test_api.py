import datetime as dt

import pytest
from rest_framework.test import APIClient

from chumchon.programmes import services
from chumchon.programmes.models import ActionStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(officer):
    mou = services.mou_create(by=officer, title="MOU", parties=["อพท.", "สศส."], signed_on=dt.date(2024, 10, 1))
    return services.meeting_create(by=officer, mou=mou, held_on=dt.date(2025, 10, 1), title="ประชุมทบทวน")


def test_it_reads_the_programme_without_owners_addresses(meeting, officer):
    services.action_item_create(
        by=officer, meeting=meeting, title="ส่งรายงาน", owner=officer, due_on=dt.date(2030, 1, 1)
    )
    client = APIClient()
    client.force_authenticate(officer)  # the programme is the officers' (test_permissions.py)
    item = client.get("/api/v1/programme/action-items/").json()["results"][0]
    assert item["owner_name"] == "Officer"
    assert "officer@example.com" not in str(item)
    mou = client.get("/api/v1/programme/mous/").json()["results"][0]
    assert mou["ends_on"] == "2028-09-30"
    assert mou["parties"] == ["อพท.", "สศส."]


def test_it_lets_officers_add_items_and_owners_close_them(meeting, officer, alice, charlie):
    client = APIClient()
    client.force_authenticate(alice)
    payload = {"meeting": meeting.pk, "title": "ส่งรายงาน", "owner": "alice@example.com", "due_on": "2020-01-01"}
    assert client.post("/api/v1/programme/action-items/", payload, format="json").status_code == 403
    client.force_authenticate(officer)
    created = client.post("/api/v1/programme/action-items/", payload, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["is_overdue"] is True
    item_id = created.json()["id"]
    client.force_authenticate(charlie)
    assert client.post(f"/api/v1/programme/action-items/{item_id}/done/").status_code == 404
    client.force_authenticate(alice)
    done = client.post(f"/api/v1/programme/action-items/{item_id}/done/")
    assert done.json()["status"] == ActionStatus.DONE


def test_it_lets_officers_record_an_mou_and_a_review_meeting(officer, alice):
    from chumchon.places.models import CreativeCity, Province

    CreativeCity.objects.get_or_create(
        slug="nan", defaults={"name_th": "น่าน", "province": Province.objects.get(name_th="น่าน"), "field": "crafts_folk_art",
                              "status": "candidate", "target_fiscal_year": 2564}
    )  # fmt: skip
    client = APIClient()
    mou = {
        "title": "MOU กับ สศส.",
        "parties": ["อพท.", "สศส."],
        "signed_on": "2024-10-01",
        "duration_years": 4,
        "cities": ["nan"],
    }
    client.force_authenticate(alice)
    assert client.post("/api/v1/programme/mous/", mou, format="json").status_code == 403
    client.force_authenticate(officer)
    response = client.post("/api/v1/programme/mous/", mou, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["ends_on"] == "2028-09-30" and response.json()["parties"] == ["อพท.", "สศส."]
    meeting = {
        "mou": response.json()["id"],
        "held_on": "2026-10-15",
        "title": "ประชุมทบทวนประจำปี",
        "attendees": ["อพท.", "สศส."],
    }
    response = client.post("/api/v1/programme/meetings/", meeting, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["attendees"] == ["อพท.", "สศส."]
    assert client.post("/api/v1/programme/mous/", {**mou, "duration_years": 0}, format="json").status_code == 400


@pytest.fixture
def nan(db):
    from chumchon.places.models import CreativeCity, Province

    return CreativeCity.objects.create(
        slug="nan", name_th="น่าน", province=Province.objects.get(name_th="น่าน"), field="crafts_folk_art",
        status="candidate", target_fiscal_year=2564,
    )  # fmt: skip


def test_it_gives_the_next_yearly_review_and_lets_officers_correct_an_mou(meeting, officer, alice):
    client = APIClient()
    client.force_authenticate(officer)
    url = f"/api/v1/programme/mous/{meeting.mou.pk}/"
    mou = client.get(url).json()
    assert (mou["next_review_number"], mou["next_review_due_on"]) == (1, "2025-10-01")
    response = client.patch(f"/api/v1/programme/meetings/{meeting.pk}/", {"review_number": 1}, format="json")
    assert response.status_code == 200, response.json()
    assert client.get(url).json()["next_review_due_on"] == "2026-10-01"
    assert client.patch(url, {"duration_years": 5}, format="json").json()["ends_on"] == "2029-09-30"
    client.force_authenticate(alice)
    assert client.patch(url, {"duration_years": 1}, format="json").status_code == 403
    assert client.patch(f"/api/v1/programme/meetings/{meeting.pk}/", {"minutes": "x"}, format="json").status_code == 403


def test_it_lets_officers_change_an_item_but_not_its_owner(meeting, officer, alice):
    item = services.action_item_create(by=officer, meeting=meeting, title="ส่ง", owner=alice, due_on=dt.date(2030, 1, 1))
    client = APIClient()
    client.force_authenticate(alice)
    url = f"/api/v1/programme/action-items/{item.pk}/"
    assert client.get(url).status_code == 200
    assert client.patch(url, {"due_on": "2031-01-01"}, format="json").status_code == 403
    client.force_authenticate(officer)
    response = client.patch(url, {"due_on": "2031-01-01", "status": "done"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "done" and response.json()["done_on"]


def test_it_lets_anyone_read_readiness_and_city_paths_and_officers_write_them(officer, alice, nan):
    client = APIClient()
    client.force_authenticate(officer)
    created = client.post(
        "/api/v1/programme/readiness/",
        {"city": "nan", "criterion": "แผน 4 ปี", "owner": "alice@example.com"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    readiness_url = f"/api/v1/programme/readiness/{created.json()['id']}/"
    assert client.patch(readiness_url, {"status": "met"}, format="json").json()["status"] == "met"
    step = {"city": "nan", "stage": "designated", "on": "2027-11-08", "field": "crafts_folk_art"}
    response = client.post("/api/v1/programme/city-path/", step, format="json")
    assert response.status_code == 201, response.json()
    nan.refresh_from_db()
    assert (nan.status, nan.member_since) == ("member", 2027)
    client.force_authenticate(alice)  # the owner of a criterion is not an officer: reads, without names
    criterion = client.get(readiness_url).json()
    assert criterion["criterion"] == "แผน 4 ปี" and criterion["owner_name"] is None
    assert [s["stage"] for s in client.get("/api/v1/programme/city-path/").json()["results"]] == ["designated"]
    assert client.post("/api/v1/programme/city-path/", step, format="json").status_code == 403
    assert (
        client.post("/api/v1/programme/readiness/", {"city": "nan", "criterion": "x"}, format="json").status_code == 403
    )
    assert client.patch(readiness_url, {"status": "not_started"}, format="json").status_code == 403
    client.force_authenticate(None)
    assert client.get("/api/v1/programme/readiness/").json()["results"][0]["status"] == "met"
    city = client.get("/api/v1/programme/cities/nan/").json()
    assert (city["stage"], city["target_passed"], city["path"][0]["field"]) == ("designated", False, "crafts_folk_art")


@pytest.fixture
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def body(response):
    return b"".join(response.streaming_content)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_it_takes_evidence_and_mou_documents_as_uploads_and_keeps_them_private(
    private_media, meeting, officer, alice, charlie
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = services.action_item_create(by=officer, meeting=meeting, title="ส่ง", owner=alice, due_on=dt.date(2030, 1, 1))
    other = services.action_item_create(
        by=officer, meeting=meeting, title="อื่น", owner=charlie, due_on=dt.date(2030, 1, 1)
    )
    client = APIClient()
    client.force_authenticate(officer)
    not_pdf = SimpleUploadedFile("evidence.pdf", b"GIF89a not a pdf", content_type="application/pdf")
    refused = client.post(f"/api/v1/programme/action-items/{item.pk}/evidence/", {"file": not_pdf}, format="multipart")
    assert refused.status_code == 400 and "PDF" in str(refused.json())
    upload = SimpleUploadedFile("evidence.pdf", PDF, content_type="application/pdf")
    response = client.post(f"/api/v1/programme/action-items/{item.pk}/evidence/", {"file": upload}, format="multipart")
    assert response.status_code == 200, response.json()
    assert response.json()["has_evidence"] is True
    document = SimpleUploadedFile("mou.pdf", PDF, content_type="application/pdf")
    response = client.post(f"/api/v1/programme/mous/{meeting.mou.pk}/document/", {"file": document}, format="multipart")
    assert response.json()["has_document"] is True
    assert body(client.get(f"/api/v1/programme/mous/{meeting.mou.pk}/document/")) == PDF

    client.force_authenticate(alice)  # the owner gets her evidence, not the MOU nor someone else's file
    assert body(client.get(f"/api/v1/programme/action-items/{item.pk}/evidence/")) == PDF
    assert client.get(f"/api/v1/programme/mous/{meeting.mou.pk}/document/").status_code == 404
    assert (
        client.post(
            f"/api/v1/programme/action-items/{item.pk}/evidence/", {"file": upload}, format="multipart"
        ).status_code
        == 403
    )
    client.force_authenticate(charlie)
    assert client.get(f"/api/v1/programme/action-items/{item.pk}/evidence/").status_code == 404
    assert client.get(f"/api/v1/programme/action-items/{other.pk}/evidence/").status_code == 404  # his, but none
    client.force_authenticate(None)
    assert client.get(f"/api/v1/programme/action-items/{item.pk}/evidence/").status_code == 404
    assert client.get(f"/api/v1/programme/action-items/{item.pk}/").json()["has_evidence"] is True


def test_it_lets_the_owner_close_an_item_with_evidence(private_media, meeting, officer, alice):
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = services.action_item_create(by=officer, meeting=meeting, title="ส่ง", owner=alice, due_on=dt.date(2030, 1, 1))
    client = APIClient()
    client.force_authenticate(alice)
    upload = SimpleUploadedFile("proof.pdf", PDF, content_type="application/pdf")
    response = client.post(f"/api/v1/programme/action-items/{item.pk}/done/", {"evidence": upload}, format="multipart")
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["has_evidence"]) == ("done", True)
    assert response.json()["owner_name"] is None  # names are the officers'
