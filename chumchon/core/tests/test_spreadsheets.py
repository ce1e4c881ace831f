"""Spreadsheets written by the platform: text never runs as a formula, numbers stay numbers, and a
catalog export imported again changes nothing."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command

from chumchon.catalog import services as catalog_services
from chumchon.catalog.models import Listing
from chumchon.core import spreadsheets
from chumchon.impact import exporting as impact_exporting
from chumchon.impact.selectors import ImpactFilters
from chumchon.impact.services import income_entry_record
from chumchon.places.tests.factories import CommunityFactory

FORMULA = '=HYPERLINK("http://x","y")'


def run(command: str, *args: str) -> str:
    out = io.StringIO()
    call_command(command, *args, "--language", "en", stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def formulas_in(workbook: bytes) -> list[str]:
    """The formulas Excel would run: `<f>` elements of the sheets."""
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        return [
            name for name in archive.namelist() if name.startswith("xl/worksheets/") and b"<f>" in archive.read(name)
        ]


def csv_lines(data: bytes) -> list[str]:
    return data.decode("utf-8-sig").splitlines()


class TestWriters:
    def test_it_puts_an_apostrophe_before_csv_text_that_starts_a_formula(self):
        stream = io.BytesIO()
        rows = [[FORMULA], ["+66 81 234 5678"], ["-5"], ["@SUM(A1)"], ["\tx"], ["ผ้าทอ = งานมือ"]]
        assert spreadsheets.write_csv(stream, ["title"], rows) == 6
        assert csv_lines(stream.getvalue()) == [
            "title",
            '"\'=HYPERLINK(""http://x"",""y"")"',  # quoted by CSV for its quotes and comma
            "'+66 81 234 5678",
            "'-5",
            "'@SUM(A1)",
            "'\tx",
            "ผ้าทอ = งานมือ",
        ]

    def test_it_keeps_negative_amounts_numbers(self):
        stream = io.BytesIO()
        spreadsheets.write_csv(stream, ["amount"], [[Decimal("-120.50")], [-3]])
        assert csv_lines(stream.getvalue()) == ["amount", "-120.50", "-3"]

        workbook = spreadsheets.xlsx_workbook()
        spreadsheets.xlsx_sheet(workbook, "Amounts", ["amount"], [[Decimal("-120.50")], ["-120.50"]])
        saved = io.BytesIO()
        workbook.save(saved)
        sheet = openpyxl.load_workbook(io.BytesIO(saved.getvalue())).active
        assert (sheet["A2"].value, sheet["A2"].data_type) == (-120.5, "n")
        assert (sheet["A3"].value, sheet["A3"].data_type) == ("-120.50", "s")  # text stays text

    def test_it_writes_formula_like_text_as_text_cells_in_xlsx(self):
        workbook = spreadsheets.xlsx_workbook()
        spreadsheets.xlsx_sheet(workbook, "Listings", ["title"], [[FORMULA], ["#N/A"]])
        saved = io.BytesIO()
        workbook.save(saved)
        assert formulas_in(saved.getvalue()) == []
        sheet = openpyxl.load_workbook(io.BytesIO(saved.getvalue())).active
        assert (sheet["A2"].value, sheet["A2"].data_type) == (FORMULA, "s")
        assert (sheet["A3"].value, sheet["A3"].data_type) == ("#N/A", "s")

    @pytest.mark.parametrize("text", [FORMULA, "'=already quoted", "''-twice", "'plain", "-", "'"])
    def test_it_reads_back_a_csv_it_wrote_as_it_was(self, text):
        stream = io.BytesIO()
        spreadsheets.write_csv(stream, ["title"], [[text]])
        assert spreadsheets.read_sheet("x.csv", stream.getvalue()).rows == [(2, [text])]

    def test_it_removes_one_apostrophe_before_a_formula_sign_when_reading_csv(self):
        data = b"title,phone\n'=1+1,'+66812345678\n'plain,''@x\n"
        assert spreadsheets.read_sheet("x.csv", data).rows == [(2, ["=1+1", "+66812345678"]), (3, ["'plain", "'@x"])]


@pytest.mark.django_db
class TestCatalogExport:
    @pytest.fixture
    def listing(self):
        return catalog_services.listing_create(
            community=CommunityFactory.create(), kind="product", by=None, title_th=FORMULA, price="80"
        )

    def test_it_writes_the_title_as_text_in_xlsx(self, listing, tmp_path):
        path = tmp_path / "listings.xlsx"
        run("export_listings", str(path))
        assert formulas_in(path.read_bytes()) == []
        sheet = openpyxl.load_workbook(path).active
        title = sheet.cell(row=2, column=4)
        assert (sheet["D1"].value, title.value, title.data_type) == ("title_th", FORMULA, "s")
        assert sheet.cell(row=2, column=10).data_type == "n"  # the price is still a number

    def test_it_writes_the_title_behind_an_apostrophe_in_csv(self, listing, tmp_path):
        path = tmp_path / "listings.csv"
        run("export_listings", str(path))
        row = csv_lines(path.read_bytes())[1]
        assert ',"\'=HYPERLINK(""http://x"",""y"")",' in row
        assert ",80.00," in row

    @pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
    def test_it_imports_the_export_again_unchanged(self, listing, tmp_path, suffix):
        path = tmp_path / f"listings{suffix}"
        run("export_listings", str(path))
        assert run("import_listings", str(path)) == "created 0, updated 0, unchanged 1"
        assert Listing.objects.get().title_th == FORMULA

    def test_it_imports_a_quoted_formula_as_the_text_without_its_apostrophe(self, listing, tmp_path):
        community = f"community:{listing.community_id}"
        path = tmp_path / "listings.csv"
        path.write_text(f"external_id,community,kind,title_th\nnew-1,{community},product,'+1 ผ้าทอ\n", encoding="utf-8")
        assert run("import_listings", str(path)) == "created 1, updated 0, unchanged 0"
        assert Listing.objects.get(external_id="new-1").title_th == "+1 ผ้าทอ"


@pytest.mark.django_db
class TestImpactExport:
    @pytest.fixture
    def filters(self, officer):
        community = CommunityFactory.create(name_th=FORMULA, households=5)
        income_entry_record(
            community=community, by=officer, date=dt.date(2026, 1, 15), amount=Decimal(900), kind="product_sales"
        )
        return ImpactFilters(fiscal_year=2569)

    def test_it_writes_a_community_name_as_text_in_xlsx(self, filters):
        stream = io.BytesIO()
        impact_exporting.write_xlsx(filters, stream, all_years=False)
        assert formulas_in(stream.getvalue()) == []
        sheet = openpyxl.load_workbook(io.BytesIO(stream.getvalue())).active
        name = sheet.cell(row=2, column=4)
        assert (name.value, name.data_type) == (FORMULA, "s")
        assert (sheet.cell(row=2, column=6).value, sheet.cell(row=2, column=6).data_type) == (900, "n")

    def test_it_writes_a_community_name_behind_an_apostrophe_in_csv(self, filters):
        stream = io.BytesIO()
        impact_exporting.write_csv(filters, stream, all_years=False)
        row = csv_lines(stream.getvalue())[1]
        assert ',"\'=HYPERLINK(""http://x"",""y"")",' in row
        assert ",900.00," in row
