"""Monitoring report export budget: one city's full report written as .docx and as PDF.

    PYTHONPATH=. .venv/bin/python benchmarks/monitoring_export.py

Builds a report in memory (four fiscal years, 40 dated entries per list, both languages) and times
`impact.monitoring_files.write_docx` and `write_pdf` (no database: the figures are made up; the
figures themselves are four calls of the dashboard's selector).

Measured 2026-12-05 on the shared 2-CPU development machine (load average ~15 from other work, so
wall-clock times are several times the CPU times; CPU seconds are what an idle machine would take):

                 wall      CPU
    en .docx    0.84 s   0.13 s
    en PDF      2.21 s   0.34 s
    th .docx    1.02 s   0.11 s
    th PDF      2.52 s   0.36 s

Under a second of work: the pages make the files while the officer waits (docs/programmes.md).
"""

import datetime as dt
import os
import time
from decimal import Decimal

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chumchon.settings")
    django.setup()
    from chumchon.impact import monitoring_files
    from chumchon.impact.models import MonitoringReport
    from chumchon.impact.monitoring import Dated, ReportFigures, YearFigures, prefill
    from chumchon.places.models import CreativeCity, Province

    city = CreativeCity(
        slug="sukhothai",
        name_th="สุโขทัย",
        name_en="Sukhothai",
        province=Province(name_th="สุโขทัย"),
        field="crafts_folk_art",
        status="member",
        member_since=2019,
    )
    money = Decimal("123456.78")
    years = [
        YearFigures(y, money, Decimal("100000"), 5, Decimal("23456.78"), 900, Decimal("0.31"))
        for y in range(2566, 2570)
    ]
    items = [Dated(dt.date(2024, 1, i % 28 + 1), f"รายการที่ {i} งานทอผ้าและเครื่องสังคโลก") for i in range(40)]
    data = ReportFigures(
        city=city,
        first_fiscal_year=2566,
        last_fiscal_year=2569,
        years=years,
        kinds=[("Product sales", Decimal("1000"))],
        top_communities=[("ชุมชน", Decimal("5000"))] * 5,
        meetings_held=30,
        matching_deals=4,
        matching_deals_value=Decimal("50000"),
        expected_value=Decimal("90000"),
        events=items[:10],
        articles=items,
        actions_done=items[:20],
        actions_open=3,
        review_meetings=items[:4],
        mous=["MOU (อพท., สศส.)"],
        communities=25,
        listings=120,
    )
    for language in ("en", "th"):
        report = MonitoringReport(city=city, first_fiscal_year=2566, last_fiscal_year=2569, language=language)
        for name, text in prefill(data, language).items():
            setattr(report, name, text)
        for kind, write in (("docx", monitoring_files.write_docx), ("pdf", monitoring_files.write_pdf)):
            write(report, data)  # warm up (imports, fonts)
            wall, cpu = time.perf_counter(), time.process_time()
            content = write(report, data)
            print(
                f"{language} {kind}: wall {time.perf_counter() - wall:.2f} s, CPU {time.process_time() - cpu:.2f} s, {len(content):,} bytes"
            )


if __name__ == "__main__":
    main()
