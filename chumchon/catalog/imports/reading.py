"""Reading files: an .xlsx, .csv or .json file into a `Table` of text."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _

from chumchon.catalog.imports.errors import ImportFileError, RowError, _file_error


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
    suffix = PurePath(name).suffix.lower()
    if suffix not in (".xlsx", ".csv", ".json"):
        if suffix in (".xls", ".ods", ".numbers"):
            raise _file_error(
                _("%(name)s is a %(suffix)s file: save it as .xlsx (Excel workbook) or .csv (UTF-8) and try again.")
                % {"name": PurePath(name).name, "suffix": suffix}
            )
        raise _file_error(
            _("%(name)s is not a file the import reads: use .xlsx, .csv or .json.") % {"name": PurePath(name).name}
        )
    if not data.strip(b"\xef\xbb\xbf \t\r\n"):
        raise _file_error(_("The file is empty."))
    if suffix == ".xlsx":
        header, rows, header_row = _read_xlsx(data)
    elif suffix == ".csv":
        header, rows, header_row = _read_csv(data)
    else:
        header, rows, header_row = _read_json(data)
    table = _make_table(header, rows, header_row)
    if not table.rows:
        raise _file_error(_("The file has column names but no rows to import."))
    if max_rows is not None and len(table.rows) > max_rows:
        raise _file_error(
            _("The file has %(count)d rows; import at most %(max)d at a time (split the file).")
            % {"count": len(table.rows), "max": max_rows}
        )
    return table


def _read_xlsx(data: bytes) -> tuple[list[Any], Iterable[tuple[int, list[Any]]], int]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise _file_error(
            _("The file cannot be opened as an Excel workbook (.xlsx): save it again from Excel and retry.")
        ) from None
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header: list[Any] = []
    header_row = 0
    for number, values in enumerate(rows, start=1):
        if any(value not in (None, "") for value in values):
            header, header_row = list(values), number
            break
    if not header:
        raise _file_error(_("The file is empty."))
    body = [(number, list(values)) for number, values in enumerate(rows, start=header_row + 1)]
    workbook.close()
    return header, body, header_row


def _read_csv(data: bytes) -> tuple[list[Any], Iterable[tuple[int, list[Any]]], int]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            data.decode("cp874")
        except UnicodeDecodeError:
            raise _file_error(
                _("The file is not UTF-8 text: save it as “CSV UTF-8 (comma delimited)” and try again.")
            ) from None
        raise _file_error(
            _(
                "The file is in the old Thai Windows encoding (TIS-620/cp874), not UTF-8: in Excel choose "
                "Save As › “CSV UTF-8 (comma delimited)” and import that file."
            )
        ) from None
    if "\x00" in text:
        raise _file_error(_("The file is not a CSV text file: save it as “CSV UTF-8 (comma delimited)”."))
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    # Excel in some locales writes semicolons or tabs instead of commas.
    if "," not in first_line:
        delimiter = "\t" if "\t" in first_line else ";" if ";" in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header: list[Any] = []
        header_row = 0
        for values in reader:
            if any(value.strip() for value in values):
                header, header_row = values, reader.line_num
                break
        if not header:
            raise _file_error(_("The file is empty."))
        body: list[tuple[int, list[Any]]] = []
        number = header_row
        for values in reader:
            number += 1
            body.append((number, values))
    except csv.Error as exc:
        raise _file_error(_("The CSV file is malformed: %(error)s") % {"error": exc}, row=reader.line_num) from None
    return header, body, header_row


def _read_json(data: bytes) -> tuple[list[Any], Iterable[tuple[int, list[Any]]], int]:
    try:
        items = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise _file_error(_("The file is not UTF-8 text: save the JSON file as UTF-8.")) from None
    except json.JSONDecodeError as exc:
        raise _file_error(
            _("The file is not valid JSON (line %(line)d, column %(column)d): %(error)s")
            % {"line": exc.lineno, "column": exc.colno, "error": exc.msg}
        ) from None
    if not isinstance(items, list):
        raise _file_error(_("The JSON file must be a list of objects, one per row, with the columns as keys."))
    header: list[str] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise _file_error(_("Each item of the list must be an object with the columns as keys."), row=number)
        header.extend(key for key in item if key not in header)
    # Keys an object leaves out stay absent from its row, so that the record keeps its value.
    body = [(number, [item.get(key, _ABSENT) for key in header]) for number, item in enumerate(items, start=1)]
    return header, body, 0


_ABSENT = object()


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
        if all(value in (None, "", _ABSENT) or (isinstance(value, str) and not value.strip()) for value in values):
            continue  # blank lines at the end of a spreadsheet
        if len(values) > len(columns) and any(_cell_text(value) for value in values[len(columns) :]):
            errors.append(RowError(number, "", _("this row has more cells than the header has columns")))
            continue
        row: dict[str, str] = {}
        for position, column in enumerate(columns):
            value = values[position] if position < len(values) else None
            if value is _ABSENT:
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
