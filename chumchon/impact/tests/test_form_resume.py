"""An officer whose session expired while she wrote a monitoring report finds her text again after
signing in (issue 22)."""

import pytest

from chumchon.core.tests.form_resume import send_after_expiry
from chumchon.impact.models import MonitoringReport
from chumchon.places.models import CreativeCity, Province

pytestmark = pytest.mark.django_db

PLAN = "เปิดโรงเรียนทอผ้าที่หาดเสี้ยวภายในปี 2571 และอบรมช่างรุ่นใหม่ปีละยี่สิบคน"


def test_the_monitoring_reports_text_keeps_what_was_typed(client, officer):
    CreativeCity.objects.create(
        slug="sukhothai", name_th="สุโขทัย", name_en="Sukhothai", province=Province.objects.get(name_en="Sukhothai"),
        field="crafts_folk_art", status="member", member_since=2019,
    )  # fmt: skip
    client.force_login(officer)
    start = {"city": "sukhothai", "first_fiscal_year": "2566", "last_fiscal_year": "2569", "language": "th"}
    assert client.post("/impact/monitoring/", start).status_code == 302
    report = MonitoringReport.objects.get()
    before = report.next_action_plan
    data = {name: text for name, _heading, text in report.sections()} | {"status": "draft", "next_action_plan": PLAN}
    page = f"/impact/monitoring/{report.pk}/"
    html = send_after_expiry(client, officer, page=page, action=page, data=data)
    assert PLAN in html
    report.refresh_from_db()
    assert report.next_action_plan == before  # filled in, not saved: she checks it and saves it herself
