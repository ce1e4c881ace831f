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

Hostile files are refused early and cheaply (`check_xlsx`, and the limits below, checked while the
rows stream in, never after): a zip bomb by the sizes its zip directory declares, before anything is
decompressed; billion-laughs and external entities by defusedxml, which openpyxl uses once installed;
too many rows, too many columns or a cell longer than Excel allows as soon as one is met. An .xlsx is
read with openpyxl's streaming reader, so memory holds one row at a time besides the rows kept.
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

from chumchon.core import json_bounds

READABLE = (".xlsx", ".csv", ".json")

# A key that a JSON object leaves out: no cell at all, which is not the same as an empty cell.
ABSENT: Final = object()

# What a spreadsheet takes as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | Decimal | None

# Limits on what a file may hold. The rows are the rows with something in them (Excel keeps formatted
# empty rows); a cell's length is Excel's own limit; the columns leave room for any real sheet.
MAX_ROWS = 100_000
MAX_COLUMNS = 256
MAX_CELL_CHARS = 32_767
# An .xlsx is a zip of XML: what its members expand to, in all and as a multiple of their stored size.
# A real 50,000-row sheet expands to some 40 MB, at 5 to 20 times; a zip bomb to gigabytes, at 1,000.
MAX_XLSX_UNCOMPRESSED = 256 * 1024 * 1024
MAX_XLSX_RATIO = 200


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


def read_sheet(name: str, data: bytes, *, max_rows: int | None = None) -> Sheet:
    """The first sheet of an .xlsx, a .csv (UTF-8) or a .json list of objects; raises SpreadsheetError.

    Blank rows are left out; more than `max_rows` rows (at most MAX_ROWS) stops the reading there."""
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
    limit = MAX_ROWS if max_rows is None else min(max_rows, MAX_ROWS)
    if suffix == ".xlsx":
        return _read_xlsx(data, limit)
    if suffix == ".csv":
        return _read_csv(data, limit)
    return _read_json(data, limit)


def _blank(values: Sequence[Any]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


class _Limits:
    """Counts rows as they come and refuses the file at the first row, column or cell over a limit."""

    def __init__(self, max_rows: int) -> None:
        self.max_rows = max_rows
        self.rows = 0

    def check(self, number: int, values: Sequence[Any]) -> None:
        if len(values) > MAX_COLUMNS and any(value not in (None, "") for value in values[MAX_COLUMNS:]):
            raise SpreadsheetError(
                _("Row %(row)d has more than %(max)d columns; a sheet to import has at most %(max)d.")
                % {"row": number, "max": MAX_COLUMNS},
                row=number,
            )
        for value in values:
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise SpreadsheetError(
                    _("Row %(row)d has a cell of %(length)d characters; a cell holds at most %(max)d.")
                    % {"row": number, "length": len(value), "max": MAX_CELL_CHARS},
                    row=number,
                )

    def count(self, number: int) -> None:
        self.rows += 1
        if self.rows > self.max_rows:
            raise SpreadsheetError(
                _("The file has more than %(max)d rows; import at most %(max)d at a time (split the file).")
                % {"max": self.max_rows},
                row=number,
            )


def check_xlsx(data: bytes) -> None:
    """Refuse a zip bomb from the sizes the zip's directory declares, before anything is decompressed.

    (A member cannot expand beyond its declared size: Python's zipfile stops there, and fails its check.)"""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SpreadsheetError(
            _("The file cannot be opened as an Excel workbook (.xlsx): save it again from Excel and retry.")
        ) from None
    total = sum(member.file_size for member in members)
    stored = sum(member.compress_size for member in members)
    ratio = max(
        (member.file_size / max(member.compress_size, 1) for member in members if member.file_size > 1024 * 1024),
        default=0,
    )
    if total > MAX_XLSX_UNCOMPRESSED or ratio > MAX_XLSX_RATIO:
        raise SpreadsheetError(
            _(
                "The workbook would expand from %(stored)s MB to %(total)s MB when opened, more than an import "
                "reads (%(max)s MB, at most %(ratio)d times its size): it is not an ordinary spreadsheet. Save the "
                "sheet as a new workbook or as .csv and try again."
            )
            % {
                "stored": f"{stored / 1024 / 1024:.1f}",
                "total": f"{total / 1024 / 1024:,.0f}",
                "max": MAX_XLSX_UNCOMPRESSED // 1024 // 1024,
                "ratio": MAX_XLSX_RATIO,
            }
        )


def _xml_refused() -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "The workbook holds XML that an import never reads (entity declarations, or references to other "
            "files): save the sheet as a new workbook from Excel or as .csv and try again."
        )
    )


def _defused(exc: BaseException | None) -> bool:
    """Whether defusedxml refused the XML (openpyxl wraps its exception in a ValueError of its own)."""
    from defusedxml import DefusedXmlException

    while exc is not None:
        if isinstance(exc, DefusedXmlException):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _read_xlsx(data: bytes, max_rows: int) -> Sheet:
    import openpyxl

    check_xlsx(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError) as exc:  # ParseError is a SyntaxError
        if _defused(exc):
            raise _xml_refused() from None
        raise SpreadsheetError(
            _("The file cannot be opened as an Excel workbook (.xlsx): save it again from Excel and retry.")
        ) from None
    try:
        sheet = workbook.worksheets[0]
        if sheet.max_column is not None and sheet.max_column > MAX_COLUMNS:  # the sheet's own <dimension>
            raise SpreadsheetError(
                _("The sheet has %(count)d columns; a sheet to import has at most %(max)d.")
                % {"count": sheet.max_column, "max": MAX_COLUMNS}
            )
        return _read_rows(enumerate(sheet.iter_rows(values_only=True), start=1), max_rows)
    except (KeyError, ValueError, SyntaxError, zipfile.BadZipFile) as exc:
        if _defused(exc):
            raise _xml_refused() from None
        raise SpreadsheetError(
            _("The file cannot be opened as an Excel workbook (.xlsx): save it again from Excel and retry.")
        ) from None
    finally:
        workbook.close()


def _read_rows(rows: Iterable[tuple[int, Sequence[Any]]], max_rows: int, unescape: bool = False) -> Sheet:
    """The first row with something in it as the header, the non-blank rows under it, limits checked per row."""
    limits = _Limits(max_rows)
    header: list[Any] = []
    header_row = 0
    body: list[tuple[int, list[Any]]] = []
    for number, values in rows:
        limits.check(number, values)
        if _blank(values):
            continue
        if not header_row:
            header, header_row = list(values), number
            continue
        limits.count(number)
        body.append((number, [_csv_unescape(value) for value in values] if unescape else list(values)))
    if not header_row:
        raise SpreadsheetError(_("The file is empty."))
    return Sheet(header, body, header_row)


def _read_csv(data: bytes, max_rows: int) -> Sheet:
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
    # A record's number is the number people see: a quoted cell may hold line breaks, so it is counted by
    # records, as before (the header's number is its line).
    try:
        return _read_rows(_csv_numbers(reader), max_rows, unescape=True)
    except csv.Error as exc:
        # The csv module's own cap on a field (128 KB) comes before ours (MAX_CELL_CHARS): say it the same way.
        if "field larger than field limit" in str(exc):
            raise SpreadsheetError(
                _("Row %(row)d has a cell longer than %(max)d characters; a cell holds at most %(max)d.")
                % {"row": reader.line_num, "max": MAX_CELL_CHARS},
                row=reader.line_num,
            ) from None
        raise SpreadsheetError(
            _("The CSV file is malformed: %(error)s") % {"error": exc}, row=reader.line_num
        ) from None


def _csv_numbers(reader: Any) -> Iterable[tuple[int, list[str]]]:
    """Records numbered by the line the header ends on, then one per record (a quoted cell may hold line breaks)."""
    number = 0
    started = False
    for values in reader:
        if started:
            number += 1
        else:
            number = reader.line_num
            started = not _blank(values)
        yield number, values


def _read_json(data: bytes, max_rows: int) -> Sheet:
    try:
        items = json_bounds.loads(data.decode("utf-8-sig"), refuse_nul=True, strict=False)
    except UnicodeDecodeError:
        raise SpreadsheetError(_("The file is not UTF-8 text: save the JSON file as UTF-8.")) from None
    except json_bounds.JSONRefused as exc:
        raise SpreadsheetError(exc.message) from None
    except json.JSONDecodeError as exc:
        raise SpreadsheetError(
            _("The file is not valid JSON (line %(line)d, column %(column)d): %(error)s")
            % {"line": exc.lineno, "column": exc.colno, "error": exc.msg}
        ) from None
    if not isinstance(items, list):
        raise SpreadsheetError(_("The JSON file must be a list of objects, one per row, with the columns as keys."))
    limits = _Limits(max_rows)
    header: list[str] = []
    known: set[str] = set()
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise SpreadsheetError(_("Each item of the list must be an object with the columns as keys."), row=number)
        limits.count(number)
        limits.check(number, list(item.values()))
        header.extend(key for key in item if key not in known)
        known.update(item)
        if len(header) > MAX_COLUMNS:
            raise SpreadsheetError(
                _("Row %(row)d has more than %(max)d columns; a sheet to import has at most %(max)d.")
                % {"row": number, "max": MAX_COLUMNS},
                row=number,
            )
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
