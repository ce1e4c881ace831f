"""Reading files: an .xlsx, .csv or .json file (read by `core.spreadsheets`) into a `Table` of text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from chumchon.catalog.imports.errors import ImportFileError, RowError, _file_error
from chumchon.core import spreadsheets


@dataclass
class Table:
    """A file read into text: its column names and its rows, each with the number people see."""

    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]
    header_row: int  # 1 for spreadsheets; 0 for JSON, which has no header row


def _column_name(value: Any) -> str:
    return "_".join(str(value or "").replace("\ufeff", "").strip().lower().split())


def _cell_text(value: Any, *, column: str = "") -> str:
    """A cell as text, whatever the file stored it as (Excel keeps numbers as floats)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # 15 significant digits hide binary noise (0.30000000000000004) and keep every real digit.
        text = format(value, ".15g")
        if "e" in text:
            text = format(Decimal(text), "f")
        return text
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        separator = "; " if column == "stops" else ", "
        return separator.join(_cell_text(item) for item in value)
    return str(value).strip()


def read_table(name: str, data: bytes, *, max_rows: int | None = None) -> Table:
    """Rows of text from an .xlsx, .csv or .json file; raises ImportFileError when it cannot be read."""
    try:
        sheet = spreadsheets.read_sheet(name, data)
    except spreadsheets.SpreadsheetError as exc:
        raise _file_error(exc.message, row=exc.row) from None
    table = _make_table(sheet.header, sheet.rows, sheet.header_row)
    if not table.rows:
        raise _file_error(_("The file has column names but no rows to import."))
    if max_rows is not None and len(table.rows) > max_rows:
        raise _file_error(
            _("The file has %(count)d rows; import at most %(max)d at a time (split the file).")
            % {"count": len(table.rows), "max": max_rows}
        )
    return table


def _make_table(header: list[Any], body: Iterable[tuple[int, list[Any]]], header_row: int) -> Table:
    columns = [_column_name(value) for value in header]
    errors: list[RowError] = []
    seen: set[str] = set()
    for column in columns:
        if column and column in seen:
            errors.append(RowError(header_row, column, _("this column appears twice")))
        seen.add(column)
    rows: list[tuple[int, dict[str, str]]] = []
    for number, values in body:
        if all(
            value in (None, "", spreadsheets.ABSENT) or (isinstance(value, str) and not value.strip())
            for value in values
        ):
            continue  # blank lines at the end of a spreadsheet
        if len(values) > len(columns) and any(_cell_text(value) for value in values[len(columns) :]):
            errors.append(RowError(number, "", _("this row has more cells than the header has columns")))
            continue
        row: dict[str, str] = {}
        for position, column in enumerate(columns):
            value = values[position] if position < len(values) else None
            if value is spreadsheets.ABSENT:
                continue
            if not column:
                if _cell_text(value):
                    errors.append(
                        RowError(
                            number, "", _("column %(position)d has no name in the header") % {"position": position + 1}
                        )
                    )
                continue
            row[column] = _cell_text(value, column=column)
        rows.append((number, row))
    if errors:
        raise ImportFileError(errors)
    return Table(columns=[column for column in columns if column], rows=rows, header_row=header_row)
