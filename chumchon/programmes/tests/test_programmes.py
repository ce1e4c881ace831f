import datetime as dt
import io
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from chumchon.accounts.tests.factories import UserFactory
from chumchon.places.models import CreativeCity
from chumchon.programmes import services
from chumchon.programmes.models import ActionStatus, Mou

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def nan(db):
    from chumchon.places.models import Province

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
def meeting(officer, nan, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    mou = services.mou_create(
        by=officer,
        title="MOU อพท.–สศส.",
        parties=["อพท.", "สำนักงานส่งเสริมเศรษฐกิจสร้างสรรค์"],
        signed_on=dt.date(2023, 10, 1),
        duration_years=4,
        cities=[nan],
        document=io.BytesIO(PDF),
    )
    return services.meeting_create(
        by=officer, mou=mou, held_on=dt.date(2024, 10, 15), title="ประชุมทบทวนประจำปี 2567", attendees=["ก", "ข"]
    )


@pytest.fixture
def overdue(meeting, officer, alice, nan):
    return services.action_item_create(
        by=officer, meeting=meeting, title="ส่งแฟ้มใบสมัครยูเนสโก", owner=alice, due_on=dt.date(2020, 1, 1), city=nan
    )


def test_it_computes_the_end_of_an_mou(meeting):
    assert meeting.mou.ends_on == dt.date(2027, 9, 30)
    leap = Mou(signed_on=dt.date(2024, 2, 29), duration_years=1)
    assert leap.ends_on == dt.date(2025, 2, 27)


def test_it_refuses_a_document_that_is_not_a_pdf(officer):
    with pytest.raises(ValidationError):
        services.mou_create(
            by=officer, title="x", parties=["a"], signed_on=dt.date(2024, 1, 1), document=io.BytesIO(b"<html>")
        )


def test_it_keeps_the_programme_to_officers(client, meeting, charlie):
    client.force_login(charlie)
    assert client.get("/programme/").status_code == 404
    assert client.get(f"/programme/mou/{meeting.mou.pk}/document/").status_code == 404
    assert client.get(f"/programme/meetings/{meeting.pk}/").status_code == 404


def test_it_serves_the_mou_document_to_officers(client, meeting, officer):
    client.force_login(officer)
    response = client.get(f"/programme/mou/{meeting.mou.pk}/document/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_it_highlights_overdue_items(client, overdue, officer):
    client.force_login(officer)
    page = client.get(f"/programme/meetings/{overdue.meeting.pk}/").content.decode()
    assert "ส่งแฟ้มใบสมัครยูเนสโก" in page
    assert 'class="card overdue"' in page
    assert "เลยกำหนด" in page
    assert "30 ก.ย. 2570" in client.get("/programme/").content.decode()


def test_it_lets_the_owner_mark_an_item_done(client, overdue, alice, charlie):
    client.force_login(charlie)
    assert client.post(f"/programme/actions/{overdue.pk}/done/").status_code == 404
    client.force_login(alice)
    client.post(f"/programme/actions/{overdue.pk}/done/")
    overdue.refresh_from_db()
    assert overdue.status == ActionStatus.DONE


def test_it_reminds_owners_once_a_day_in_their_language(
    overdue, meeting, officer, nan, django_capture_on_commit_callbacks
):
    english: Any = UserFactory(email="partner@example.com", name="Partner", language="en")
    services.action_item_create(
        by=officer, meeting=meeting, title="Draft the music plan", owner=english, due_on=dt.date(2021, 5, 1)
    )
    services.action_item_create(
        by=officer, meeting=meeting, title="ยังไม่ถึงกำหนด", owner=overdue.owner, due_on=dt.date(2099, 1, 1)
    )
    # The e-mails leave after the reminders are committed, never from inside the locking transaction.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        call_command("programme_remind_overdue", verbosity=0)
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    # The officer coordinating the MOU hears of its overdue yearly review, in the same run.
    assert len(mail.outbox) == 3
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert "ประชุมทบทวนประจำปีครั้งที่ 1" in by_recipient[officer.email].subject
    thai = by_recipient["alice@example.com"]
    assert thai.subject == "[ชุมชน] งานในโครงการเมืองสร้างสรรค์ที่เลยกำหนด 1 รายการ"
    assert "ส่งแฟ้มใบสมัครยูเนสโก" in thai.body
    assert "ยังไม่ถึงกำหนด" not in thai.body
    assert "1 ม.ค. 2563" in thai.body
    assert "/programme/my-actions/" in thai.body
    english_mail = by_recipient["partner@example.com"]
    assert english_mail.subject == "[Chumchon] 1 overdue programme actions"
    assert "Draft the music plan (due 1 May 2021;" in english_mail.body
    assert "/en/programme/my-actions/" in english_mail.body
    with django_capture_on_commit_callbacks(execute=True):
        call_command("programme_remind_overdue", verbosity=0)
    assert len(mail.outbox) == 3


def test_it_lists_the_reminder_in_the_owners_notifications(client, overdue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("programme_remind_overdue", verbosity=0)
    client.force_login(overdue.owner)
    page = client.get("/inbox/notifications/").content.decode()
    assert "งานในโครงการเมืองสร้างสรรค์ที่เลยกำหนด 1 รายการ" in page
    assert 'href="/programme/my-actions/"' in page


def test_it_shows_a_city_timeline(client, overdue, officer):
    client.force_login(officer)
    page = client.get("/programme/cities/nan/").content.decode()
    assert "ประชุมทบทวนประจำปี 2567" in page
    assert page.index("MOU อพท.–สศส.") < page.index("ประชุมทบทวนประจำปี 2567")
    assert "ส่งแฟ้มใบสมัครยูเนสโก" in page


def test_it_keeps_a_readiness_checklist_with_private_evidence(client, meeting, officer, charlie, nan):
    item = services.readiness_item_create(by=officer, city=nan, criterion="แผนงานสี่ปี")
    client.force_login(officer)
    page = client.get("/programme/cities/nan/").content.decode()
    assert "แผนงานสี่ปี" in page
    evidence = io.BytesIO(PDF)
    evidence.name = "plan.pdf"
    client.post(f"/programme/readiness/{item.pk}/", {"status": "met", "evidence": evidence})
    item.refresh_from_db()
    assert item.status == "met" and item.evidence
    client.force_login(charlie)
    assert client.get(f"/programme/readiness/{item.pk}/evidence/").status_code == 404
    client.force_login(officer)
    response = client.get(f"/programme/readiness/{item.pk}/evidence/")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_it_shows_the_overview_in_a_bounded_number_of_queries(
    client, meeting, officer, alice, django_assert_max_num_queries
):
    for n in range(5):
        services.action_item_create(
            by=officer, meeting=meeting, title=f"งาน {n}", owner=alice, due_on=dt.date(2020, 1, n + 1)
        )
    client.force_login(officer)
    with django_assert_max_num_queries(14):
        assert client.get("/programme/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(f"/programme/meetings/{meeting.pk}/").status_code == 200
