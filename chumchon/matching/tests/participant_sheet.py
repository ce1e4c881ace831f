"""A generated spreadsheet of participants, as an organiser would import it."""

from __future__ import annotations

import io

from chumchon.core.spreadsheets import write_csv, xlsx_sheet, xlsx_workbook

HEADER = ["ชื่อหน่วยงาน", "ประเภท", "ชื่อผู้ติดต่อ", "อีเมล", "โทรศัพท์", "บทบาท", "จังหวัด", "สิ่งที่เสนอ", "สิ่งที่ต้องการ", "รอบ"]


def participant_rows(count: int, *, start: int = 1) -> list[list[str]]:
    rows = []
    for n in range(start, start + count):
        seller = n % 2 == 0
        rows.append(
            [
                f"{'กลุ่มทอผ้า' if seller else 'บริษัททัวร์'} {n}",
                "วิสาหกิจชุมชน" if seller else "บริษัท",
                f"ผู้ติดต่อ {n}",
                f"person{n}@example.com",
                f"08{n:08d}",
                "ผู้ขาย" if seller else "buyer",
                "สุโขทัย",
                "ผ้าทอมือ" if seller else "",
                "" if seller else "ผ้าทอมือ",
                "",
            ]
        )
    return rows


def participant_xlsx(rows: list[list[str]]) -> bytes:
    workbook = xlsx_workbook()
    xlsx_sheet(workbook, "participants", HEADER, rows)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def participant_csv(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    stream = io.BytesIO()
    write_csv(stream, header, rows)
    return stream.getvalue()
