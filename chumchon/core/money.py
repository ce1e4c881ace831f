"""Money: Thai baht with two decimals, formatted in one place."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

TWO_PLACES = Decimal("0.01")


def to_baht(value: Decimal | int | float | str) -> Decimal:
    """A THB amount rounded to satang; raises ValidationError for anything that is not a number."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("“%(value)s” is not an amount of money."), params={"value": value}) from None
    if not amount.is_finite():
        raise ValidationError(_("“%(value)s” is not an amount of money."), params={"value": value})
    return amount.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def format_baht(value: Decimal | int | float | str | None) -> str:
    """`฿1,250.00`; negative amounts as `-฿1,250.00`; empty for None."""
    if value is None or value == "":
        return ""
    amount = to_baht(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}฿{abs(amount):,.2f}"
