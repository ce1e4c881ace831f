"""Reading cells: one row's text read as numbers, money, whole numbers and coordinates."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from chumchon.catalog.imports.errors import RowError

MAX_MONEY = Decimal("9999999999.99")  # the columns hold 12 digits, 2 after the point
MAX_WHOLE = 2_147_483_647
LATITUDE_RANGE = (Decimal(5), Decimal(21))  # Thailand, as the Community model validates it
LONGITUDE_RANGE = (Decimal(97), Decimal(106))

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


def _did_you_mean(message: str, suggestion: str | None) -> str:
    if suggestion is None:
        return message
    return _("%(message)s; did you mean “%(suggestion)s”?") % {"message": message, "suggestion": suggestion}
