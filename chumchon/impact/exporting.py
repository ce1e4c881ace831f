"""Impact figures as Excel (one formatted sheet per fiscal year) or CSV (UTF-8 with BOM), by community."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from typing import IO

from django.utils.translation import gettext as _

from chumchon.core import spreadsheets
from chumchon.core.spreadsheets import Cell
from chumchon.impact import selectors
from chumchon.impact.selectors import ImpactFilters, PlaceRow


def headers() -> list[str]:
    return [
        _("Fiscal year"),
        _("Province"),
        _("District"),
        _("Community"),
        _("Households"),
        _("Recorded income (THB)"),
        _("Visitors"),
        _("Deals"),
        _("Deal value (THB)"),
        _("Total income (THB)"),
        _("Income per household (THB)"),
        _("Households surveyed"),
        _("Mean monthly household income (THB)"),
        _("Gini across households"),
    ]


MONEY_COLUMNS = {6, 9, 10, 11, 13}  # 1-based, for the Excel number format
COUNT_COLUMNS = {5, 7, 8, 12}


def community_rows(fiscal_year: int, rows: list[PlaceRow]) -> Iterator[list[Cell]]:
    for row in rows:
        spread = row.distribution
        yield [
            fiscal_year,
            row.place.province.name,
            row.place.district.name,
            row.place.name,
            row.households,
            row.entries_amount,
            row.visitors,
            row.deals,
            row.deals_value,
            row.income,
            row.per_household,
            spread.n if spread else None,
            spread.mean if spread else None,
            spread.gini if spread else None,
        ]


def years_to_export(filters: ImpactFilters, *, all_years: bool) -> list[int]:
    if not all_years:
        return [filters.fiscal_year]
    return selectors.fiscal_years_with_data() or [filters.fiscal_year]


def write_csv(filters: ImpactFilters, stream: IO[bytes], *, all_years: bool) -> None:
    rows = (
        cells
        for year in years_to_export(filters, all_years=all_years)
        for cells in community_rows(year, selectors.by_community(replace(filters, fiscal_year=year)))
    )
    spreadsheets.write_csv(stream, headers(), rows)


def write_xlsx(filters: ImpactFilters, stream: IO[bytes], *, all_years: bool) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = spreadsheets.xlsx_workbook()
    titles = headers()
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E8EEF6")
    for year in years_to_export(filters, all_years=all_years):
        year_filters = replace(filters, fiscal_year=year)
        rows = (
            [float(cell) if isinstance(cell, Decimal) else cell for cell in cells]
            for cells in community_rows(year, selectors.by_community(year_filters))
        )
        title = _("FY %(year)s") % {"year": year}
        sheet, count = spreadsheets.xlsx_sheet(workbook, title, titles, rows, freeze="E2")
        totals = selectors.totals(year_filters)
        spreadsheets.xlsx_append(
            sheet,
            [_("Total"), None, None, None, None, float(totals.entries_amount), totals.visitors, totals.deals,
             float(totals.deals_value), float(totals.income)],
        )  # fmt: skip
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for cell in sheet[1]:
            cell.fill = fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for column in range(1, len(titles) + 1):
            letter = get_column_letter(column)
            sheet.column_dimensions[letter].width = 28 if column == 4 else 16
            number_format = "#,##0.00" if column in MONEY_COLUMNS else "#,##0" if column in COUNT_COLUMNS else None
            if column == 14:
                number_format = "0.0000"
            if number_format:
                for (cell,) in sheet.iter_rows(min_row=2, max_row=count + 2, min_col=column, max_col=column):
                    cell.number_format = number_format
    workbook.save(stream)
