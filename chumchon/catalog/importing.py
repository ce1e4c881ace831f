"""Import communities and listings from .xlsx, .csv or .json files.

The format is `../shared/formats/listings-import.md` (officers' guide: `docs/importing.md`). An
import runs in three steps: read the file into rows of text (`read_table`), check every row and
decide what it would change (`plan_communities`, `plan_listings`: nothing is written), then apply
the plan in one transaction through the places and catalog services (`import_apply`). A row that
would change nothing is not written at all, so importing the same file twice leaves the database
(timestamps included) as the first import left it.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import json
import logging
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any, Generic, TypeVar

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator, validate_email
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chumchon.accounts.models import User
from chumchon.accounts.services import audit_record
from chumchon.catalog import services as catalog_services
from chumchon.catalog.models import (
    Category,
    ImportJob,
    ImportKind,
    ImportStatus,
    Kind,
    Listing,
    PriceUnit,
    RouteStop,
    Status,
)
from chumchon.places import services as places_services
from chumchon.places.models import Area, Community, CreativeCity, District, Province, Subdistrict

COMMUNITIES = ImportKind.COMMUNITIES.value
LISTINGS = ImportKind.LISTINGS.value

# The web page refuses larger files; the command line has no cap (an officer's own machine).
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UPLOAD_ROWS = 50_000

COMMUNITY_COLUMNS = (
    "external_id", "name_th", "name_en", "province", "district", "subdistrict", "latitude", "longitude",
    "description_th", "description_en", "phone", "line_id", "email", "website", "households", "area",
)  # fmt: skip
COMMUNITY_REQUIRED = ("external_id", "name_th", "province", "district")

LISTING_COLUMNS = (
    "external_id", "community", "kind", "title_th", "title_en", "description_th", "description_en", "category",
    "tags", "price", "price_unit", "wholesale_price", "min_order_qty", "lead_time_days", "stock",
    "duration_minutes", "capacity", "materials", "stops",
)  # fmt: skip
LISTING_REQUIRED = ("external_id", "community", "kind", "title_th")

COLUMNS = {COMMUNITIES: COMMUNITY_COLUMNS, LISTINGS: LISTING_COLUMNS}
REQUIRED = {COMMUNITIES: COMMUNITY_REQUIRED, LISTINGS: LISTING_REQUIRED}

# Columns of the file whose model field has another name.
COMMUNITY_FIELD_OF_COLUMN = {"description_th": "story_th", "description_en": "story_en"}
COLUMN_OF_COMMUNITY_FIELD = {value: key for key, value in COMMUNITY_FIELD_OF_COLUMN.items()}

# Records made on the platform (not imported) have no external_id; an export names them
# `listing:42` / `community:7` (their own id), so that importing an export changes nothing.
PLATFORM_ID = re.compile(r"^(listing|community):(\d+)$")

MAX_MONEY = Decimal("9999999999.99")  # the columns hold 12 digits, 2 after the point
MAX_WHOLE = 2_147_483_647
LATITUDE_RANGE = (Decimal(5), Decimal(21))  # Thailand, as the Community model validates it
LONGITUDE_RANGE = (Decimal(97), Decimal(106))
_LOOKUP_CHUNK = 2000  # stay under SQLite's limit on query parameters


class Action(models.TextChoices):
    CREATE = "create", gettext_lazy("create")
    UPDATE = "update", gettext_lazy("update")
    UNCHANGED = "unchanged", gettext_lazy("unchanged")


@dataclass(frozen=True)
class RowError:
    """One problem: its row (as the spreadsheet numbers it; 0 for the file as a whole), its column and what is wrong."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.row and self.column:
            return _("row %(row)d, %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.row:
            return _("row %(row)d: %(message)s") % {"row": self.row, "message": self.message}
        if self.column:
            return _("%(column)s: %(message)s") % {"column": self.column, "message": self.message}
        return self.message

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message, "text": str(self)}


class ImportFileError(Exception):
    """The file as a whole cannot be imported (wrong type, not UTF-8, empty, bad columns...)."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = list(errors)


def _file_error(message: str, *, row: int = 0, column: str = "") -> ImportFileError:
    return ImportFileError([RowError(row, column, message)])


# --- Reading files -----------------------------------------------------------------------------


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


def check_columns(table: Table, kind: str) -> list[RowError]:
    """Required columns that are missing and columns the import does not know."""
    known, required = COLUMNS[kind], REQUIRED[kind]
    errors = []
    if table.header_row:
        for column in required:
            if column not in table.columns:
                errors.append(RowError(table.header_row, column, _("this required column is missing")))
    for column in table.columns:
        if column not in known:
            suggestion = difflib.get_close_matches(column, known, n=1)
            if suggestion:
                message = _("unknown column; did you mean “%(suggestion)s”?") % {"suggestion": suggestion[0]}
            else:
                message = _("unknown column; the columns are: %(columns)s") % {"columns": ", ".join(known)}
            row = table.header_row or next(number for number, values in table.rows if column in values)
            errors.append(RowError(row, column, message))
    return errors


# --- Reading cells -----------------------------------------------------------------------------

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PHONE = re.compile(r"^\+?[0-9 ()\-.]+(\s*(ext\.?|ต่อ)\s*\d+)?$", re.IGNORECASE)
_LINE_ID = re.compile(r"^@?[A-Za-z0-9._\-]{2,63}$")


def parse_number(text: str) -> Decimal | None:
    """`1,250.50`, `฿ 80` → Decimal; None when it is not a plain number (`12O`, `1e5`, `NaN`)."""
    value = text.replace("฿", "").replace(" ", "").strip()
    if _GROUPED.match(value):
        value = value.replace(",", "")
    if not _NUMBER.match(value):
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


class _Cells:
    """One row's values, read column by column; problems are collected, not raised."""

    def __init__(self, number: int, values: dict[str, str], errors: list[RowError]) -> None:
        self.row = number
        self.values = values
        self.errors = errors
        self.reported: set[RowError] = set()
        self.valid = True

    def has(self, column: str) -> bool:
        return column in self.values

    def raw(self, column: str) -> str:
        return self.values.get(column, "")

    def error(self, column: str, message: str) -> None:
        error = RowError(self.row, column, message)
        if error not in self.reported:  # a required key missing from a JSON object is noticed twice
            self.reported.add(error)
            self.errors.append(error)
        self.valid = False

    def text(self, column: str, *, max_length: int, required: bool = False) -> str:
        value = self.raw(column)
        if required and not value:
            self.error(column, _("this column is required"))
        elif len(value) > max_length:
            self.error(
                column,
                _("too long: %(length)d characters, at most %(max)d") % {"length": len(value), "max": max_length},
            )
        return value

    def number(self, column: str) -> Decimal | None:
        text = self.raw(column)
        if not text:
            return None
        value = parse_number(text)
        if value is None:
            self.error(column, _('"%(value)s" is not a number') % {"value": text})
        return value

    def money(self, column: str) -> Decimal | None:
        value = self.number(column)
        if value is None:
            return None
        text = self.raw(column)
        if value < 0:
            self.error(column, _('"%(value)s" is negative; prices cannot be') % {"value": text})
        elif value > MAX_MONEY:
            self.error(column, _('"%(value)s" is too large') % {"value": text})
        elif value != value.quantize(Decimal("0.01")):
            self.error(column, _('"%(value)s" has more than 2 decimals (satang)') % {"value": text})
        else:
            return value.quantize(Decimal("0.01"))
        return None

    def whole(self, column: str, *, minimum: int = 0) -> int | None:
        value = self.number(column)
        if value is None:
            return None
        text = self.raw(column)
        if value > MAX_WHOLE:
            self.error(column, _('"%(value)s" is too large') % {"value": text})
        elif value != value.to_integral_value():
            self.error(column, _('"%(value)s" is not a whole number') % {"value": text})
        elif value < minimum:
            if minimum == 0:
                self.error(column, _('"%(value)s" is negative') % {"value": text})
            else:
                self.error(column, _('"%(value)s" must be at least %(minimum)d') % {"value": text, "minimum": minimum})
        else:
            return int(value)
        return None

    def coordinate(self, column: str, bounds: tuple[Decimal, Decimal]) -> Decimal | None:
        value = self.number(column)
        if value is None:
            return None
        if not bounds[0] <= value <= bounds[1]:
            self.error(
                column,
                _("%(value)s is outside Thailand (between %(low)s and %(high)s)")
                % {"value": self.raw(column), "low": bounds[0], "high": bounds[1]},
            )
            return None
        return value.quantize(Decimal("0.000001"))


def _suggest(value: str, names: dict[str, str]) -> str | None:
    """The display name closest to `value`, from {normalised name: display name}."""
    match = difflib.get_close_matches(_name_key(value), list(names), n=1, cutoff=0.6)
    return names[match[0]] if match else None


def _did_you_mean(message: str, suggestion: str | None) -> str:
    if suggestion is None:
        return message
    return _("%(message)s; did you mean “%(suggestion)s”?") % {"message": message, "suggestion": suggestion}


# --- Places ------------------------------------------------------------------------------------

_NAME_PREFIXES = (
    "จังหวัด", "จ.", "อำเภอ", "อ.", "ตำบล", "ต.", "แขวง", "changwat ", "amphoe ", "amphur ", "tambon ", "khwaeng ",
)  # fmt: skip
_NAME_SUFFIXES = (" province", " district", " subdistrict", " sub-district")


def _name_key(value: str) -> str:
    """A name as compared: any case, with or without จ./อ./ต. or 'province', spaces and hyphens ignored."""
    text = " ".join(value.split()).casefold()
    for prefix in _NAME_PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix):
            text = text[len(prefix) :].strip()
            break
    for suffix in _NAME_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    return text.replace(" ", "").replace("-", "").replace("'", "")


def _is_thai(value: str) -> bool:
    return any("\u0e00" <= char <= "\u0e7f" for char in value)


T = TypeVar("T", bound=models.Model)
M = TypeVar("M", bound=models.Model)


class _Names(Generic[T]):
    """Places findable by code, Thai or English name; with the closest name for a misspelling."""

    def __init__(self, items: Iterable[T]) -> None:
        self.by_key: dict[str, T] = {}
        self.thai: dict[str, str] = {}
        self.english: dict[str, str] = {}
        for item in items:
            name_th, name_en = item.name_th, item.name_en  # type: ignore[attr-defined]
            for key in (getattr(item, "code", ""), _name_key(name_th), _name_key(name_en)):
                if key:
                    self.by_key.setdefault(key, item)
            self.thai[_name_key(name_th)] = name_th
            if name_en:
                self.english[_name_key(name_en)] = name_en

    def find(self, value: str) -> T | None:
        return self.by_key.get(_name_key(value))

    def suggest(self, value: str) -> str | None:
        return _suggest(value, self.thai if _is_thai(value) else self.english)


class _Places:
    """Thailand's provinces, districts and subdistricts, loaded once per import."""

    def __init__(self) -> None:
        self.provinces = _Names(Province.objects.all())
        districts: dict[int, list[District]] = defaultdict(list)
        for district in District.objects.all():
            districts[district.province_id].append(district)
        self.districts = {province_id: _Names(items) for province_id, items in districts.items()}
        self._subdistricts: dict[int, _Names[Subdistrict]] | None = None

    def subdistricts(self, district: District) -> _Names[Subdistrict]:
        if self._subdistricts is None:
            grouped: dict[int, list[Subdistrict]] = defaultdict(list)
            for subdistrict in Subdistrict.objects.all():
                grouped[subdistrict.district_id].append(subdistrict)
            self._subdistricts = {district_id: _Names(items) for district_id, items in grouped.items()}
        return self._subdistricts.get(district.pk) or _Names([])

    def subdistrict_anywhere(self, province: Province, value: str) -> tuple[District, Subdistrict] | None:
        """The subdistrict of that name in another district of the province (a common mix-up)."""
        for district in self.districts.get(province.pk, _Names([])).by_key.values():
            subdistrict = self.subdistricts(district).find(value)
            if subdistrict is not None:
                return district, subdistrict
        return None


# --- Plans -------------------------------------------------------------------------------------


@dataclass
class RowPlan:
    """What one valid row will do: create, update (which columns) or leave a record unchanged."""

    row: int
    external_id: str
    action: str
    label: str
    fields: dict[str, Any] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)
    instance: Any = None
    # Listings only
    kind: str = ""
    community: Community | None = None
    tags: list[str] | None = None
    stops: list[tuple[str, Any]] | None = None  # ("listing", pk) | ("community", pk) | ("new", external_id)
    stops_changed: bool = False
    publish: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "external_id": self.external_id,
            "action": self.action,
            "label": self.label,
            "changes": [COLUMN_OF_COMMUNITY_FIELD.get(name, name) for name in self.changes],
        }


@dataclass
class ImportPlan:
    """Every row's plan and every problem found, before anything is written."""

    kind: str
    rows: list[RowPlan] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    blocked: bool = False  # a problem with the file itself: nothing can be imported, whatever the options
    row_count: int = 0

    def count(self, action: str) -> int:
        return sum(1 for plan in self.rows if plan.action == action)

    @property
    def invalid_rows(self) -> list[int]:
        return sorted({error.row for error in self.errors if error.row})

    @property
    def is_valid(self) -> bool:
        return not self.errors


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), _LOOKUP_CHUNK):
        yield values[start : start + _LOOKUP_CHUNK]


def _by_external_id(model: type[M], references: Iterable[str]) -> dict[str, M]:
    """Records by external_id, and by `listing:42`/`community:7` for records made on the platform."""
    prefix = model._meta.model_name
    ids, pks = set(), set()
    for reference in references:
        match = PLATFORM_ID.match(reference)
        if match is None:
            ids.add(reference)
        elif match.group(1) == prefix:
            pks.add(int(match.group(2)))
    found: dict[str, M] = {}
    manager = model._default_manager
    for chunk in _chunks(sorted(ids)):
        for item in manager.filter(external_id__in=chunk):
            found[item.external_id] = item  # type: ignore[attr-defined]
    for chunk in _chunks(sorted(pks)):
        for item in manager.filter(pk__in=chunk):
            found[f"{prefix}:{item.pk}"] = item
    return found


def platform_reference(item: models.Model) -> str:
    """How an export names a record: its external_id, or `listing:42` when it has none."""
    return getattr(item, "external_id", None) or f"{item._meta.model_name}:{item.pk}"


def _same(current: Any, new: Any) -> bool:
    if isinstance(current, models.Model) or isinstance(new, models.Model):
        return getattr(current, "pk", None) == getattr(new, "pk", None)
    if current is None or new is None:
        return current in (None, "") and new in (None, "")
    if isinstance(current, str) and isinstance(new, str):
        # Web forms store line breaks as \r\n; Excel gives them back as \n.
        return current.replace("\r\n", "\n") == new.replace("\r\n", "\n")
    return bool(current == new)


def _check_external_id(cells: _Cells, seen: dict[str, int], model_name: str) -> str:
    external_id = cells.text("external_id", max_length=64, required=True)
    if not external_id:
        return ""
    match = PLATFORM_ID.match(external_id)
    if match is not None and match.group(1) != model_name:
        cells.error("external_id", _('"%(value)s" names a %(other)s, not a %(kind)s') % {
            "value": external_id, "other": match.group(1), "kind": model_name,
        })  # fmt: skip
    if external_id in seen:
        cells.error(
            "external_id",
            _('"%(value)s" appears again (first on row %(row)d)') % {"value": external_id, "row": seen[external_id]},
        )
    else:
        seen[external_id] = cells.row
    return external_id


def _start_plan(kind: str, table: Table) -> ImportPlan:
    plan = ImportPlan(kind=kind, row_count=len(table.rows))
    plan.errors = check_columns(table, kind)
    plan.blocked = bool(plan.errors)
    return plan


def _missing_required(cells: _Cells, required: Sequence[str]) -> None:
    """JSON objects may leave a key out; a required one is still required."""
    for column in required:
        if not cells.has(column):
            cells.error(column, _("this column is required"))


def plan_communities(table: Table) -> ImportPlan:
    """Check every community row and decide what it would change; writes nothing."""
    plan = _start_plan(COMMUNITIES, table)
    if plan.blocked:
        return plan
    places = _Places()
    existing = _by_external_id(Community, (values.get("external_id", "") for _number, values in table.rows))
    areas = {area.slug: area for area in Area.objects.all()}
    creative_cities = {city.slug: city for city in CreativeCity.objects.select_related("province")}
    areas_of_province: dict[int, list[Area]] = defaultdict(list)
    for area in Area.objects.prefetch_related("provinces").order_by("name_th"):
        for province in area.provinces.all():
            areas_of_province[province.pk].append(area)
    seen: dict[str, int] = {}
    for number, values in table.rows:
        cells = _Cells(number, values, plan.errors)
        _missing_required(cells, COMMUNITY_REQUIRED)
        external_id = _check_external_id(cells, seen, "community")
        fields: dict[str, Any] = {}
        fields["name_th"] = cells.text("name_th", max_length=200, required=True)
        for column in ("name_en", "description_th", "description_en"):
            if cells.has(column):
                max_length = 200 if column == "name_en" else 20_000
                fields[COMMUNITY_FIELD_OF_COLUMN.get(column, column)] = cells.text(column, max_length=max_length)
        _read_places(cells, places, fields)
        if cells.has("latitude"):
            fields["latitude"] = cells.coordinate("latitude", LATITUDE_RANGE)
        if cells.has("longitude"):
            fields["longitude"] = cells.coordinate("longitude", LONGITUDE_RANGE)
        if cells.has("households"):
            fields["households"] = cells.whole("households", minimum=1)
        _read_contacts(cells, fields)
        if cells.has("area"):
            fields["area"] = _read_area(cells, areas, creative_cities, areas_of_province)
        if not cells.valid:
            continue
        instance = existing.get(external_id)
        if instance is None and PLATFORM_ID.match(external_id):
            cells.error("external_id", _("no community %(value)s on the platform") % {"value": external_id})
            continue
        row_plan = RowPlan(row=number, external_id=external_id, action=Action.CREATE, label=fields["name_th"])
        if instance is None:
            row_plan.fields = {"external_id": external_id, **fields}
        else:
            row_plan.instance = instance
            row_plan.fields = fields
            row_plan.changes = [key for key, value in fields.items() if not _same(getattr(instance, key), value)]
            row_plan.action = Action.UPDATE if row_plan.changes else Action.UNCHANGED
        plan.rows.append(row_plan)
    return plan


def _read_places(cells: _Cells, places: _Places, fields: dict[str, Any]) -> None:
    name = cells.raw("province")
    if not name:
        if cells.has("province"):
            cells.error("province", _("this column is required"))
        return
    province = places.provinces.find(name)
    if province is None:
        cells.error(
            "province",
            _did_you_mean(_('no province "%(value)s"') % {"value": name}, places.provinces.suggest(name)),
        )
        return
    fields["province"] = province
    districts = places.districts.get(province.pk, _Names([]))
    name = cells.raw("district")
    if not name:
        cells.error("district", _("this column is required"))
        return
    district = districts.find(name)
    if district is None:
        message = _('no district "%(value)s" in %(province)s') % {"value": name, "province": province.name}
        cells.error("district", _did_you_mean(message, districts.suggest(name)))
        return
    fields["district"] = district
    if not cells.has("subdistrict"):
        return
    name = cells.raw("subdistrict")
    if not name:
        fields["subdistrict"] = None
        return
    subdistricts = places.subdistricts(district)
    subdistrict = subdistricts.find(name)
    if subdistrict is None:
        elsewhere = places.subdistrict_anywhere(province, name)
        if elsewhere is not None:
            message = _("%(subdistrict)s is in the district of %(other)s, not in %(district)s") % {
                "subdistrict": elsewhere[1].name, "other": elsewhere[0].name, "district": district.name,
            }  # fmt: skip
            cells.error("subdistrict", message)
        else:
            message = _('no subdistrict "%(value)s" in %(district)s') % {"value": name, "district": district.name}
            cells.error("subdistrict", _did_you_mean(message, subdistricts.suggest(name)))
        return
    fields["subdistrict"] = subdistrict


def _read_contacts(cells: _Cells, fields: dict[str, Any]) -> None:
    if cells.has("phone"):
        phone = cells.text("phone", max_length=32)
        digits = sum(char.isdigit() for char in phone)
        if phone and (not _PHONE.match(phone) or not 9 <= digits <= 15):
            hint = _(" (a Thai number has 9 or 10 digits; format the column as text so that Excel keeps the 0)")
            cells.error(
                "phone", _('"%(value)s" is not a phone number') % {"value": phone} + (hint if digits < 9 else "")
            )
        fields["phone"] = phone
    if cells.has("line_id"):
        line_id = cells.text("line_id", max_length=64)
        if line_id and not _LINE_ID.match(line_id):
            cells.error(
                "line_id",
                _('"%(value)s" is not a LINE ID (letters, digits, . - _, or @ for an official account)')
                % {"value": line_id},
            )
        fields["line_id"] = line_id
    if cells.has("email"):
        email = cells.text("email", max_length=254)
        if email:
            try:
                validate_email(email)
            except ValidationError:
                cells.error("email", _('"%(value)s" is not an e-mail address') % {"value": email})
        fields["email"] = email
    if cells.has("website"):
        website = cells.text("website", max_length=200)
        if website and "://" not in website:
            website = "https://" + website  # officers write `example.com`; the link needs a scheme
        if website:
            try:
                URLValidator(schemes=["http", "https"])(website)
            except ValidationError:
                cells.error("website", _('"%(value)s" is not a web address') % {"value": cells.raw("website")})
        fields["website"] = website


def _read_area(
    cells: _Cells,
    areas: dict[str, Area],
    creative_cities: dict[str, CreativeCity],
    areas_of_province: dict[int, list[Area]],
) -> Area | None:
    slug = cells.raw("area").strip().lower()
    if not slug:
        return None
    if slug in areas:
        return areas[slug]
    city = creative_cities.get(slug)
    if city is not None:
        # A community belongs to an area, not to a city; the city's province says which area.
        covering = areas_of_province.get(city.province_id, [])
        if covering:
            return covering[0]
        cells.error(
            "area",
            _(
                '"%(value)s" is a creative city, but no area covers its province (%(province)s); '
                "use one of the areas: %(areas)s"
            )
            % {"value": slug, "province": city.province.name, "areas": ", ".join(sorted(areas)) or "-"},
        )
        return None
    message = _('no area or creative city "%(value)s"; the areas are: %(areas)s') % {
        "value": slug, "areas": ", ".join(sorted(areas)) or "-",
    }  # fmt: skip
    cells.error("area", message)
    return None


# Kinds and price units as officers may write them in Thai.
_KIND_WORDS = {
    "สินค้า": Kind.PRODUCT, "ผลิตภัณฑ์": Kind.PRODUCT, "กิจกรรม": Kind.EXPERIENCE, "ประสบการณ์": Kind.EXPERIENCE,
    "เส้นทาง": Kind.ROUTE, "เส้นทางท่องเที่ยว": Kind.ROUTE,
}  # fmt: skip
_UNIT_WORDS = {
    "ชิ้น": PriceUnit.PIECE, "ชุด": PriceUnit.SET, "กิโลกรัม": PriceUnit.KG, "กก.": PriceUnit.KG, "คน": PriceUnit.PERSON,
    "ท่าน": PriceUnit.PERSON, "กลุ่ม": PriceUnit.GROUP, "คืน": PriceUnit.NIGHT,
}  # fmt: skip

_LISTING_TEXT = {"title_th": 200, "title_en": 200, "description_th": 20_000, "description_en": 20_000, "materials": 300}
_LISTING_MONEY = ("price", "wholesale_price")
_LISTING_WHOLE = {"min_order_qty": 1, "lead_time_days": 0, "stock": 0, "duration_minutes": 1, "capacity": 1}


def _split_tags(text: str) -> list[str]:
    tags: list[str] = []
    for name in text.replace("،", ",").split(","):
        name = " ".join(name.split())
        if name and name.casefold() not in {tag.casefold() for tag in tags}:
            tags.append(name)
    return tags


class _Catalog:
    """What listing rows refer to, loaded in a few queries for the whole file."""

    def __init__(self, table: Table) -> None:
        rows = [values for _number, values in table.rows]
        stop_ids = [ref for values in rows for ref in _split_stops(values.get("stops", ""))]
        self.listings = _by_external_id(Listing, [values.get("external_id", "") for values in rows] + stop_ids)
        self.communities = _by_external_id(Community, [values.get("community", "") for values in rows] + stop_ids)
        self.categories: dict[str, Category] = {}
        self.category_slugs: dict[str, str] = {}
        for category in Category.objects.all():
            self.category_slugs[category.slug] = category.slug
            for key in (category.slug, category.name_th.casefold(), category.name_en.casefold()):
                if key:
                    self.categories.setdefault(key, category)
        listing_ids = [listing.pk for listing in self.listings.values()]
        self.tags: dict[int, set[str]] = defaultdict(set)
        self.stops: dict[int, list[RouteStop]] = defaultdict(list)
        for chunk in _chunks(listing_ids):
            for listing_id, name in Listing.tags.through.objects.filter(listing_id__in=chunk).values_list(
                "listing_id", "tag__name"
            ):
                self.tags[listing_id].add(name.casefold())
            for stop in RouteStop.objects.filter(route_id__in=chunk).order_by("route_id", "position"):
                self.stops[stop.route_id].append(stop)

    def community_suggestion(self, reference: str) -> str | None:
        match = difflib.get_close_matches(reference, [key for key in self.communities if ":" not in key], n=1)
        return match[0] if match else None


def _split_stops(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def plan_listings(table: Table, *, publish: bool = False) -> ImportPlan:
    """Check every listing row and decide what it would change; writes nothing."""
    plan = _start_plan(LISTINGS, table)
    if plan.blocked:
        return plan
    catalog = _Catalog(table)
    seen: dict[str, int] = {}
    seen_instances: dict[int, int] = {}
    raw_stops: dict[int, list[str]] = {}
    for number, values in table.rows:
        cells = _Cells(number, values, plan.errors)
        _missing_required(cells, LISTING_REQUIRED)
        external_id = _check_external_id(cells, seen, "listing")
        kind = _read_kind(cells)
        community = _read_community(cells, catalog)
        fields: dict[str, Any] = {}
        for column, max_length in _LISTING_TEXT.items():
            if cells.has(column) or column == "title_th":
                fields[column] = cells.text(column, max_length=max_length, required=column == "title_th")
        if cells.has("category"):
            fields["category"] = _read_category(cells, catalog)
        for column in _LISTING_MONEY:
            if cells.has(column):
                fields[column] = cells.money(column)
        if cells.has("price_unit"):
            fields["price_unit"] = _read_price_unit(cells)
        for column, minimum in _LISTING_WHOLE.items():
            if cells.has(column):
                fields[column] = cells.whole(column, minimum=minimum)
        tags = None
        if cells.has("tags"):
            tags = _split_tags(cells.raw("tags"))
            for name in tags:
                if len(name) > 60:
                    cells.error("tags", _('the tag "%(tag)s" is longer than 60 characters') % {"tag": name})
        stops = _split_stops(cells.raw("stops"))
        if stops and kind and kind != Kind.ROUTE:
            cells.error("stops", _("only routes have stops; this row is a %(kind)s") % {"kind": Kind(kind).label})
        instance = catalog.listings.get(external_id)
        if external_id and instance is None and PLATFORM_ID.match(external_id):
            cells.error("external_id", _("no listing %(value)s on the platform") % {"value": external_id})
        if instance is not None:
            # `abc` and `listing:42` may name the same listing; a duplicate id was reported above.
            first = seen_instances.setdefault(instance.pk, number)
            if first != number and seen.get(external_id) == number:
                cells.error("external_id", _("this listing is already on row %(row)d") % {"row": first})
            # The services change neither the kind nor the community of a listing: a different one
            # here is much more likely a mistyped id than a move.
            if kind and kind != instance.kind:
                cells.error(
                    "kind",
                    _('listing "%(id)s" is a %(current)s; the import cannot change its kind')
                    % {"id": external_id, "current": Kind(instance.kind).label},
                )
            if community is not None and community.pk != instance.community_id:
                cells.error(
                    "community",
                    _('listing "%(id)s" belongs to another community (%(current)s); the import cannot move it')
                    % {"id": external_id, "current": platform_reference(instance.community)},
                )
        if not cells.valid:
            continue
        row_plan = RowPlan(
            row=number,
            external_id=external_id,
            action=Action.CREATE,
            label=fields["title_th"],
            kind=kind,
            community=community,
            tags=tags,
            publish=publish,
        )
        if instance is None:
            row_plan.fields = {"external_id": external_id, **fields}
        else:
            row_plan.instance = instance
            row_plan.fields = fields
            row_plan.changes = [key for key, value in fields.items() if not _same(getattr(instance, key), value)]
            if tags is not None and {name.casefold() for name in tags} != catalog.tags.get(instance.pk, set()):
                row_plan.changes.append("tags")
            if publish and instance.status != Status.PUBLISHED:
                row_plan.changes.append("status")
        if kind == Kind.ROUTE and cells.has("stops"):
            raw_stops[number] = stops
        plan.rows.append(row_plan)
    row_of_id = {values.get("external_id", ""): number for number, values in reversed(table.rows)}
    _plan_stops(plan, catalog, raw_stops, row_of_id)
    for row_plan in plan.rows:
        if row_plan.instance is not None:
            row_plan.action = Action.UPDATE if row_plan.changes else Action.UNCHANGED
    return plan


def _read_kind(cells: _Cells) -> str:
    value = cells.raw("kind").strip()
    if not value:
        if cells.has("kind"):
            cells.error("kind", _("this column is required"))
        return ""
    kind = _KIND_WORDS.get(value) or (value.lower() if value.lower() in Kind.values else "")
    if not kind:
        cells.error("kind", _('"%(value)s" is not a kind: write product, experience or route') % {"value": value})
    return kind


def _read_community(cells: _Cells, catalog: _Catalog) -> Community | None:
    reference = cells.raw("community")
    if not reference:
        if cells.has("community"):
            cells.error("community", _("this column is required"))
        return None
    community = catalog.communities.get(reference)
    if community is None:
        message = _('no community with external_id "%(value)s" (import the communities first)') % {"value": reference}
        cells.error("community", _did_you_mean(message, catalog.community_suggestion(reference)))
    return community


def _read_category(cells: _Cells, catalog: _Catalog) -> Category | None:
    value = cells.raw("category").strip()
    if not value:
        return None
    category = catalog.categories.get(value.casefold()) or catalog.categories.get(value.lower())
    if category is None:
        suggestion = difflib.get_close_matches(value.lower(), list(catalog.category_slugs), n=1)
        message = _('no category "%(value)s"') % {"value": value}
        if suggestion:
            cells.error("category", _did_you_mean(message, suggestion[0]))
        else:
            cells.error(
                "category",
                _("%(message)s; the categories are: %(slugs)s")
                % {"message": message, "slugs": ", ".join(sorted(catalog.category_slugs))},
            )
    return category


def _read_price_unit(cells: _Cells) -> str:
    value = cells.raw("price_unit").strip()
    if not value:
        return ""
    unit = _UNIT_WORDS.get(value) or (value.lower() if value.lower() in PriceUnit.values else "")
    if not unit:
        cells.error(
            "price_unit",
            _('"%(value)s" is not a price unit: write %(units)s')
            % {"value": value, "units": ", ".join(PriceUnit.values)},
        )
    return unit


def _plan_stops(
    plan: ImportPlan, catalog: _Catalog, raw_stops: dict[int, list[str]], row_of_id: dict[str, int]
) -> None:
    """Resolve route stops once every row is known: a stop may be a listing created by this file."""
    in_file = {row_plan.external_id: row_plan for row_plan in plan.rows}
    valid: list[RowPlan] = []
    for row_plan in plan.rows:
        references = raw_stops.get(row_plan.row)
        if references is None:
            valid.append(row_plan)
            continue
        stops: list[tuple[str, Any]] = []
        problems: list[str] = []
        for reference in references:
            if reference == row_plan.external_id:
                problems.append(_('"%(value)s" is this route itself') % {"value": reference})
                continue
            target = in_file.get(reference)
            listing = catalog.listings.get(reference)
            if target is not None:
                stops.append(("listing", target.instance.pk) if target.instance else ("new", reference))
            elif listing is not None:
                if row_plan.instance is not None and listing.pk == row_plan.instance.pk:
                    problems.append(_('"%(value)s" is this route itself') % {"value": reference})
                else:
                    stops.append(("listing", listing.pk))
            elif reference in catalog.communities:
                stops.append(("community", catalog.communities[reference].pk))
            elif reference in row_of_id:
                problems.append(
                    _('"%(value)s" is on row %(row)d, which has errors')
                    % {"value": reference, "row": row_of_id[reference]}
                )
            else:
                problems.append(_('no listing or community with external_id "%(value)s"') % {"value": reference})
        if problems:
            for problem in problems:
                plan.errors.append(RowError(row_plan.row, "stops", problem))
            continue
        row_plan.stops = stops
        if row_plan.instance is not None:
            current = [
                ("listing", stop.listing_id) if stop.listing_id else ("community", stop.community_id)
                for stop in catalog.stops.get(row_plan.instance.pk, [])
            ]
            row_plan.stops_changed = current != stops
            if row_plan.stops_changed:
                row_plan.changes.append("stops")
        else:
            row_plan.stops_changed = bool(stops)
        valid.append(row_plan)
    plan.rows = valid
    plan.errors.sort(key=lambda error: error.row)


def plan_file(
    *,
    kind: str,
    name: str,
    data: bytes,
    publish: bool = False,
    max_rows: int | None = None,
) -> ImportPlan:
    """Read and check a file; problems with the file itself come back as the plan's errors."""
    try:
        table = read_table(name, data, max_rows=max_rows)
    except ImportFileError as exc:
        return ImportPlan(kind=kind, errors=exc.errors, blocked=True)
    if kind == COMMUNITIES:
        return plan_communities(table)
    return plan_listings(table, publish=publish)


# --- Applying ----------------------------------------------------------------------------------


@dataclass
class ImportResult:
    """What an import did: the counts, and the problems of the rows it skipped (or of the whole file)."""

    written: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)


class _Rollback(Exception):
    pass


Progress = Callable[[int, int], None]


def import_apply(
    plan: ImportPlan, *, by: User | None, skip_invalid: bool = False, progress: Progress | None = None
) -> ImportResult:
    """Apply a plan in one transaction: everything or, when any row fails, nothing.

    With `skip_invalid` the valid rows are written and the others reported. A problem with the file
    itself (unknown or missing columns, unreadable file) always stops the import.
    """
    if plan.blocked or (plan.errors and not skip_invalid):
        return ImportResult(written=False, errors=list(plan.errors))
    errors = list(plan.errors)
    skipped = set(plan.invalid_rows)
    applied: list[RowPlan] = []
    try:
        with transaction.atomic():
            if plan.kind == COMMUNITIES:
                _apply_communities(
                    plan, by=by, errors=errors, applied=applied, progress=progress, skip_invalid=skip_invalid
                )
            else:
                _apply_listings(
                    plan, by=by, errors=errors, applied=applied, progress=progress, skip_invalid=skip_invalid
                )
            if len(errors) > len(plan.errors) and not skip_invalid:
                raise _Rollback
    except _Rollback:
        return ImportResult(written=False, errors=sorted(errors, key=lambda error: error.row))
    failed = {error.row for error in errors[len(plan.errors) :]}
    done = [row_plan for row_plan in applied if row_plan.row not in failed]
    return ImportResult(
        written=True,
        created=sum(1 for row_plan in done if row_plan.action == Action.CREATE),
        updated=sum(1 for row_plan in done if row_plan.action == Action.UPDATE),
        unchanged=sum(1 for row_plan in done if row_plan.action == Action.UNCHANGED),
        skipped=len(skipped | failed),
        errors=sorted(errors, key=lambda error: error.row),
    )


def _validation_errors(row: int, exc: ValidationError, column_of: dict[str, str] | None = None) -> list[RowError]:
    column_of = column_of or {}
    if hasattr(exc, "error_dict"):
        return [
            RowError(row, column_of.get(name, name) if name != "__all__" else "", message)
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return [RowError(row, "", message) for message in exc.messages]


def _row_savepoint(skip_invalid: bool) -> AbstractContextManager[Any]:
    """A savepoint per row when the valid rows are kept; otherwise any failure undoes everything anyway."""
    return transaction.atomic() if skip_invalid else nullcontext()


def _apply_communities(
    plan: ImportPlan,
    *,
    by: User | None,
    errors: list[RowError],
    applied: list[RowPlan],
    progress: Progress | None,
    skip_invalid: bool,
) -> None:
    total = len(plan.rows)
    for done, row_plan in enumerate(plan.rows, start=1):
        if row_plan.action != Action.UNCHANGED:
            try:
                with _row_savepoint(skip_invalid):
                    if row_plan.action == Action.CREATE:
                        places_services.community_create(by=by, **row_plan.fields)
                    else:
                        changes = {key: row_plan.fields[key] for key in row_plan.changes}
                        places_services.community_update(community=row_plan.instance, by=by, **changes)
            except ValidationError as exc:
                errors.extend(_validation_errors(row_plan.row, exc, COLUMN_OF_COMMUNITY_FIELD))
                continue
        applied.append(row_plan)
        if progress is not None:
            progress(done, total)


def _apply_listings(
    plan: ImportPlan,
    *,
    by: User | None,
    errors: list[RowError],
    applied: list[RowPlan],
    progress: Progress | None,
    skip_invalid: bool,
) -> None:
    total = len(plan.rows) + sum(1 for row_plan in plan.rows if row_plan.stops_changed)
    done = 0
    listings: dict[str, Listing] = {}
    for row_plan in plan.rows:
        done += 1
        try:
            with _row_savepoint(skip_invalid):
                listing = _apply_listing(row_plan, by=by)
        except ValidationError as exc:
            errors.extend(_validation_errors(row_plan.row, exc))
            continue
        listings[row_plan.external_id] = listing
        applied.append(row_plan)
        if progress is not None:
            progress(done, total)
    existing = _stop_listings(plan)
    for row_plan in plan.rows:
        if not row_plan.stops_changed or row_plan.external_id not in listings:
            continue
        done += 1
        route = listings[row_plan.external_id]
        try:
            with _row_savepoint(skip_invalid):
                catalog_services.route_set_stops(route=route, stops=_stop_specs(row_plan, route, listings, existing))
        except (ValidationError, KeyError) as exc:
            message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else _("a stop could not be found")
            errors.append(RowError(row_plan.row, "stops", message))
        if progress is not None:
            progress(done, total)


def _apply_listing(row_plan: RowPlan, *, by: User | None) -> Listing:
    if row_plan.action == Action.CREATE:
        assert row_plan.community is not None
        listing = catalog_services.listing_create(
            community=row_plan.community, kind=row_plan.kind, by=by, tags=row_plan.tags or (), **row_plan.fields
        )
    else:
        listing = row_plan.instance
        changes = {key: row_plan.fields[key] for key in row_plan.changes if key in row_plan.fields}
        tags = row_plan.tags if "tags" in row_plan.changes else None
        if changes or tags is not None:
            was_published = listing.status == Status.PUBLISHED
            listing = catalog_services.listing_update(listing=listing, by=by, tags=tags, **changes)
            # An officer's import is trusted: a published listing it changes stays published
            # (from the web page `by` is the officer, whom listing_update already trusts; on the
            # command line there is no user, so the publication is restored here).
            if was_published and listing.status != Status.PUBLISHED:
                listing = catalog_services.listing_publish_directly(listing=listing, by=None)
    if row_plan.publish and listing.status != Status.PUBLISHED:
        listing = catalog_services.listing_publish_directly(listing=listing, by=by)
    return listing


def _stop_listings(plan: ImportPlan) -> dict[int, Listing]:
    pks = sorted({pk for row_plan in plan.rows for kind, pk in row_plan.stops or () if kind == "listing"})
    found: dict[int, Listing] = {}
    for chunk in _chunks(pks):
        found.update(Listing.objects.in_bulk(chunk))
    return found


def _stop_specs(
    row_plan: RowPlan, route: Listing, created: dict[str, Listing], existing: dict[int, Listing]
) -> list[catalog_services.StopSpec]:
    # Keep the day and time notes of stops that stay (the file does not carry them).
    kept = {
        (stop.listing_id, stop.community_id): stop
        for stop in RouteStop.objects.filter(route=route).order_by("-position")
    }
    communities = Community.objects.in_bulk([pk for kind, pk in row_plan.stops or () if kind == "community"])
    specs = []
    for kind, key in row_plan.stops or ():
        listing = community = None
        if kind == "new":
            listing = created[key]
        elif kind == "listing":
            listing = existing[key]
        else:
            community = communities[key]
        old = kept.get((listing.pk if listing else None, community.pk if community else None))
        specs.append(
            catalog_services.StopSpec(
                community=community,
                listing=listing,
                day=old.day if old else 1,
                time_note_th=old.time_note_th if old else "",
                time_note_en=old.time_note_en if old else "",
            )
        )
    return specs


# --- Jobs: the officers' import page ------------------------------------------------------------

logger = logging.getLogger(__name__)


def _progress_key(job_id: int) -> str:
    return f"catalog-import-progress-{job_id}"


def import_job_progress(job: ImportJob) -> int:
    """How far a job is, in percent.

    The import runs in one transaction, so progress written to the job's row inside it would stay
    invisible to the page until the end; the cache carries it instead (shared by every process
    when REDIS_URL is set), and the row keeps the figures of the steps outside the transaction.
    """
    if job.is_running:
        return max(job.progress, int(cache.get(_progress_key(job.pk), 0)))
    return job.progress


def _store_plan(job: ImportJob, plan: ImportPlan) -> None:
    job.row_count = plan.row_count
    job.created_count = plan.count(Action.CREATE)
    job.updated_count = plan.count(Action.UPDATE)
    job.unchanged_count = plan.count(Action.UNCHANGED)
    job.skipped_count = len(plan.invalid_rows)
    job.errors = [error.as_dict() for error in plan.errors[:MAX_STORED_ERRORS]]
    job.preview = [row.as_dict() for row in plan.rows if row.action != Action.UNCHANGED][:MAX_PREVIEW_ROWS]


MAX_STORED_ERRORS = 2000
MAX_PREVIEW_ROWS = 500


@transaction.atomic
def import_job_create(*, by: User, kind: str, upload: UploadedFile, publish: bool = False) -> ImportJob:
    """Keep an uploaded file with its preview: what each row would do, and every problem. Writes no
    community or listing."""
    data = upload.read()
    name = PurePath(upload.name or "import").name
    job = ImportJob(
        kind=kind,
        publish=publish and kind == ImportKind.LISTINGS,
        original_name=name[:255],
        created_by=by,
        language=translation.get_language() or "th",
    )
    plan = plan_file(kind=kind, name=name, data=data, publish=job.publish, max_rows=MAX_UPLOAD_ROWS)
    _store_plan(job, plan)
    if plan.blocked:
        job.status = ImportStatus.FAILED
        job.progress = 100
        job.finished_at = timezone.now()
    job.file.save(name, ContentFile(data), save=False)
    job.save()
    return job


@transaction.atomic
def import_job_start(*, job: ImportJob, by: User, skip_invalid: bool = False) -> ImportJob:
    """Confirm a previewed import: it runs as a task while the page shows its progress."""
    if job.status != ImportStatus.PREVIEW:
        raise ValidationError(_("This import has already been started."))
    if job.errors and not skip_invalid:
        raise ValidationError(
            _("The file has problems: correct them and upload it again, or choose to skip the rows with problems.")
        )
    job.status = ImportStatus.QUEUED
    job.skip_invalid = skip_invalid
    job.save(update_fields=["status", "skip_invalid"])
    audit_record(
        actor=by,
        action="catalog.import",
        obj=job,
        summary=f"{job.kind}: {job.original_name}",
        after={"publish": job.publish, "skip_invalid": skip_invalid},
    )
    from chumchon.catalog.import_tasks import run_import_job

    job_id = job.pk
    transaction.on_commit(lambda: run_import_job.enqueue(job_id))
    return job


def import_job_run(*, job_id: int) -> None:
    """Run a confirmed import (called by the task): check the file again, apply it, keep the outcome."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=timezone.now(), progress=1
    )
    if not claimed:  # already run (a task delivered twice) or deleted
        return
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    key = _progress_key(job.pk)
    last = [0]

    def progress(done: int, total: int) -> None:
        percent = 10 + 89 * done // max(total, 1)
        if percent > last[0]:
            last[0] = percent
            cache.set(key, percent, 6 * 3600)

    with translation.override(job.language):
        try:
            with job.file.open("rb") as stream:
                data = stream.read()
            plan = plan_file(kind=job.kind, name=job.original_name, data=data, publish=job.publish)
            ImportJob.objects.filter(pk=job.pk).update(progress=10)
            result = import_apply(plan, by=job.created_by, skip_invalid=job.skip_invalid, progress=progress)
        except Exception:
            logger.exception("import %s failed", job.pk)
            message = _(
                "The import stopped because of an unexpected error; nothing was written. Tell the administrator."
            )
            result = ImportResult(written=False, errors=[RowError(0, "", message)])
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.DONE if result.written else ImportStatus.FAILED,
        created_count=result.created,
        updated_count=result.updated,
        unchanged_count=result.unchanged,
        skipped_count=result.skipped,
        errors=[error.as_dict() for error in result.errors[:MAX_STORED_ERRORS]],
        progress=100,
        finished_at=timezone.now(),
    )
    cache.delete(key)


# Reads of the import page (kept here with the jobs they read, rather than in catalog/selectors.py).


def recent_import_jobs(limit: int = 20) -> models.QuerySet[ImportJob]:
    return ImportJob.objects.select_related("created_by").order_by("-created_at", "-id")[:limit]


def import_job_for_officer(*, pk: int) -> ImportJob:
    """Any import, for an officer (imports are the agency's shared work); 404 when there is none."""
    job = ImportJob.objects.select_related("created_by").filter(pk=pk).first()
    if job is None:
        raise Http404
    return job
