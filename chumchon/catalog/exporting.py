"""Export listings to .xlsx or .csv in the import's own columns, so that importing an export changes nothing.

The files are written by `core.spreadsheets`, which keeps a title such as `=HYPERLINK(...)` from running as a
formula in the officer's spreadsheet (and the import reads it back as it was)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import PurePath
from typing import IO

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from chumchon.catalog.imports.columns import LISTING_COLUMNS
from chumchon.catalog.imports.references import platform_reference
from chumchon.catalog.models import Listing, RouteStop, Status
from chumchon.core import spreadsheets
from chumchon.core.spreadsheets import Cell

FORMATS = (".xlsx", ".csv")

# What each column holds, in Thai: the comment on the header cell of an .xlsx export.
COLUMN_NOTES_TH = {
    "external_id": "รหัสของรายการ (ห้ามซ้ำ ใช้รหัสเดิมเพื่อแก้ไขรายการเดิม)",
    "community": "รหัส (external_id) ของชุมชน",
    "kind": "product = สินค้า, experience = กิจกรรม, route = เส้นทาง",
    "title_th": "ชื่อภาษาไทย (ต้องมี)",
    "title_en": "ชื่อภาษาอังกฤษ",
    "description_th": "รายละเอียดภาษาไทย",
    "description_en": "รายละเอียดภาษาอังกฤษ",
    "category": "หมวดหมู่ เช่น textiles, ceramics, food, workshop, homestay, day-trip",
    "tags": "คำค้น คั่นด้วยจุลภาค (,)",
    "price": "ราคา (บาท) ทศนิยมไม่เกิน 2 ตำแหน่ง",
    "price_unit": "หน่วยราคา: piece, set, kg, person, group, night",
    "wholesale_price": "ราคาขายส่ง (บาท) สำหรับสินค้า",
    "min_order_qty": "จำนวนสั่งขั้นต่ำ (สินค้า)",
    "lead_time_days": "ระยะเวลาผลิต/จัดส่ง (วัน)",
    "stock": "จำนวนในสต็อก",
    "duration_minutes": "ระยะเวลา (นาที) สำหรับกิจกรรมและเส้นทาง",
    "capacity": "รับได้สูงสุด (คน)",
    "materials": "วัสดุ (สินค้า)",
    "stops": "จุดแวะของเส้นทาง: รหัสรายการหรือรหัสชุมชน คั่นด้วย ; ตามลำดับ",
}


def listings_for_export(*, published_only: bool = False) -> QuerySet[Listing]:
    listings = Listing.objects.select_related("community", "category").prefetch_related(
        "tags",
        Prefetch("stops", queryset=RouteStop.objects.select_related("listing", "community").order_by("position")),
    )
    if published_only:
        listings = listings.filter(status=Status.PUBLISHED)
    return listings.order_by("community__name_th", "kind", "id")


def listing_row(listing: Listing) -> list[Cell]:
    """One listing in the order of LISTING_COLUMNS."""
    stops = []
    for stop in listing.stops.all():
        target = stop.listing if stop.listing is not None else stop.community
        assert target is not None
        stops.append(platform_reference(target))
    values: dict[str, Cell] = {
        "external_id": platform_reference(listing),
        "community": platform_reference(listing.community),
        "kind": listing.kind,
        "category": listing.category.slug if listing.category else "",
        "tags": ", ".join(sorted((tag.name for tag in listing.tags.all()), key=str.casefold)),
        "stops": "; ".join(stops),
    }
    for column in LISTING_COLUMNS:
        if column not in values:
            values[column] = getattr(listing, column)
    return [values[column] for column in LISTING_COLUMNS]


def write_xlsx(rows: Iterable[Sequence[Cell]], stream: IO[bytes]) -> int:
    from openpyxl.comments import Comment

    workbook = spreadsheets.xlsx_workbook()
    # Ids and text stay text, so that Excel never turns `0012` into 12.
    sheet, count = spreadsheets.xlsx_sheet(workbook, _("Listings"), LISTING_COLUMNS, rows)
    for cell in sheet[1]:
        note = COLUMN_NOTES_TH.get(str(cell.value))
        if note:
            cell.comment = Comment(note, "Chumchon")
    for column_cells in sheet.iter_cols(min_row=1, max_row=1):
        letter = column_cells[0].column_letter
        sheet.column_dimensions[letter].width = max(12, min(40, len(str(column_cells[0].value)) + 4))
    workbook.save(stream)
    return count


def export_listings(stream: IO[bytes], *, file_format: str, published_only: bool = False) -> int:
    """Write the listings to `stream` as .xlsx or .csv; returns the number of listings written."""
    listings = listings_for_export(published_only=published_only)
    rows = (listing_row(listing) for listing in listings.iterator(chunk_size=1000))
    if file_format == ".xlsx":
        return write_xlsx(rows, stream)
    if file_format == ".csv":
        return spreadsheets.write_csv(stream, LISTING_COLUMNS, rows)
    raise ValueError(file_format)


def format_of(name: str) -> str | None:
    suffix = PurePath(name).suffix.lower()
    return suffix if suffix in FORMATS else None
