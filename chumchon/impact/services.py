"""Every write of the impact app: income entries (by a community's members or officers), the monthly
rollup kept in step with them, and household-income surveys (officers, all rows or none)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from chumchon.accounts.models import User
from chumchon.accounts.services import audit_record
from chumchon.core import spreadsheets
from chumchon.core.money import to_baht
from chumchon.core.thai import BE_OFFSET
from chumchon.impact import monitoring
from chumchon.impact.models import (
    REPORT_SECTIONS,
    HouseholdIncome,
    IncomeEntry,
    IncomeKind,
    MonitoringReport,
    MonthlyIncome,
)
from chumchon.impact.selectors import is_member
from chumchon.places.models import Community, CreativeCity

MAX_AMOUNT = Decimal("999999999999.99")
MAX_SURVEY_ROWS = 50_000
MAX_SURVEY_BYTES = 20 * 1024 * 1024
MONEY_FIELD = DecimalField(max_digits=14, decimal_places=2)


def _first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _monthly_sums() -> dict[str, Any]:
    """The rollup's columns as aggregates of income entries: the total, and one amount per kind."""
    # The per-kind sums come first: once `amount` names an aggregate, Sum("amount") would mean it.
    sums: dict[str, Any] = {
        f"amount_{kind}": Coalesce(Sum("amount", filter=Q(kind=kind)), Value(Decimal(0)), output_field=MONEY_FIELD)
        for kind in IncomeKind.values
    }
    sums.update(amount=Sum("amount"), visitors=Sum("visitors"), entries=Count("pk"))
    return sums


def monthly_income_refresh(*, community_id: int, month: dt.date) -> None:
    """Recompute one rollup row from the entries (so it can never drift), or remove it when empty."""
    month = _first_of_month(month)
    next_month = (month + dt.timedelta(days=32)).replace(day=1)
    row = IncomeEntry.objects.filter(community_id=community_id, date__gte=month, date__lt=next_month).aggregate(
        **_monthly_sums()
    )
    if not row["entries"]:
        MonthlyIncome.objects.filter(community_id=community_id, month=month).delete()
        return
    row["visitors"] = row["visitors"] or 0
    MonthlyIncome.objects.update_or_create(community_id=community_id, month=month, defaults=row)


def _rollup_fields(row: dict[str, Any]) -> dict[str, Any]:
    month = row["month"]
    row["month"] = month.date() if isinstance(month, dt.datetime) else month
    row["visitors"] = row["visitors"] or 0
    return row


@transaction.atomic
def monthly_income_rebuild() -> int:
    """Rebuild the whole rollup from the income entries (after a bulk load); returns the rows written."""
    MonthlyIncome.objects.all().delete()
    rows = (
        IncomeEntry.objects.annotate(month=TruncMonth("date"))
        .values("community_id", "month")
        .annotate(**_monthly_sums())
        .order_by()
    )
    created = MonthlyIncome.objects.bulk_create(
        (MonthlyIncome(**_rollup_fields(dict(row))) for row in rows.iterator(chunk_size=5000)),
        batch_size=5000,
    )
    return len(created)


def _require_editor(*, community: Community, by: User) -> None:
    if not (by.is_staff or is_member(by, community)):
        raise PermissionDenied


def _lock_community(community: Community) -> None:
    """Writes of one community take turns, so that the rollup is recomputed from committed rows."""
    Community.objects.select_for_update().filter(pk=community.pk).first()


@transaction.atomic
def income_entry_record(
    *,
    community: Community,
    by: User,
    date: dt.date,
    amount: Decimal | str | int,
    kind: str,
    visitors: int = 0,
    note: str = "",
) -> IncomeEntry:
    """A member of the community (or an officer) records income the community received."""
    _require_editor(community=community, by=by)
    if kind not in IncomeKind.values:
        raise ValidationError(_("Choose what kind of income this is."))
    value = to_baht(amount)
    if value <= 0:
        raise ValidationError(_("The amount must be more than zero."))
    if value > MAX_AMOUNT:
        raise ValidationError(_("The amount is too large."))
    if date > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))
    if visitors < 0:
        raise ValidationError(_("The number of visitors cannot be negative."))
    _lock_community(community)
    entry = IncomeEntry.objects.create(
        community=community,
        date=date,
        amount=value,
        kind=kind,
        visitors=visitors,
        note=note.strip()[:300],
        recorded_by=by,
    )
    monthly_income_refresh(community_id=community.pk, month=date)
    return entry


@transaction.atomic
def income_entry_delete(*, entry: IncomeEntry, by: User) -> None:
    """Remove an entry recorded by mistake (members of the community or officers)."""
    _require_editor(community=entry.community, by=by)
    _lock_community(entry.community)
    community_id, month = entry.community_id, entry.date
    entry.delete()
    monthly_income_refresh(community_id=community_id, month=month)


# --- Household-income surveys -------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyRow:
    community: Community
    household: str
    month: dt.date
    income: Decimal


def _parse_month(value: Any) -> dt.date:
    """`2026-01`, `2569-01` (Buddhist Era), `2026-01-01` or an Excel date; always the first of the month."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        year, month = value.year, value.month
    else:
        parts = str(value or "").strip().replace("/", "-").split("-")
        if len(parts) not in (2, 3) or not all(part.strip().isdigit() for part in parts):
            raise ValueError
        year, month = int(parts[0]), int(parts[1])
    if year > 2400:
        year -= BE_OFFSET
    return dt.date(year, month, 1)


def _read_rows(upload: IO[bytes], name: str) -> list[dict[str, Any]]:
    """The file's rows as dicts by lower-cased column name, read by core.spreadsheets with its limits
    (zip bombs, hostile XML, rows, columns and cell lengths refused before reading on)."""
    upload.seek(0, io.SEEK_END)
    if upload.tell() > MAX_SURVEY_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; a survey file can be at most %(max)d MB.")
            % {"size": f"{upload.tell() / 1048576:.1f}", "max": MAX_SURVEY_BYTES // 1048576}
        )
    upload.seek(0)
    suffix = ".xlsx" if name.lower().endswith(".xlsx") else ".csv"
    try:
        sheet = spreadsheets.read_sheet("survey" + suffix, upload.read(), max_rows=MAX_SURVEY_ROWS)
    except spreadsheets.SpreadsheetError as error:
        raise ValidationError(error.message) from None
    header = [str(cell or "").strip().lower() for cell in sheet.header]
    return [dict(zip(header, row, strict=False)) for _number, row in sheet.rows]


SURVEY_COLUMNS = ("community", "household", "month", "income")


def survey_parse(upload: IO[bytes], *, name: str) -> list[SurveyRow]:
    """Check every row of a survey file; raise one ValidationError listing every bad row by number."""
    raw = _read_rows(upload, name)
    if not raw:
        raise ValidationError(_("The file has no rows."))
    missing = [column for column in SURVEY_COLUMNS if column not in raw[0]]
    if missing:
        raise ValidationError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    if len(raw) > MAX_SURVEY_ROWS:
        raise ValidationError(_("At most %(n)s rows in one file.") % {"n": MAX_SURVEY_ROWS})
    keys = {str(row.get("community") or "").strip() for row in raw}
    communities = {c.slug: c for c in Community.objects.filter(slug__in=keys)}
    communities.update({c.external_id: c for c in Community.objects.filter(external_id__in=keys) if c.external_id})
    errors: list[str] = []
    parsed: list[SurveyRow] = []
    seen: set[tuple[int, str, dt.date]] = set()
    for number, row in enumerate(raw, start=2):
        problems = []
        key = str(row.get("community") or "").strip()
        community = communities.get(key)
        if community is None:
            problems.append(_("no community “%(key)s”") % {"key": key})
        household = str(row.get("household") or "").strip()
        if not household or len(household) > 64:
            problems.append(_("the household needs a code of 1 to 64 characters"))
        try:
            month = _parse_month(row.get("month"))
        except (ValueError, TypeError):
            problems.append(_("the month should look like 2026-01 or 2569-01"))
            month = None
        try:
            given: Any = row.get("income")
            income = to_baht(given if given not in (None, "") else "x")
            if income < 0 or income > MAX_AMOUNT:
                raise ValidationError("")
        except ValidationError:
            problems.append(_("the income should be a number of baht, zero or more"))
            income = None
        if not problems and community is not None and month is not None and income is not None:
            if (community.pk, household, month) in seen:
                problems.append(_("this household and month already appear above"))
            seen.add((community.pk, household, month))
            parsed.append(SurveyRow(community=community, household=household, month=month, income=income))
        if problems:
            errors.append(_("Row %(row)s: %(problems)s.") % {"row": number, "problems": "; ".join(problems)})
    if errors:
        raise ValidationError(errors)
    return parsed


@transaction.atomic
def survey_import(*, upload: IO[bytes], name: str, by: User, source: str = "") -> int:
    """An officer imports household incomes from CSV or Excel: every row is checked first and
    nothing is saved when any row is wrong; a household's month already on file is replaced."""
    if not by.is_staff:
        raise PermissionDenied
    rows = survey_parse(upload, name=name)
    for row in rows:
        HouseholdIncome.objects.update_or_create(
            community=row.community,
            household=row.household,
            month=row.month,
            defaults={"income": row.income, "source": source.strip()[:200], "imported_by": by},
        )
    return len(rows)


@transaction.atomic
def household_income_record(
    *, community: Community, household: str, month: dt.date, income: Decimal | str | int, by: User, source: str = ""
) -> HouseholdIncome:
    """An officer enters one survey figure by hand."""
    if not by.is_staff:
        raise PermissionDenied
    value = to_baht(income)
    if value < 0:
        raise ValidationError(_("The income cannot be negative."))
    household = household.strip()
    if not household:
        raise ValidationError(_("Give the household a code."))
    record, _created = HouseholdIncome.objects.update_or_create(
        community=community,
        household=household[:64],
        month=_first_of_month(month),
        defaults={"income": value, "source": source.strip()[:200], "imported_by": by},
    )
    return record


# --- UNESCO monitoring reports (officers) -------------------------------------------------------


def monitoring_report_start(
    *, by: User, city: CreativeCity, first_fiscal_year: int, last_fiscal_year: int, language: str
) -> MonitoringReport:
    """A new draft report, each section pre-filled from the platform's figures for the city's
    province and the fiscal years (see `chumchon.impact.monitoring`)."""
    if not by.is_staff:
        raise PermissionDenied
    report = MonitoringReport(
        city=city, first_fiscal_year=first_fiscal_year, last_fiscal_year=last_fiscal_year, language=language
    )
    report.full_clean(exclude=[name for name, _heading in REPORT_SECTIONS])
    data = monitoring.figures(city, first_fiscal_year, last_fiscal_year)
    for name, text in monitoring.prefill(data, language).items():
        setattr(report, name, text)
    with transaction.atomic():
        report.save()
        audit_record(actor=by, action="impact.monitoring_report_start", obj=report, summary=str(report))
    return report


def monitoring_report_update(*, report: MonitoringReport, by: User, status: str, **sections: str) -> MonitoringReport:
    """Officers edit the sections' text and mark the report draft or final; every change audited."""
    if not by.is_staff:
        raise PermissionDenied
    names = [name for name, _heading in REPORT_SECTIONS]
    unknown = set(sections) - set(names)
    if unknown:
        raise ValueError(f"Not sections of the report: {sorted(unknown)}")
    before = {name: getattr(report, name) for name in [*names, "status"]}
    for name, text in sections.items():
        setattr(report, name, text)
    report.status = status
    report.full_clean()
    after = {name: getattr(report, name) for name in [*names, "status"]}
    changed = {name for name in after if after[name] != before[name]}
    with transaction.atomic():
        report.save()
        audit_record(
            actor=by,
            action="impact.monitoring_report_update",
            obj=report,
            summary=", ".join(sorted(changed)),
            before={name: before[name] for name in changed},
            after={name: after[name] for name in changed},
        )
    return report
