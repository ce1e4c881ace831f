"""The event report for officers: registrations, requests, meetings held, no-shows, outcomes,
expected and confirmed deal value and follow-up results, overall and by the district and the
community of the seller side; on screen and as an Excel workbook.

Every figure comes from an aggregation query grouped in the database (a handful of queries per
breakdown, whatever the number of meetings); Python only merges the groups.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.expressions import Combinable
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chumchon.matching.models import (
    MONEY,
    Event,
    FollowUp,
    FollowUpResult,
    Interest,
    MeetingStatus,
    Outcome,
    RegistrationStatus,
    RequestStatus,
    Role,
)
from chumchon.places.models import Community, District

MONEY_FIELD = DecimalField(**MONEY)

# (key, heading, money?) of the columns of a breakdown, in order.
COLUMNS: list[tuple[str, Any, bool]] = [
    ("sellers", gettext_lazy("Sellers registered"), False),
    ("requests", gettext_lazy("Requests"), False),
    ("accepted", gettext_lazy("Requests accepted"), False),
    ("meetings", gettext_lazy("Meetings"), False),
    ("held", gettext_lazy("Meetings held"), False),
    ("no_show", gettext_lazy("No-shows"), False),
    ("strong", gettext_lazy("Strong interest"), False),
    ("some", gettext_lazy("Some interest"), False),
    ("none", gettext_lazy("No interest"), False),
    ("expected", gettext_lazy("Expected value (THB)"), True),
    ("confirmed", gettext_lazy("Confirmed deal value (THB)"), True),
    ("answered", gettext_lazy("Follow-ups answered"), False),
    ("negotiating", gettext_lazy("Negotiating"), False),
    ("agreement", gettext_lazy("Agreement reached"), False),
    ("repeat", gettext_lazy("Repeat orders"), False),
    ("follow_up_value", gettext_lazy("Value so far (THB)"), True),
]


@dataclass
class Report:
    event: Event
    registrations: list[dict[str, Any]] = field(default_factory=list)
    requests: list[tuple[str, int]] = field(default_factory=list)
    meetings: list[tuple[str, int]] = field(default_factory=list)
    total: dict[str, Any] = field(default_factory=dict)
    by_district: list[dict[str, Any]] = field(default_factory=list)
    by_community: list[dict[str, Any]] = field(default_factory=list)

    @property
    def columns(self) -> list[tuple[str, Any, bool]]:
        return COLUMNS


def expected_value_per_meeting() -> Subquery:
    """The larger of the two sides' expected values of a meeting (so a deal both expect counts once)."""
    return Subquery(
        Outcome.objects.filter(meeting=OuterRef("pk"))
        .values("meeting")
        .annotate(top=Max("expected_value"))
        .values("top")[:1],
        output_field=MONEY_FIELD,
    )


def confirmed_value_per_meeting() -> Subquery:
    from chumchon.inquiries.models import Deal

    return Subquery(
        Deal.objects.confirmed()
        .filter(matching_meetings=OuterRef("pk"))
        .values("matching_meetings")
        .annotate(total=Sum("value"))
        .values("total")[:1],
        output_field=MONEY_FIELD,
    )


def _seller(request_path: str, field_name: str) -> Combinable:
    """A field of the seller side of a request (`request_path` leads to the MeetingRequest)."""
    prefix = f"{request_path}__" if request_path else ""
    return Case(
        When(**{f"{prefix}a__role": Role.SELLER}, then=F(f"{prefix}a__{field_name}")),
        default=F(f"{prefix}b__{field_name}"),
    )


def _grouped(queryset: QuerySet[Any], key: Combinable | None, **aggregates: Any) -> dict[Any, dict[str, Any]]:
    """Aggregates per key (one group, key None, when there is no key)."""
    if key is None:
        return {None: queryset.aggregate(**aggregates)}
    return {row.pop("key"): row for row in queryset.annotate(key=key).values("key").annotate(**aggregates)}


def _figures(event: Event, dimension: str | None) -> dict[Any, dict[str, Any]]:
    """Every column of the report per group of `dimension` ("district", "community" or None)."""
    field_name = {"district": "community__district_id", "community": "community_id"}.get(dimension or "")

    def key(request_path: str) -> Combinable | None:
        return _seller(request_path, field_name) if field_name else None

    parts = [
        _grouped(
            event.registrations.filter(role=Role.SELLER, status=RegistrationStatus.APPROVED),
            F(field_name) if field_name else None,
            sellers=Count("pk"),
        ),
        _grouped(
            event.requests.all(),
            key(""),
            requests=Count("pk"),
            accepted=Count("pk", filter=Q(status=RequestStatus.ACCEPTED)),
        ),
        _grouped(
            event.meetings.annotate(
                expected_one=expected_value_per_meeting(), confirmed_one=confirmed_value_per_meeting()
            ),
            key("request"),
            meetings=Count("pk", filter=~Q(status=MeetingStatus.CANCELLED)),
            held=Count("pk", filter=Q(status=MeetingStatus.HELD)),
            no_show=Count("pk", filter=Q(status=MeetingStatus.NO_SHOW)),
            expected=Sum("expected_one"),
            confirmed=Sum("confirmed_one"),
        ),
        _grouped(
            Outcome.objects.filter(meeting__event=event),
            key("meeting__request"),
            **{level: Count("pk", filter=Q(interest=level)) for level in Interest.values},
        ),
        _grouped(
            FollowUp.objects.filter(meeting__event=event),
            key("meeting__request"),
            answered=Count("pk", filter=~Q(result="")),
            negotiating=Count("pk", filter=Q(result=FollowUpResult.NEGOTIATING)),
            agreement=Count("pk", filter=Q(result=FollowUpResult.AGREEMENT)),
            repeat=Count("pk", filter=Q(result=FollowUpResult.REPEAT)),
            follow_up_value=Sum("value"),
        ),
    ]
    rows: dict[Any, dict[str, Any]] = {}
    for part in parts:
        for group, figures in part.items():
            rows.setdefault(group, {}).update(figures)
    for row in rows.values():
        for column, _heading, money in COLUMNS:
            row[column] = row.get(column) or (Decimal("0") if money else 0)
    return rows


def _labelled(rows: dict[Any, dict[str, Any]], names: dict[Any, str]) -> list[dict[str, Any]]:
    out = [{"label": names.get(group) or _("No community given"), **figures} for group, figures in rows.items()]
    out.sort(key=lambda row: (row["label"] == _("No community given"), row["label"]))
    return out


def event_report(event: Event) -> Report:
    report = Report(event=event)
    counts = {
        (row["role"], row["status"]): row["n"]
        for row in event.registrations.values("role", "status").annotate(n=Count("pk"))
    }
    for role, role_label in Role.choices:
        by_status = {status: counts.get((role, status), 0) for status in RegistrationStatus.values}
        report.registrations.append({"label": role_label, "by_status": by_status, "total": sum(by_status.values())})
    request_counts = dict(event.requests.values_list("status").annotate(n=Count("pk")))
    report.requests = [(str(label), request_counts.get(value, 0)) for value, label in RequestStatus.choices]
    meeting_counts = dict(event.meetings.values_list("status").annotate(n=Count("pk")))
    report.meetings = [(str(label), meeting_counts.get(value, 0)) for value, label in MeetingStatus.choices]
    report.total = _figures(event, None)[None]
    districts = _figures(event, "district")
    district_names = {d.pk: d.name for d in District.objects.filter(pk__in=[k for k in districts if k])}
    report.by_district = _labelled(districts, district_names)
    communities = _figures(event, "community")
    community_names = {c.pk: c.name for c in Community.objects.filter(pk__in=[k for k in communities if k])}
    report.by_community = _labelled(communities, community_names)
    return report


def report_workbook(report: Report) -> bytes:
    """The report as an .xlsx workbook in the active language: a summary sheet and one sheet per
    breakdown, with bold frozen headers, money in #,##0.00 and fitted column widths."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    from chumchon.core.spreadsheets import xlsx_append

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")

    def header(sheet: Worksheet, row: int, titles: list[str]) -> None:
        for column, title in enumerate(titles, start=1):
            cell = sheet.cell(row=row, column=column, value=title)
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    def widths(sheet: Worksheet) -> None:
        for index, column in enumerate(sheet.iter_cols(), start=1):
            longest = max((len(str(cell.value)) for cell in column if cell.value is not None), default=8)
            sheet.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, 10), 40)

    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = _("Summary")[:31]
    xlsx_append(summary, [report.event.name])  # an organiser's name of an event is text, never a formula
    summary.cell(row=1, column=1).font = Font(bold=True, size=14)
    row = 3
    header(summary, row, [_("Registrations"), *[str(label) for _v, label in RegistrationStatus.choices], _("Total")])
    for line in report.registrations:
        row += 1
        xlsx_append(summary, [str(line["label"]), *line["by_status"].values(), line["total"]])
    row += 2
    header(summary, row, [_("Requests"), _("Number")])
    for label, number in report.requests:
        row += 1
        xlsx_append(summary, [label, number])
    row += 2
    header(summary, row, [_("Meetings"), _("Number")])
    for label, number in report.meetings:
        row += 1
        xlsx_append(summary, [label, number])
    row += 2
    header(summary, row, [_("Figure"), _("Value")])
    for key, heading, money in COLUMNS:
        row += 1
        xlsx_append(summary, [str(heading), report.total[key]])
        if money:
            summary.cell(row=row, column=2).number_format = "#,##0.00"
    widths(summary)
    for title, first, rows in (
        (_("By district"), _("District"), report.by_district),
        (_("By community"), _("Community"), report.by_community),
    ):
        sheet = workbook.create_sheet(title[:31])
        header(sheet, 1, [first, *[str(heading) for _k, heading, _m in COLUMNS]])
        for line in rows:
            xlsx_append(sheet, [line["label"], *[line[key] for key, _h, _m in COLUMNS]])
        for index, (_key, _heading, money) in enumerate(COLUMNS, start=2):
            if money:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = "#,##0.00"
        sheet.freeze_panes = "B2"
        widths(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
