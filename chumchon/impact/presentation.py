"""What the dashboard templates need from the figures: charts placed, month names in Thai (พ.ศ.)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import translation
from django.utils.formats import date_format
from pythainlp.util import thai_strftime

from chumchon.impact import charts
from chumchon.impact.selectors import Dashboard

TOP_BARS = 12
TABLE_ROWS = 100
MAP_DOTS = 200  # the largest communities; every community is in the exports


def month_label(month: dt.date, *, long: bool = False) -> str:
    """`ต.ค. 68` / `ตุลาคม 2568` in Thai, `Oct 25` / `October 2025` in English."""
    if translation.get_language() == "th":
        return str(thai_strftime(dt.datetime(month.year, month.month, 1), "%B %Y" if long else "%b %y"))
    return date_format(month, "F Y" if long else "M y")


def context(figures: Dashboard, *, officer: bool) -> dict[str, Any]:
    months = [
        {"label": month_label(m.month, long=True), "short": month_label(m.month), "month": m} for m in figures.months
    ]
    # Officers compare districts, or the communities of a district once one is chosen.
    by_district = officer and figures.filters.district is None and figures.filters.community is None
    if by_district:
        bar_items = [(row.place.name, row.income) for row in figures.districts[:TOP_BARS]]
    else:
        bar_items = [(row.place.name, row.income) for row in figures.communities[:TOP_BARS]]
    map_items = [
        (row.place.name, row.income, row.place.latitude, row.place.longitude) for row in figures.communities[:MAP_DOTS]
    ]
    return {
        "figures": figures,
        "months": months,
        "line": charts.line([m.income for m in figures.months], [str(m["short"]) for m in months]),
        "bars": charts.bars(bar_items),
        "bars_by_district": by_district,
        "bar_rows": bar_items,
        "map": charts.community_map(map_items),
        "community_rows": figures.communities[:TABLE_ROWS],
        "more_communities": max(0, len(figures.communities) - TABLE_ROWS),
    }
