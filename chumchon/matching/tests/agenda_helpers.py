"""Helpers of the agenda and on-the-day tests: a placed meeting, and the text of a PDF."""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import zlib
from typing import Any

from chumchon.matching import services
from chumchon.matching.models import Event, Meeting, Registration


def meeting_between(
    event: Event, buyer: Registration, seller: Registration, *, slot: int = 0, table: int = 0
) -> Meeting:
    """An accepted request between the two, placed in the event's `slot`-th slot at its `table`-th table."""
    meeting_request = services.request_send(sender=buyer, target=seller, by=buyer.person)  # type: ignore[attr-defined]
    services.request_accept(meeting_request=meeting_request, by=seller.person)  # type: ignore[attr-defined]
    meeting_request.refresh_from_db()
    return services.meeting_place(
        meeting_request=meeting_request,
        slot=list(event.slots.order_by("starts_at"))[slot],
        table=list(event.tables.order_by("pk"))[table],
        check_availability=False,
    )


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF: poppler's pdftotext when installed, else the glyph codes of each text
    string mapped back through the fonts' ToUnicode tables (enough for what WeasyPrint writes)."""
    if shutil.which("pdftotext"):
        result = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
        return result.stdout.decode("utf-8")
    streams = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        data = match.group(1)
        with contextlib.suppress(zlib.error):
            data = zlib.decompress(data)
        streams.append(data)
    cmap: dict[bytes, str] = {}
    for data in streams:
        if b"beginbfchar" not in data and b"beginbfrange" not in data:
            continue
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
            for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                cmap[bytes.fromhex(code.decode())] = bytes.fromhex(text.decode()).decode("utf-16-be", "replace")
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
            for start, end, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                width = len(start) // 2
                first, last = int(start, 16), int(end, 16)
                base = int(text, 16)
                for offset in range(last - first + 1):
                    cmap[(first + offset).to_bytes(width, "big")] = chr(base + offset)
    widths = {len(code) for code in cmap} or {2}
    width = max(widths)
    words: list[Any] = []
    for data in streams:
        for hexstring in re.findall(rb"<([0-9A-Fa-f]+)>\s*\]?\s*T[Jj]|\[((?:<[0-9A-Fa-f]*>|[-\d.\s])*)\]\s*TJ", data):
            for chunk in hexstring:
                for part in re.findall(rb"[0-9A-Fa-f]+", chunk) if chunk else []:
                    raw = bytes.fromhex(part.decode()) if len(part) % 2 == 0 else b""
                    words.append("".join(cmap.get(raw[i : i + width], "") for i in range(0, len(raw), width)))
    return "".join(words)
