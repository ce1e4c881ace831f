"""The officers' programme pages: MOUs, yearly reviews, meetings, action items, readiness, a city's path."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chumchon.accounts.models import AuditEntry
from chumchon.places.models import CreativeCity, Province
from chumchon.programmes import selectors, services
from chumchon.programmes.models import ActionStatus, CityStage, Mou, ReviewState

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def nan(db):
    return CreativeCity.objects.create(
        slug="nan",
        name_th="น่าน",
        name_en="Nan",
        province=Province.objects.get(name_en="Nan"),
        field="crafts_folk_art",
        status="candidate",
        target_fiscal_year=2564,
    )


@pytest.fixture
def mou(officer, nan):
    return services.mou_create(
        by=officer, title="MOU อพท.–สศส.", parties=["อพท.", "สศส."], signed_on=dt.date(2023, 10, 1), cities=[nan]
    )


# --- yearly reviews: due n years after signing, overdue once the day passed, "due" within the fiscal year


def test_it_computes_the_next_yearly_review_from_the_mou(mou, officer):
    review = mou.next_review()
    assert (review.number, review.due_on) == (1, dt.date(2024, 10, 1))
    services.review_meeting_create(by=officer, mou=mou, held_on=dt.date(2024, 10, 3), title="ทบทวน 1", review_number=1)
    mou = Mou.objects.prefetch_related("meetings").get(pk=mou.pk)
    assert (mou.next_review().number, mou.next_review().due_on) == (2, dt.date(2025, 10, 1))


def test_it_says_a_review_is_due_within_the_fiscal_year_october_to_september(mou):
    review = mou.next_review()  # due 1 Oct 2024: the first day of fiscal year 2568
    assert review.state(dt.date(2024, 9, 30)) == ReviewState.UPCOMING  # still fiscal year 2567
    assert review.state(dt.date(2024, 10, 1)) == ReviewState.DUE
    assert review.state(dt.date(2024, 10, 2)) == ReviewState.OVERDUE
    late_in_year = services.mou_create(
        by=mou.coordinator, title="x", parties=["a"], signed_on=dt.date(2024, 9, 15), duration_years=1
    ).next_review()  # due 15 Sep 2025, fiscal year 2568
    assert late_in_year is not None
    assert late_in_year.state(dt.date(2024, 10, 1)) == ReviewState.DUE
    assert late_in_year.state(dt.date(2024, 9, 30)) == ReviewState.UPCOMING


def test_it_refuses_a_review_number_beyond_the_mou_and_a_second_meeting_for_one_review(mou, officer):
    with pytest.raises(ValidationError, match="1 ถึง 4"):
        services.review_meeting_create(by=officer, mou=mou, held_on=dt.date(2024, 10, 3), title="x", review_number=5)
    services.review_meeting_create(by=officer, mou=mou, held_on=dt.date(2024, 10, 3), title="x", review_number=1)
    with pytest.raises(ValidationError, match="บันทึกการประชุมสำหรับการทบทวนประจำปีครั้งนี้แล้ว"):
        services.review_meeting_create(by=officer, mou=mou, held_on=dt.date(2024, 10, 9), title="y", review_number=1)


def test_it_highlights_an_overdue_review_on_the_programme_page(client, officer, mou):
    client.force_login(officer)
    page = client.get("/en/programme/").content.decode()
    assert "Yearly review 1: MOU อพท.–สศส." in page
    assert "badge-overdue" in page.split("Yearly review 1")[1].split("</li>")[0]


def test_it_reminds_the_coordinator_of_an_overdue_review_once_a_day(mou, officer, django_capture_on_commit_callbacks):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        assert services.mou_reviews_remind_overdue(today=dt.date(2024, 10, 2)) == 1
        assert services.mou_reviews_remind_overdue(today=dt.date(2024, 10, 2)) == 0
    assert [m.to for m in mail.outbox] == [[officer.email]]
    assert "“MOU อพท.–สศส.”" in mail.outbox[0].body and "1 ต.ค. 2567" in mail.outbox[0].body
    assert services.mou_reviews_remind_overdue(today=dt.date(2024, 10, 1)) == 0  # due that day, not overdue


# --- pages: officers only; forms keep what was typed and show errors on the field


@pytest.mark.parametrize(
    "url",
    ["/programme/mou/new/", "/programme/cities/nan/path/new/", "/programme/cities/nan/readiness/new/"],
)
def test_it_keeps_the_forms_to_officers(client, alice, nan, url):
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(alice)
    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "x"}).status_code == 404


def test_it_keeps_the_mou_and_meeting_forms_to_officers(client, alice, mou, officer):
    meeting = services.review_meeting_create(by=officer, mou=mou, held_on=dt.date(2024, 10, 3), title="x")
    client.force_login(alice)
    for url in (f"/programme/mou/{mou.pk}/edit/", f"/programme/mou/{mou.pk}/meetings/new/",
                f"/programme/meetings/{meeting.pk}/edit/", f"/programme/meetings/{meeting.pk}/actions/new/"):  # fmt: skip
        assert client.get(url).status_code == 404, url


def test_an_officer_creates_an_mou_with_its_document(client, officer, nan):
    client.force_login(officer)
    response = client.post(
        "/programme/mou/new/",
        {
            "title": "MOU สศส.",
            "parties": "อพท.\nสำนักงานส่งเสริมเศรษฐกิจสร้างสรรค์\n",
            "signed_on": "2025-10-01",
            "duration_years": "4",
            "cities": [nan.pk],
            "coordinator": officer.pk,
            "document": SimpleUploadedFile("mou.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    mou = Mou.objects.get()
    assert mou.party_list == ["อพท.", "สำนักงานส่งเสริมเศรษฐกิจสร้างสรรค์"] and mou.document
    assert AuditEntry.objects.filter(action="programmes.mou_create").exists()
    assert client.get(f"/programme/mou/{mou.pk}/document/").status_code == 200


def test_the_mou_form_keeps_what_was_typed_and_shows_the_error_in_thai(client, officer):
    client.force_login(officer)
    response = client.post(
        "/programme/mou/new/",
        {
            "title": "MOU ที่พิมพ์ไว้",
            "parties": "อพท.",
            "signed_on": "2025-10-01",
            "duration_years": "4",
            "document": SimpleUploadedFile("mou.pdf", b"<html>", "application/pdf"),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and not Mou.objects.exists()
    assert 'value="MOU ที่พิมพ์ไว้"' in page
    # The error stands on the document field, just before its input.
    error = page.index("ไฟล์นี้ไม่ใช่เอกสาร PDF")
    assert page.index('name="duration_years"') < error < page.index('name="document"')


def test_an_officer_edits_an_mou(client, officer, mou):
    client.force_login(officer)
    data = {"title": "MOU แก้ไข", "parties": "อพท.\nสศส.\nจังหวัดน่าน", "signed_on": "2023-10-01",
            "duration_years": "5", "coordinator": officer.pk}  # fmt: skip
    assert client.post(f"/programme/mou/{mou.pk}/edit/", data).status_code == 302
    mou.refresh_from_db()
    assert (mou.title, mou.duration_years, len(mou.party_list)) == ("MOU แก้ไข", 5, 3)
    assert AuditEntry.objects.filter(action="programmes.mou_update").exists()


def test_an_officer_records_the_yearly_review_then_items_and_closes_one_with_evidence(client, officer, alice, mou):
    client.force_login(officer)
    form = client.get(f"/programme/mou/{mou.pk}/meetings/new/").content.decode()
    assert '<option value="1" selected>' in form  # the review that is due
    response = client.post(
        f"/programme/mou/{mou.pk}/meetings/new/",
        {"review_number": "1", "held_on": "2024-10-03", "title": "ทบทวนปีที่ 1", "attendees": "ก\nข",
         "minutes": "ที่ประชุมรับทราบ", "decisions": ""},
    )  # fmt: skip
    meeting = mou.meetings.get()
    assert response["Location"] == meeting.get_absolute_url()
    for title in ("ส่งแผน", "จัดเวที"):
        data = {"title": title, "owner": alice.email, "due_on": "2030-01-01", "city": ""}
        assert client.post(f"/programme/meetings/{meeting.pk}/actions/new/", data).status_code == 302
    item = meeting.action_items.get(title="ส่งแผน")
    response = client.post(
        f"/programme/actions/{item.pk}/edit/",
        {"title": "ส่งแผน", "owner": alice.email, "due_on": "2030-01-01", "status": "done",
         "evidence": SimpleUploadedFile("e.pdf", PDF, "application/pdf")},
    )  # fmt: skip
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ActionStatus.DONE and item.done_on == timezone.localdate() and item.evidence
    client.force_login(alice)  # the owner downloads the evidence of her item
    assert client.get(f"/programme/actions/{item.pk}/evidence/").status_code == 200


def test_the_action_form_names_an_unknown_owner_on_the_field(client, officer, mou):
    meeting = services.review_meeting_create(by=officer, mou=mou, held_on=dt.date(2024, 10, 3), title="x")
    client.force_login(officer)
    response = client.post(
        f"/programme/meetings/{meeting.pk}/actions/new/",
        {"title": "งานที่พิมพ์ไว้", "owner": "nobody@example.com", "due_on": "2030-01-01"},
    )
    page = response.content.decode()
    assert "ไม่มีบัญชีที่ใช้งานอยู่ที่ใช้อีเมลนี้" in page and 'value="งานที่พิมพ์ไว้"' in page


def test_the_owner_closes_an_item_with_evidence_and_others_cannot_see_it(client, officer, alice, charlie, mou):
    meeting = services.review_meeting_create(by=officer, mou=mou, held_on=dt.date(2024, 10, 3), title="x")
    item = services.action_item_create(by=officer, meeting=meeting, title="ส่ง", owner=alice, due_on=dt.date(2030, 1, 1))
    client.force_login(alice)
    client.post(f"/programme/actions/{item.pk}/done/", {"evidence": SimpleUploadedFile("e.pdf", PDF)})
    item.refresh_from_db()
    assert item.status == ActionStatus.DONE and item.evidence
    client.force_login(charlie)
    assert client.get(f"/programme/actions/{item.pk}/evidence/").status_code == 404
    assert client.get(f"/programme/actions/{item.pk}/edit/").status_code == 404


def test_an_officer_keeps_a_readiness_checklist(client, officer, alice, nan):
    client.force_login(officer)
    data = {"criterion": "แผนปฏิบัติการ 4 ปี", "owner": alice.email, "status": "in_progress",
            "evidence": SimpleUploadedFile("e.pdf", PDF)}  # fmt: skip
    assert client.post("/programme/cities/nan/readiness/new/", data).status_code == 302
    item = nan.readiness_items.get()
    assert item.owner == alice and item.evidence
    data = {"criterion": "แผนปฏิบัติการ 4 ปี", "owner": "", "status": "met"}
    assert client.post(f"/programme/readiness/{item.pk}/edit/", data).status_code == 302
    item.refresh_from_db()
    assert item.status == "met" and item.owner is None and item.evidence
    assert AuditEntry.objects.filter(action="programmes.readiness_create").exists()


# --- a city's path; a passed target year without an outcome is flagged


def test_it_flags_a_candidate_whose_target_year_passed_without_an_outcome(nan):
    assert selectors.city_path(nan, dt.date(2021, 9, 30)).target_passed is False  # last day of FY 2564
    assert selectors.city_path(nan, dt.date(2021, 10, 1)).target_passed is True  # FY 2565


def test_it_shows_the_flag_on_the_city_and_programme_pages(client, officer, nan):
    client.force_login(officer)
    assert "เลยปีเป้าหมายแล้วโดยยังไม่มีผล" in client.get("/programme/cities/nan/").content.decode()
    page = client.get("/programme/").content.decode()
    assert "เลยปีเป้าหมายแล้วโดยยังไม่มีผล" in page and "ปีงบประมาณ 2564" in page


def test_an_outcome_or_a_new_target_clears_the_flag(client, officer, nan):
    client.force_login(officer)
    response = client.post("/programme/cities/nan/path/new/", {"stage": "submitted", "on": "2021-06-01"})
    assert response.status_code == 302
    assert selectors.city_path(CreativeCity.objects.get(pk=nan.pk)).target_passed is True
    client.post(
        "/programme/cities/nan/path/new/", {"stage": "not_designated", "on": "2021-11-01", "notes": "ยูเนสโกแจ้ง"}
    )
    nan = CreativeCity.objects.get(pk=nan.pk)
    path = selectors.city_path(nan)
    assert path.stage == CityStage.NOT_DESIGNATED and not path.target_passed
    page = client.get("/programme/cities/nan/").content.decode()
    assert "ไม่ได้รับการประกาศ" in page and "1 พ.ย. 2564" in page


def test_a_designation_makes_the_city_a_member(officer, nan):
    services.city_stage_record(by=officer, city=nan, stage=CityStage.DESIGNATED, on=dt.date(2027, 11, 8))
    nan.refresh_from_db()
    assert (nan.status, nan.member_since, nan.field) == ("member", 2027, "crafts_folk_art")
    assert AuditEntry.objects.filter(action="programmes.city_stage").exists()


def test_a_candidate_step_needs_a_target_year_shown_on_the_field(client, officer, nan):
    CreativeCity.objects.filter(pk=nan.pk).update(status="member", member_since=2020, target_fiscal_year=None)
    client.force_login(officer)
    response = client.post("/programme/cities/nan/path/new/", {"stage": "candidate", "on": "2025-01-01"})
    assert "เมืองผู้สมัครต้องมีปีงบประมาณเป้าหมาย" in response.content.decode()


def test_only_officers_write(alice, mou, nan):
    with pytest.raises(ValidationError, match="เฉพาะเจ้าหน้าที่"):
        services.city_stage_record(by=alice, city=nan, stage="submitted", on=dt.date(2025, 1, 1))
    with pytest.raises(ValidationError, match="เฉพาะเจ้าหน้าที่"):
        services.mou_update(mou=mou, by=alice, title="x", parties=["a"], signed_on=mou.signed_on,
                            duration_years=4, cities=[], coordinator=None, document=io.BytesIO(PDF))  # fmt: skip
