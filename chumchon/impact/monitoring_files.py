"""A monitoring report as a Word document (python-docx) or a PDF (WeasyPrint, Sarabun).

Both carry the officers' text of each section and a table of the platform's figures for the period,
written in the report's language. One city's report takes well under a second to write (see
docs/programmes.md), so the pages produce it while the officer waits.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from chumchon.core.pdf import render_pdf
from chumchon.core.thai import from_buddhist_year
from chumchon.impact.models import MonitoringReport
from chumchon.impact.monitoring import ReportFigures, period_label


def _amount(value: Any) -> str:
    return f"{value:,.2f}"


def figure_rows(report: MonitoringReport, data: ReportFigures) -> list[tuple[str, str]]:
    """(label, value) of the figures table, in the active language."""
    rows = [(_("Community income (THB)"), _amount(data.income))]
    for year in data.years:
        name = year.fiscal_year if report.language == "th" else from_buddhist_year(year.fiscal_year)
        rows.append((_("Community income, fiscal year %(year)s (THB)") % {"year": name}, _amount(year.income)))
    rows += [
        (_("Visitors recorded by communities"), f"{data.visitors:,}"),
        (_("Published communities in the province"), f"{data.communities:,}"),
        (_("Published listings in the province"), f"{data.listings:,}"),
        (_("Business-matching events"), f"{len(data.events):,}"),
        (_("Matching meetings held"), f"{data.meetings_held:,}"),
        (_("Confirmed deals from matching events"), f"{data.matching_deals:,}"),
        (_("Value of those deals (THB)"), _amount(data.matching_deals_value)),
        (_("Knowledge articles published"), f"{len(data.articles):,}"),
        (_("Programme actions completed"), f"{len(data.actions_done):,}"),
        (_("Programme actions still open"), f"{data.actions_open:,}"),
    ]
    return rows


def file_name(report: MonitoringReport, extension: str) -> str:
    return f"monitoring-report-{report.city.slug}-{report.first_fiscal_year}-{report.last_fiscal_year}-{report.language}.{extension}"


def _city_name(report: MonitoringReport) -> str:
    if report.language == "en" and report.city.name_en:
        return report.city.name_en
    return report.city.name_th


def write_docx(report: MonitoringReport, data: ReportFigures) -> bytes:
    """The report as a .docx: title, period, the figures table, then each section's text."""
    from docx import Document
    from docx.oxml.ns import qn

    with translation.override(report.language):
        document = Document()
        normal = document.styles["Normal"]
        normal.font.name = "Sarabun"
        fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:cs"), "Sarabun")
        fonts.set(qn("w:eastAsia"), "Sarabun")
        document.core_properties.title = _("Membership Monitoring Report")
        document.core_properties.language = report.language
        document.add_heading(_("Membership Monitoring Report"), level=0)
        document.add_paragraph(_("UNESCO Creative Cities Network — %(city_name)s") % {"city_name": _city_name(report)})
        document.add_paragraph(period_label(report.first_fiscal_year, report.last_fiscal_year))
        if report.status == "draft":
            document.add_paragraph(_("Draft"))
        document.add_heading(_("Figures from the platform"), level=1)
        rows = figure_rows(report, data)
        table = document.add_table(rows=len(rows), cols=2)
        table.style = "Table Grid"
        for index, (label, value) in enumerate(rows):
            table.cell(index, 0).text = label
            table.cell(index, 1).text = value
        for number, (_name, heading, text) in enumerate(report.sections(), start=1):
            document.add_heading(f"{number}. {heading}", level=1)
            for line in text.splitlines() or [""]:
                document.add_paragraph(line)
        stream = io.BytesIO()
        document.save(stream)
    return stream.getvalue()


def write_pdf(report: MonitoringReport, data: ReportFigures) -> bytes:
    """The same report as a PDF (Sarabun, A4)."""
    with translation.override(report.language):
        context = {
            "report": report,
            "city_name": _city_name(report),
            "period": period_label(report.first_fiscal_year, report.last_fiscal_year),
            "rows": figure_rows(report, data),
            "sections": [(number, heading, text) for number, (_n, heading, text) in enumerate(report.sections(), 1)],
        }
        return render_pdf("impact/monitoring_report_pdf.html", context)
