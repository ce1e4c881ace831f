"""The columns of each kind of file, and the check of a file's column names."""

from __future__ import annotations

import difflib

from django.utils.translation import gettext as _

from chumchon.catalog.imports.errors import RowError
from chumchon.catalog.imports.reading import Table
from chumchon.catalog.models import ImportKind

COMMUNITIES = ImportKind.COMMUNITIES.value
LISTINGS = ImportKind.LISTINGS.value

COMMUNITY_COLUMNS = (
    "external_id", "name_th", "name_en", "province", "district", "subdistrict", "latitude", "longitude",
    "description_th", "description_en", "phone", "line_id", "email", "website", "households", "area",
    "organisation",
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
