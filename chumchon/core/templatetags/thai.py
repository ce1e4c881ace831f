"""Template filters for Thai dates, fiscal years and money (loaded as builtins)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template

from chumchon.core import money, thai

register = template.Library()


@register.filter
def thaidate(value: dt.date | dt.datetime | None, arg: str = "") -> str:
    """`{{ day|thaidate }}` → 24 ส.ค. 2569; `|thaidate:"long"`, `|thaidate:"time"`."""
    options = set(arg.split(",")) if arg else set()
    return thai.format_date(value, long="long" in options, with_time="time" in options)


@register.filter
def fiscal_year(value: dt.date | int | None) -> str:
    """`{{ day|fiscal_year }}` or `{{ 2569|fiscal_year }}` → ปีงบประมาณ 2569."""
    if value is None or value == "":
        return ""
    year = value if isinstance(value, int) else thai.fiscal_year_of(value)
    return thai.format_fiscal_year(year)


@register.filter
def baht(value: Decimal | int | float | str | None) -> str:
    """`{{ price|baht }}` → ฿1,250.00."""
    return money.format_baht(value)


@register.filter
def year(value: int | str | None) -> str:
    """A CE year as people read it: `2562` (พ.ศ.) on Thai pages, `2019` on English pages."""
    if value is None or value == "":
        return ""
    return str(thai.display_year(int(value)))
