"""Hostile files and bodies are refused early and cheaply, with a message a person can act on.

Each test builds the hostile thing itself: an .xlsx zip bomb of a few hundred KB that expands to
some 300 MB, billion-laughs and external-entity (XXE) workbooks, a PNG that declares 7000 x 7000
pixels, a CSV with a 128 KB cell, deeply nested JSON and a 5,001-digit number.
"""

from __future__ import annotations

import io
import json
import struct
import time
import tracemalloc
import zipfile
import zlib

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from chumchon.core import spreadsheets
from chumchon.core.images import clean_uploaded_image

SHEET = "xl/worksheets/sheet1.xml"
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = b"</sheetData></worksheet>"


def workbook_with_sheet(write_sheet) -> bytes:
    """A real workbook (saved by openpyxl) whose first sheet's XML is written by `write_sheet(stream)`."""
    source = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(["name", "price"])
    book.save(source)
    out = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in original.infolist():
            if item.filename == SHEET:
                with archive.open(SHEET, "w", force_zip64=True) as stream:
                    write_sheet(stream)
            else:
                archive.writestr(item, original.read(item.filename))
    return out.getvalue()


def zip_bomb(megabytes: int = 300) -> bytes:
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    chunk = row * (1024 * 1024 // len(row))

    def write(stream: io.BufferedIOBase) -> None:
        stream.write(SHEET_HEAD)
        for _ in range(megabytes):
            stream.write(chunk)
        stream.write(SHEET_TAIL)

    return workbook_with_sheet(write)


def sheet_xml(doctype: bytes, cell: bytes) -> bytes:
    return workbook_with_sheet(
        lambda stream: stream.write(
            b'<?xml version="1.0" encoding="UTF-8"?>\n'
            + doctype
            + b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            + b'<row r="1"><c r="A1" t="inlineStr"><is><t>'
            + cell
            + b"</t></is></c></row>"
            + SHEET_TAIL
        )
    )


BILLION_LAUGHS = (
    b'<!DOCTYPE worksheet [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (level, (b"&lol%d;" % (level - 1) if level > 1 else b"&lol;") * 10)
        for level in range(1, 10)
    )
    + b"]>"
)
XXE = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def png_header_only(width: int, height: int) -> bytes:
    """A valid PNG that declares width x height pixels of greyscale and holds a few bytes of them (47 KB
    would be the real thing compressed; its header is what matters)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * (width + 1) * 8))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


# --- Spreadsheets -------------------------------------------------------------------------------


def test_it_refuses_an_xlsx_zip_bomb_from_its_zip_directory_quickly():
    bomb = zip_bomb()
    assert len(bomb) < 5 * 1024 * 1024  # a few MB at most, expanding to 300 MB
    started = time.monotonic()
    with pytest.raises(spreadsheets.SpreadsheetError) as refused:
        spreadsheets.read_sheet("listings.xlsx", bomb)
    assert time.monotonic() - started < 2
    assert "300 MB" in refused.value.message and "not an ordinary spreadsheet" in refused.value.message


def test_it_refuses_a_zip_bomb_with_memory_growth_bounded():
    bomb = zip_bomb()
    tracemalloc.start()
    try:
        with pytest.raises(spreadsheets.SpreadsheetError):
            spreadsheets.read_sheet("listings.xlsx", bomb)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2 * 1024 * 1024, f"peak {peak / 1048576:.1f} MB"


def test_it_stops_reading_at_the_row_limit_without_holding_the_rest():
    rows = 20_000

    def write(stream: io.BufferedIOBase) -> None:
        stream.write(SHEET_HEAD + b'<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>')
        for number in range(2, rows + 2):
            stream.write(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (number, number))
        stream.write(SHEET_TAIL)

    data = workbook_with_sheet(write)
    tracemalloc.start()
    try:
        with pytest.raises(spreadsheets.SpreadsheetError) as refused:
            spreadsheets.read_sheet("listings.xlsx", data, max_rows=100)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "more than 100 rows" in refused.value.message
    assert refused.value.row == 102  # the 101st row under the header
    assert peak < 5 * 1024 * 1024, f"peak {peak / 1048576:.1f} MB"


@pytest.mark.parametrize("doctype", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_it_refuses_entities_in_a_workbook(doctype):
    cell = b"&lol9;" if doctype is BILLION_LAUGHS else b"&xxe;"
    with pytest.raises(spreadsheets.SpreadsheetError) as refused:
        spreadsheets.read_sheet("listings.xlsx", sheet_xml(doctype, cell))
    assert "entity declarations" in refused.value.message


def test_it_refuses_too_many_columns_and_too_long_cells():
    wide = "\n".join([",".join(f"c{n}" for n in range(300)), ",".join("1" for _ in range(300))])
    with pytest.raises(spreadsheets.SpreadsheetError) as refused:
        spreadsheets.read_sheet("listings.csv", wide.encode())
    assert "more than 256 columns" in refused.value.message and refused.value.row == 1

    long_cell = "name,description\nมีด," + "ก" * 40_000 + "\n"
    with pytest.raises(spreadsheets.SpreadsheetError) as refused:
        spreadsheets.read_sheet("listings.csv", long_cell.encode())
    assert refused.value.row == 2 and "40000 characters" in refused.value.message


def test_it_names_the_row_of_a_csv_field_over_128_kb():
    data = ("name,description\nมีด,short\nผ้า," + "x" * (128 * 1024 + 1) + "\n").encode()
    with pytest.raises(spreadsheets.SpreadsheetError) as refused:
        spreadsheets.read_sheet("listings.csv", data)
    assert refused.value.row == 3
    assert "Row 3 has a cell longer than 32767 characters" in refused.value.message


@pytest.mark.parametrize(
    "body", ["[" * 5000 + "]" * 5000, '[{"name": ' + "1" * 5001 + "}]"], ids=["deep", "long-number"]
)
def test_it_refuses_hostile_json_files(body):
    with pytest.raises(spreadsheets.SpreadsheetError) as refused:
        spreadsheets.read_sheet("listings.json", body.encode())
    assert "levels deep" in refused.value.message or "5001 characters" in refused.value.message


@pytest.mark.django_db
def test_it_writes_nothing_from_a_survey_zip_bomb(client, officer):
    from chumchon.impact.models import HouseholdIncome

    client.force_login(officer)
    assert client.get("/en/impact/surveys/import/").status_code == 200  # templates compiled
    upload = SimpleUploadedFile("survey.xlsx", zip_bomb(), content_type="application/octet-stream")
    started = time.monotonic()
    response = client.post("/en/impact/surveys/import/", {"file": upload})
    assert time.monotonic() - started < 15  # (the first request of a test run compiles templates and URLs)
    assert response.status_code == 400
    assert "not an ordinary spreadsheet" in response.content.decode()
    assert not HouseholdIncome.objects.exists()


# --- Images -------------------------------------------------------------------------------------


def test_it_refuses_a_7000_by_7000_png_before_decoding_it():
    data = png_header_only(7000, 7000)
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(ValidationError) as refused:
            clean_uploaded_image(io.BytesIO(data))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 0.5
    assert peak < 2 * 1024 * 1024
    assert "7000 × 7000 pixels (49 megapixels)" in refused.value.messages[0]
    assert "at most 40 megapixels" in refused.value.messages[0]


# --- JSON request bodies ------------------------------------------------------------------------


def error_shape(response) -> dict:
    body = response.json()
    assert set(body) == {"detail", "code", "errors"}, body
    return body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "words"),
    [
        ('{"event": ' + "[" * 5000 + "]" * 5000 + "}", "levels deep"),
        ('{"event": ' + "1" * 5001 + "}", "5001 characters"),
        ('{"event": ' + "9" * 400 + ".5e999}", "characters"),
        ('{"event": "a\\u0000b"}', "NUL character"),
        ('{"a\\u0000": "b"}', "NUL character"),
    ],
    ids=["deep", "long-integer", "long-float", "nul-value", "nul-key"],
)
def test_it_answers_400_to_hostile_json_bodies(client, alice, body, words):
    client.force_login(alice)
    response = client.post(
        "/api/v1/matching/registrations/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    data = error_shape(response)
    assert data["code"] == "parse_error" and words in data["detail"], data


@pytest.mark.django_db
def test_it_answers_json_within_the_bounds_as_before(client, alice):
    client.force_login(alice)
    nested = {"event": "no-such-event", "extra": json.loads("[" * 20 + "]" * 20)}
    response = client.post("/api/v1/matching/registrations/", nested, content_type="application/json")
    assert response.status_code == 400
    assert error_shape(response)["code"] == "invalid"


# --- Hostile input in addresses and fields ------------------------------------------------------


@pytest.mark.django_db
def test_it_answers_404_to_a_non_numeric_id(client, officer):
    client.force_login(officer)
    response = client.post("/api/v1/programme/action-items/abc/done/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert error_shape(response)["code"] == "not_found"


@pytest.mark.django_db
def test_it_answers_404_in_the_error_shape_to_a_nul_in_an_api_address(client):
    response = client.get("/api/v1/communities/a%00b/")
    assert response.status_code == 404
    assert error_shape(response)["code"] == "not_found"


@pytest.mark.django_db
def test_it_documents_message_attachments_as_a_list(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    attachments = schema["components"]["schemas"]["Message"]["properties"]["attachments"]
    assert attachments["type"] == "array"
    assert attachments["items"]["$ref"].endswith("/Attachment")
