"""Geometry of the dashboard charts, drawn as inline SVG by the templates (no JavaScript, no CDN).

Each chart is also shown as a data table beside it; these functions only place shapes."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

WIDTH = 320
BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 110


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    y: int
    width: float
    text_y: int


def bars(items: list[tuple[str, Decimal]]) -> dict[str, Any]:
    """Horizontal bars (labels readable on a 360 px phone), longest = full width."""
    top = max((value for _label, value in items), default=Decimal(0)) or Decimal(1)
    room = WIDTH - LABEL_WIDTH - 8
    placed = [
        Bar(
            label=label if len(label) <= 18 else label[:17] + "…",
            value=value,
            y=n * (BAR_HEIGHT + BAR_GAP),
            width=round(float(value / top) * room, 1) if value > 0 else 0,
            text_y=n * (BAR_HEIGHT + BAR_GAP) + 15,
        )
        for n, (label, value) in enumerate(items)
    ]
    return {"bars": placed, "height": max(1, len(items) * (BAR_HEIGHT + BAR_GAP)), "x0": LABEL_WIDTH, "width": WIDTH}


def line(values: list[Decimal], labels: list[str]) -> dict[str, Any]:
    """A line over the 12 months of a fiscal year, with the highest value marked on the axis."""
    height, left, right, top_pad, bottom = 180, 8, 8, 16, 24
    top = max(values, default=Decimal(0)) or Decimal(1)
    step = (WIDTH - left - right) / max(1, len(values) - 1)
    points = [
        (round(left + n * step, 1), round(top_pad + (1 - float(value / top)) * (height - top_pad - bottom), 1))
        for n, value in enumerate(values)
    ]
    return {
        "points": " ".join(f"{x},{y}" for x, y in points),
        "dots": points,
        "ticks": [(x, label) for (x, _y), label in zip(points, labels, strict=False)],
        "height": height,
        "width": WIDTH,
        "baseline": height - bottom,
        "label_y": height - 6,
        "top": top,
    }


@dataclass(frozen=True)
class Dot:
    label: str
    value: Decimal
    cx: float
    cy: float
    r: float


def community_map(items: list[tuple[str, Decimal, Decimal | None, Decimal | None]]) -> dict[str, Any]:
    """Communities as circles placed by longitude/latitude (equirectangular; no tiles), area ∝ income."""
    located = [(label, value, lat, lon) for label, value, lat, lon in items if lat is not None and lon is not None]
    height, pad = 260, 24
    if not located:
        return {"dots": [], "height": height, "width": WIDTH}
    lats = [float(lat) for _l, _v, lat, _o in located if lat is not None]
    lons = [float(lon) for _l, _v, _a, lon in located if lon is not None]
    span = max(max(lats) - min(lats), max(lons) - min(lons), 0.05)
    scale = min((WIDTH - 2 * pad) / span, (height - 2 * pad) / span)
    mid_lat, mid_lon = (max(lats) + min(lats)) / 2, (max(lons) + min(lons)) / 2
    top = max((value for _l, value, _a, _o in located), default=Decimal(1)) or Decimal(1)
    dots = [
        Dot(
            label=label,
            value=value,
            cx=round(WIDTH / 2 + (float(lon) - mid_lon) * scale, 1),
            cy=round(height / 2 - (float(lat) - mid_lat) * scale, 1),
            r=round(3 + 17 * math.sqrt(float(value / top)), 1) if value > 0 else 3,
        )
        for label, value, lat, lon in located
        if lat is not None and lon is not None
    ]
    # Big circles first, so the small ones stay visible on top.
    return {"dots": sorted(dots, key=lambda dot: -dot.r), "height": height, "width": WIDTH}
