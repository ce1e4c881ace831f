"""Officers import household surveys from CSV or Excel: all rows or none, errors by row number."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from chumchon.impact import services
from chumchon.impact.models import HouseholdIncome

pytestmark = pytest.mark.django_db


def csv_file(text, name="survey.csv"):
    return SimpleUploadedFile(name, ("\ufeff" + text).encode(), content_type="text/csv")


def test_it_imports_a_survey_with_buddhist_era_months(client, officer, weavers):
    client.force_login(officer)
    upload = csv_file("community,household,month,income\nhat-siao,HH-1,2569-01,8500\nhat-siao,HH-2,2026-01,4200.5\n")
    response = client.post("/impact/surveys/import/", {"file": upload, "source": "สำรวจ ม.ค."})
    assert response.status_code == 302
    rows = list(HouseholdIncome.objects.order_by("household").values_list("household", "month", "income"))
    assert rows == [
        ("HH-1", dt.date(2026, 1, 1), Decimal("8500.00")),
        ("HH-2", dt.date(2026, 1, 1), Decimal("4200.50")),
    ]


def test_it_saves_nothing_and_names_every_bad_row(client, officer, weavers):
    client.force_login(officer)
    upload = csv_file(
        "community,household,month,income\nhat-siao,HH-1,2569-01,8500\nnowhere,HH-2,2569-01,10\nhat-siao,HH-3,13/2569,-5\n"
    )
    response = client.post("/impact/surveys/import/", {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert "แถว 3" in page and "nowhere" in page and "แถว 4" in page
    assert "แถว 2:" not in page
    assert not HouseholdIncome.objects.exists()


def test_it_reads_excel_and_replaces_a_month_already_on_file(officer, weavers):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Community", "Household", "Month", "Income"])
    workbook.active.append(["hat-siao", "HH-1", dt.datetime(2026, 2, 1), 1000])
    stream = io.BytesIO()
    workbook.save(stream)
    for _ in range(2):
        stream.seek(0)
        assert services.survey_import(upload=stream, name="s.xlsx", by=officer) == 1
    assert HouseholdIncome.objects.get().income == Decimal("1000.00")


def test_it_refuses_surveys_from_anyone_but_officers(alice, weavers):
    with pytest.raises(PermissionDenied):
        services.survey_import(upload=io.BytesIO(b"x"), name="s.csv", by=alice)


def test_it_refuses_income_from_outsiders_and_impossible_amounts(charlie, alice, weavers):
    with pytest.raises(PermissionDenied):
        services.income_entry_record(community=weavers, by=charlie, date=dt.date(2026, 1, 1), amount="10", kind="food")
    with pytest.raises(ValidationError):
        services.income_entry_record(community=weavers, by=alice, date=dt.date(2026, 1, 1), amount="0", kind="food")
    with pytest.raises(ValidationError):
        services.income_entry_record(community=weavers, by=alice, date=dt.date(2099, 1, 1), amount="5", kind="food")
    with pytest.raises(ValidationError):
        services.income_entry_record(community=weavers, by=alice, date=dt.date(2026, 1, 1), amount="5", kind="x")
