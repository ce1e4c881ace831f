"""Spreadsheets in and out, with nothing of any one domain in them.

Reading (`read_sheet`): an uploaded .xlsx, .csv or .json file into its header and its rows of cells,
as the file stored them; what the cells mean is the caller's business (the catalog's import reads
them as text). Writing (`write_csv`, `xlsx_workbook`, `xlsx_sheet`, `xlsx_append`): rows as a .csv
or .xlsx file that Excel opens with its Thai intact, and in which no text runs as a formula.

Formula injection: a spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` (and, in some
programs, a tab or a carriage return) as a formula, so a listing titled `=HYPERLINK(...)` would
become a live link, or worse, in the officer's Excel. The writers keep such text inert: a leading
apostrophe in CSV (what Excel itself writes to mean "this is text"), a string cell (never a
formula) in .xlsx. Numbers are not text and stay numbers, negative ones included. `read_sheet`
removes that one apostrophe again from a CSV cell, so that a file written here reads back as it was.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath
from typing import IO, Any, Final

from django.utils.translation import gettext as _

READABLE = (".xlsx", ".csv", ".json")

# A key that a JSON object leaves out: no cell at all, which is not the same as an empty cell.
ABSENT: Final = object()

# What a spreadsheet takes as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | Decimal | None


class SpreadsheetError(Exception):
    """The file cannot be read: `message` says why to the person who sent it; `row` where (0: the whole file)."""

    def __init__(self, message: str, *, row: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.row = row


@dataclass
class Sheet:
    """A file's header and rows of cells as stored (text, numbers, dates, ABSENT), with the numbers people see."""

    header: list[Any]
    rows: list[tuple[int, list[Any]]]
    header_row: int  # the spreadsheet row of the header; 0 for JSON, which has none


# --- Reading -----------------------------------------------------------------------------------


def read_sheet(name: str, data: bytes) -> Sheet:
    """The first sheet of an .xlsx, a .csv (UTF-8) or a .json list of objects; raises SpreadsheetError."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in READABLE:
        if suffix in (".xls", ".ods", ".numbers"):
            raise SpreadsheetError(
                _("%(name)s is a %(suffix)s file: save it as .xlsx (Excel workbook) or .csv (UTF-8) and try again.")
                % {"name": PurePath(name).name, "suffix": suffix}
            )
        raise SpreadsheetError(
            _("%(name)s is not a file the import reads: use .xlsx, .csv or .json.") % {"name": PurePath(name).name}
        )
    if not data.strip(b"\xef\xbb\xbf \t\r\n"):
        raise SpreadsheetError(_("The file is empty."))
    if suffix == ".xlsx":
        return _read_xlsx(data)
    if suffix == ".csv":
        return _read_csv(data)
    return _read_json(data)


def _read_xlsx(data: bytes) -> Sheet:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise SpreadsheetError(
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
        raise SpreadsheetError(_("The file is empty."))
    body = [(number, list(values)) for number, values in enumerate(rows, start=header_row + 1)]
    workbook.close()
    return Sheet(header, body, header_row)


def _read_csv(data: bytes) -> Sheet:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            data.decode("cp874")
        except UnicodeDecodeError:
            raise SpreadsheetError(
                _("The file is not UTF-8 text: save it as “CSV UTF-8 (comma delimited)” and try again.")
            ) from None
        raise SpreadsheetError(
            _(
                "The file is in the old Thai Windows encoding (TIS-620/cp874), not UTF-8: in Excel choose "
                "Save As › “CSV UTF-8 (comma delimited)” and import that file."
            )
        ) from None
    if "\x00" in text:
        raise SpreadsheetError(_("The file is not a CSV text file: save it as “CSV UTF-8 (comma delimited)”."))
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
            raise SpreadsheetError(_("The file is empty."))
        body: list[tuple[int, list[Any]]] = []
        number = header_row
        for values in reader:
            number += 1
            body.append((number, [_csv_unescape(value) for value in values]))
    except csv.Error as exc:
        raise SpreadsheetError(
            _("The CSV file is malformed: %(error)s") % {"error": exc}, row=reader.line_num
        ) from None
    return Sheet(header, body, header_row)


def _read_json(data: bytes) -> Sheet:
    try:
        items = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise SpreadsheetError(_("The file is not UTF-8 text: save the JSON file as UTF-8.")) from None
    except json.JSONDecodeError as exc:
        raise SpreadsheetError(
            _("The file is not valid JSON (line %(line)d, column %(column)d): %(error)s")
            % {"line": exc.lineno, "column": exc.colno, "error": exc.msg}
        ) from None
    if not isinstance(items, list):
        raise SpreadsheetError(_("The JSON file must be a list of objects, one per row, with the columns as keys."))
    header: list[str] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise SpreadsheetError(_("Each item of the list must be an object with the columns as keys."), row=number)
        header.extend(key for key in item if key not in header)
    # Keys an object leaves out stay absent from its row, so that the record keeps its value.
    body = [(number, [item.get(key, ABSENT) for key in header]) for number, item in enumerate(items, start=1)]
    return Sheet(header, body, 0)


def _csv_unescape(value: str) -> str:
    """A cell as it was before `write_csv` put an apostrophe in front of it."""
    if value.startswith("'") and _needs_apostrophe(value):
        return value[1:]
    return value


# --- Writing -----------------------------------------------------------------------------------


def _looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def _needs_apostrophe(text: str) -> bool:
    """Text that a CSV file carries behind an apostrophe: a formula, or a formula behind apostrophes of its
    own (`'=x` is written `''=x`, so that reading back, which removes one, gives `'=x` again)."""
    return _looks_like_formula(text.lstrip("'"))


def _csv_cell(value: Cell) -> Cell:
    if value is None:
        return ""
    if isinstance(value, str) and _needs_apostrophe(value):
        return "'" + value
    return value


def write_csv(stream: IO[bytes], header: Sequence[Cell], rows: Iterable[Sequence[Cell]]) -> int:
    """The header and rows as CSV in UTF-8 with a byte-order mark (so that Excel shows Thai), formulas made
    inert; returns the number of rows under the header."""
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
    text.write("\ufeff")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([_csv_cell(value) for value in header])
    count = 0
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
        count += 1
    text.flush()
    text.detach()  # the caller's stream stays open
    return count


def xlsx_workbook() -> Any:
    """An empty openpyxl workbook, for `xlsx_sheet`; save it with `workbook.save(stream)`."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    return workbook


def xlsx_sheet(
    workbook: Any, title: str, header: Sequence[Cell], rows: Iterable[Sequence[Cell]], *, freeze: str = "A2"
) -> tuple[Any, int]:
    """A new sheet (its title cut to Excel's 31 characters) with the header in bold, frozen above the rows;
    returns the sheet and the number of rows under the header."""
    from openpyxl.styles import Font

    sheet = workbook.create_sheet(title=title[:31])
    xlsx_append(sheet, header)
    count = 0
    for row in rows:
        xlsx_append(sheet, row)
        count += 1
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    sheet.freeze_panes = freeze
    return sheet, count


def xlsx_append(sheet: Any, row: Sequence[Cell]) -> None:
    """One row under the last, every text a text cell: never a formula (nor an error such as `#N/A`)."""
    from openpyxl.cell.cell import Cell as XlsxCell

    cells = []
    for value in row:
        cell = XlsxCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # openpyxl would make `=...` a formula
            if _looks_like_formula(value):
                cell.quotePrefix = True  # and Excel keeps it text when someone edits the cell
        cells.append(cell)
    sheet.append(cells)
