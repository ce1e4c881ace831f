"""Thai dates and the Thai fiscal year.

Dates shown in Thai use the Buddhist Era (พ.ศ. = ค.ศ. + 543); the government's fiscal year runs
from 1 October to 30 September and is named by the พ.ศ. year in which it ends, so 1 October 2025
starts fiscal year 2569.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation
from django.utils.formats import date_format
from pythainlp.util import thai_strftime

BE_OFFSET = 543
FISCAL_YEAR_FIRST_MONTH = 10


def to_buddhist_year(year: int) -> int:
    return year + BE_OFFSET


def from_buddhist_year(year_be: int) -> int:
    return year_be - BE_OFFSET


def fiscal_year_of(day: dt.date) -> int:
    """The Thai fiscal year (พ.ศ.) that a date falls in: October–September."""
    year = day.year + 1 if day.month >= FISCAL_YEAR_FIRST_MONTH else day.year
    return to_buddhist_year(year)


def fiscal_year_bounds(fiscal_year_be: int) -> tuple[dt.date, dt.date]:
    """First and last day of a Thai fiscal year given in พ.ศ."""
    end_year = from_buddhist_year(fiscal_year_be)
    return dt.date(end_year - 1, FISCAL_YEAR_FIRST_MONTH, 1), dt.date(end_year, 9, 30)


def _as_local(value: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    return dt.datetime(value.year, value.month, value.day)


def format_date(value: dt.date | dt.datetime | None, *, long: bool = False, with_time: bool = False) -> str:
    """A date for people: `24 ส.ค. 2569` in Thai (Buddhist Era), `24 Aug 2026` in English."""
    if value is None:
        return ""
    local = _as_local(value)
    if translation.get_language() == "th":
        pattern = "%-d %B %Y" if long else "%-d %b %Y"
        if with_time:
            pattern += " %H:%M น."
        return thai_strftime(local, pattern)
    pattern_name = "j F Y" if long else "j M Y"
    text = date_format(local, pattern_name)
    if with_time:
        text += local.strftime(" %H:%M")
    return text


def format_fiscal_year(fiscal_year_be: int) -> str:
    """`ปีงบประมาณ 2569` in Thai, `FY 2026 (Oct 2025–Sep 2026)` in English."""
    if translation.get_language() == "th":
        return f"ปีงบประมาณ {fiscal_year_be}"
    end_year = from_buddhist_year(fiscal_year_be)
    return f"FY {end_year} (Oct {end_year - 1}–Sep {end_year})"


def display_year(year_ce: int) -> int:
    """The year shown to the reader: Buddhist Era in Thai, Common Era otherwise."""
    return to_buddhist_year(year_ce) if translation.get_language() == "th" else year_ce
