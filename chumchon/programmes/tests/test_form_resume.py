"""An officer whose session expired while she typed minutes, an action item or an MOU finds it again
after signing in (issue 22); files are not kept and she is told so."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chumchon.core.tests.form_resume import FILES_NOTE, send_after_expiry
from chumchon.places.models import CreativeCity, Province
from chumchon.programmes import services
from chumchon.programmes.models import ActionItem, Mou, ReviewMeeting

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"
MINUTES = "ที่ประชุมรับทราบผลการดำเนินงานปีแรก และมอบหมายให้จังหวัดส่งแผนภายในเดือนมีนาคม"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def mou(officer):
    nan = CreativeCity.objects.create(
        slug="nan", name_th="น่าน", name_en="Nan", province=Province.objects.get(name_en="Nan"),
        field="crafts_folk_art", status="candidate", target_fiscal_year=2564,
    )  # fmt: skip
    return services.mou_create(
        by=officer, title="MOU อพท.–สศส.", parties=["อพท.", "สศส."], signed_on=dt.date(2023, 10, 1), cities=[nan]
    )


@pytest.fixture
def meeting(officer, mou):
    return services.review_meeting_create(by=officer, mou=mou, held_on=dt.date(2024, 10, 3), title="ทบทวนปีที่ 1")


def test_new_minutes_keep_what_was_typed(client, officer, mou):
    page = f"/programme/mou/{mou.pk}/meetings/new/"
    typed = {"review_number": "1", "held_on": "2024-10-03", "title": "ทบทวนปีที่ 1", "attendees": "ก\nข",
             "minutes": MINUTES, "decisions": "ส่งแผนภายในมีนาคม"}  # fmt: skip
    html = send_after_expiry(client, officer, page=page, action=page, data=typed)
    assert MINUTES in html and "ส่งแผนภายในมีนาคม" in html
    assert not ReviewMeeting.objects.exists()  # filled in, not saved: she checks it and saves it herself


def test_edited_minutes_keep_what_was_typed(client, officer, meeting):
    page = f"/programme/meetings/{meeting.pk}/edit/"
    typed = {"held_on": "2024-10-03", "title": "ทบทวนปีที่ 1", "minutes": MINUTES}
    html = send_after_expiry(client, officer, page=page, action=page, data=typed)
    assert MINUTES in html
    meeting.refresh_from_db()
    assert meeting.minutes == ""


def test_a_new_action_item_keeps_what_was_typed(client, officer, alice, meeting):
    page = f"/programme/meetings/{meeting.pk}/actions/new/"
    typed = {"title": "ส่งแผนพัฒนาเมืองสร้างสรรค์ฉบับปรับปรุง", "owner": alice.email, "due_on": "2030-01-01"}
    html = send_after_expiry(client, officer, page=page, action=page, data=typed)
    assert 'value="ส่งแผนพัฒนาเมืองสร้างสรรค์ฉบับปรับปรุง"' in html and f'value="{alice.email}"' in html
    assert not ActionItem.objects.exists()


def test_an_action_items_evidence_is_not_kept_and_she_is_told(client, officer, alice, meeting):
    item = services.action_item_create(
        by=officer, meeting=meeting, title="ส่งแผน", owner=alice, due_on=dt.date(2030, 1, 1)
    )
    page = f"/programme/actions/{item.pk}/edit/"
    typed = {"title": "ส่งแผนฉบับสมบูรณ์", "owner": alice.email, "due_on": "2030-01-01", "status": "done",
             "evidence": SimpleUploadedFile("e.pdf", PDF, "application/pdf")}  # fmt: skip
    html = send_after_expiry(client, officer, page=page, action=page, data=typed)
    assert 'value="ส่งแผนฉบับสมบูรณ์"' in html and FILES_NOTE in html
    item.refresh_from_db()
    assert (item.title, item.status, bool(item.evidence)) == ("ส่งแผน", "open", False)


def test_a_new_mou_keeps_what_was_typed_but_not_its_document(client, officer):
    page = "/programme/mou/new/"
    typed = {"title": "MOU ความร่วมมือเมืองสร้างสรรค์ภาคเหนือ", "parties": "อพท.\nสศส.", "signed_on": "2024-01-05",
             "duration_years": "3", "document": SimpleUploadedFile("mou.pdf", PDF, "application/pdf")}  # fmt: skip
    html = send_after_expiry(client, officer, page=page, action=page, data=typed)
    assert 'value="MOU ความร่วมมือเมืองสร้างสรรค์ภาคเหนือ"' in html and FILES_NOTE in html
    assert not Mou.objects.exists()
