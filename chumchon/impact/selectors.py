"""Impact figures, all computed by aggregation queries in the database.

Definitions (also in docs/impact.md):
- income = income entries recorded by communities + confirmed deals (Deal.objects.confirmed());
- a fiscal year runs 1 October – 30 September and is named by its พ.ศ. year of ending;
- income per household = income of the communities that had income ÷ their households (communities
  whose number of households is unknown are left out of both);
- response rate = share of conversations whose first buyer message fell in the period that got a
  first seller reply within RESPONSE_DAYS days;
- Gini = Σ_i (2i − n − 1)·x_(i) / (n·Σx), x sorted ascending: across households of a community
  (x = a household's mean monthly income in the survey), across communities (x = a community's income).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, F, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from chumchon.accounts.models import Membership, User
from chumchon.core.thai import fiscal_year_bounds, fiscal_year_of
from chumchon.impact.models import HouseholdIncome, IncomeEntry, IncomeKind, MonitoringReport, MonthlyIncome
from chumchon.inquiries.models import Conversation, Deal, DealSource
from chumchon.places.models import Area, Community, District, Province

RESPONSE_DAYS = 7
ZERO = Decimal("0.00")
GINI_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class ImpactFilters:
    """What the figures are about: a fiscal year (พ.ศ.) and, optionally, a place."""

    fiscal_year: int
    area: Area | None = None
    province: Province | None = None
    district: District | None = None
    community: Community | None = None

    @property
    def start(self) -> dt.date:
        return fiscal_year_bounds(self.fiscal_year)[0]

    @property
    def end(self) -> dt.date:
        return fiscal_year_bounds(self.fiscal_year)[1]

    @property
    def has_place(self) -> bool:
        return any((self.area, self.province, self.district, self.community))

    def previous(self) -> ImpactFilters:
        return replace(self, fiscal_year=self.fiscal_year - 1)

    def place_q(self, prefix: str = "community__") -> Q:
        """The place filters on a model that points to a community through `prefix`."""
        q = Q()
        if self.area is not None:
            q &= Q(**{f"{prefix}area": self.area})
        if self.province is not None:
            q &= Q(**{f"{prefix}province": self.province})
        if self.district is not None:
            q &= Q(**{f"{prefix}district": self.district})
        if self.community is not None:
            q &= Q(**{prefix.removesuffix("__") if prefix else "pk": self.community})
        return q

    def query(self) -> dict[str, str]:
        """The filters as GET parameters (for links to the export and the API)."""
        params = {"fiscal_year": str(self.fiscal_year)}
        if self.area is not None:
            params["area"] = self.area.slug
        if self.province is not None:
            params["province"] = self.province.slug
        if self.district is not None:
            params["district"] = self.district.code
        if self.community is not None:
            params["community"] = self.community.slug
        return params


# --- Querysets in scope -------------------------------------------------------------------------


def monthly_income(filters: ImpactFilters) -> QuerySet[MonthlyIncome]:
    return MonthlyIncome.objects.filter(filters.place_q(), month__gte=filters.start, month__lte=filters.end)


def confirmed_deals(filters: ImpactFilters) -> QuerySet[Deal]:
    """Confirmed deals of the fiscal year; deals tied to no community count only when no place is chosen."""
    return Deal.objects.confirmed().in_period(filters.start, filters.end).filter(filters.place_q())


def household_incomes(filters: ImpactFilters) -> QuerySet[HouseholdIncome]:
    return HouseholdIncome.objects.filter(filters.place_q(), month__gte=filters.start, month__lte=filters.end)


def conversations(filters: ImpactFilters) -> QuerySet[Conversation]:
    start = timezone.make_aware(dt.datetime.combine(filters.start, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(filters.end + dt.timedelta(days=1), dt.time.min))
    return Conversation.objects.filter(
        filters.place_q(), first_buyer_message_at__gte=start, first_buyer_message_at__lt=end
    )


# --- Figures ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Totals:
    """Income of a period: recorded by communities and from confirmed deals."""

    entries_amount: Decimal
    entries: int
    visitors: int
    deals: int
    deals_value: Decimal

    @property
    def income(self) -> Decimal:
        return self.entries_amount + self.deals_value


@dataclass(frozen=True)
class Period:
    """A fiscal year's income grouped by month in two queries (rollup by month; deals by month and
    source), from which the totals, the months, the kinds and the deal sources are read."""

    fiscal_year: int
    entries: dict[dt.date, dict[str, Any]]
    deals: dict[tuple[dt.date, str], tuple[int, Decimal]]


def period(filters: ImpactFilters) -> Period:
    sums: dict[str, Any] = {f"amount_{kind}": Sum(f"amount_{kind}") for kind in IncomeKind.values}
    sums.update(amount=Sum("amount"), visitors=Sum("visitors"), entries=Sum("entries"))
    entries = {row["month"]: dict(row) for row in monthly_income(filters).values("month").annotate(**sums).order_by()}
    deals = {
        (_as_date(row["m"]), row["source"]): (row["n"], row["value"])
        for row in confirmed_deals(filters)
        .annotate(m=TruncMonth("date"))
        .values("m", "source")
        .annotate(n=Count("pk"), value=Sum("value"))
        .order_by()
    }
    return Period(fiscal_year=filters.fiscal_year, entries=entries, deals=deals)


def totals(filters: ImpactFilters, data: Period | None = None) -> Totals:
    data = data or period(filters)
    return Totals(
        entries_amount=sum((row["amount"] or ZERO for row in data.entries.values()), ZERO),
        entries=sum(row["entries"] or 0 for row in data.entries.values()),
        visitors=sum(row["visitors"] or 0 for row in data.entries.values()),
        deals=sum(n for n, _value in data.deals.values()),
        deals_value=sum((value or ZERO for _n, value in data.deals.values()), ZERO),
    )


def growth(current: Decimal, previous: Decimal) -> Decimal | None:
    """Percentage change on the previous fiscal year; None when there was nothing to compare with."""
    if not previous:
        return None
    return ((current - previous) * 100 / previous).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Month:
    month: dt.date
    entries_amount: Decimal
    deals_value: Decimal
    visitors: int

    @property
    def income(self) -> Decimal:
        return self.entries_amount + self.deals_value


def months_of(fiscal_year: int) -> list[dt.date]:
    start, _end = fiscal_year_bounds(fiscal_year)
    return [dt.date(start.year + (start.month + n - 1) // 12, (start.month + n - 1) % 12 + 1, 1) for n in range(12)]


def by_month(filters: ImpactFilters, data: Period | None = None) -> list[Month]:
    data = data or period(filters)
    deals: dict[dt.date, Decimal] = {}
    for (month, _source), (_n, value) in data.deals.items():
        deals[month] = deals.get(month, ZERO) + (value or ZERO)
    return [
        Month(
            month=month,
            entries_amount=data.entries.get(month, {}).get("amount") or ZERO,
            deals_value=deals.get(month) or ZERO,
            visitors=data.entries.get(month, {}).get("visitors") or 0,
        )
        for month in months_of(filters.fiscal_year)
    ]


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def by_kind(filters: ImpactFilters, data: Period | None = None) -> list[tuple[str, str, Decimal]]:
    """Recorded income by kind (value, label, amount), in the order of IncomeKind."""
    data = data or period(filters)
    return [
        (kind.value, str(kind.label), sum((row[f"amount_{kind.value}"] or ZERO for row in data.entries.values()), ZERO))
        for kind in IncomeKind
    ]


def deals_by_source(filters: ImpactFilters, data: Period | None = None) -> list[tuple[str, str, int, Decimal]]:
    data = data or period(filters)
    result = []
    for source in DealSource:
        found = [(n, value) for (_month, name), (n, value) in data.deals.items() if name == source.value]
        result.append(
            (source.value, str(source.label), sum(n for n, _v in found), sum((v or ZERO for _n, v in found), ZERO))
        )
    return result


@dataclass(frozen=True)
class MatchingFigures:
    """What business-matching events brought: confirmed deals recorded as coming from an event, and
    the meetings held in the year with the value their participants expect from them."""

    deals: int
    deals_value: Decimal
    meetings_held: int = 0
    expected_value: Decimal = ZERO


def matching_figures(filters: ImpactFilters) -> MatchingFigures:
    from chumchon.matching.models import Meeting, MeetingStatus, Role
    from chumchon.matching.report import expected_value_per_meeting

    row = confirmed_deals(filters).filter(source=DealSource.MATCHING_EVENT).aggregate(n=Count("pk"), value=Sum("value"))
    start = dt.datetime.combine(filters.start, dt.time.min, tzinfo=timezone.get_current_timezone())
    end = dt.datetime.combine(filters.end + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone())
    meetings = Meeting.objects.filter(status=MeetingStatus.HELD, slot__starts_at__gte=start, slot__starts_at__lt=end)
    if filters.has_place:
        # A meeting belongs to the place of its seller's community.
        seller_place = Q(seats__registration__role=Role.SELLER) & filters.place_q("seats__registration__community__")
        meetings = meetings.filter(seller_place)
    held = meetings.annotate(expected=expected_value_per_meeting()).aggregate(n=Count("pk"), value=Sum("expected"))
    return MatchingFigures(
        deals=row["n"],
        deals_value=row["value"] or ZERO,
        meetings_held=held["n"],
        expected_value=held["value"] or ZERO,
    )


@dataclass(frozen=True)
class Inquiries:
    """Conversations buyers started in the period, and how many sellers answered within RESPONSE_DAYS."""

    asked: int
    replied: int

    @property
    def response_rate(self) -> Decimal | None:
        if not self.asked:
            return None
        return (Decimal(self.replied) * 100 / self.asked).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def inquiries(filters: ImpactFilters) -> Inquiries:
    in_time = Q(first_seller_reply_at__lte=F("first_buyer_message_at") + dt.timedelta(days=RESPONSE_DAYS))
    row = conversations(filters).aggregate(asked=Count("pk"), replied=Count("pk", filter=in_time))
    return Inquiries(asked=row["asked"], replied=row["replied"])


# --- Distribution (Gini) ------------------------------------------------------------------------


@dataclass(frozen=True)
class Distribution:
    """How evenly income is spread among n units (households or communities)."""

    gini: Decimal | None
    n: int
    total: Decimal

    @property
    def mean(self) -> Decimal | None:
        return (self.total / self.n).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if self.n else None


def _number(value: Any) -> Decimal:
    return Decimal(str(value)) if value is not None else ZERO


def _gini_by_group(values: QuerySet[Any], *, grouped: bool) -> dict[Any, Distribution]:
    """Gini of the `x` column of `values` (one row per unit), per `g` column when grouped.

    Sorted and ranked by the database (ROW_NUMBER, SQLite >= 3.25 and PostgreSQL), summed there
    too; Python only divides. Ties do not matter: swapping equal values leaves the sum unchanged."""
    sql, params = values.query.sql_with_params()
    group = "v.g" if grouped else "0"
    outer = (
        "SELECT r.g, SUM((2 * r.rn - r.n - 1) * r.x), COUNT(*), SUM(r.x) FROM ("  # noqa: S608 (our own SQL)
        f"SELECT {group} AS g, v.x AS x, ROW_NUMBER() OVER (PARTITION BY {group} ORDER BY v.x) AS rn, "
        f"COUNT(*) OVER (PARTITION BY {group}) AS n FROM ({sql}) v) r GROUP BY r.g"
    )
    with connection.cursor() as cursor:
        cursor.execute(outer, params)
        rows = cursor.fetchall()
    result = {}
    for g, weighted, n, total in rows:
        total_number = _number(total)
        gini = None
        if n and total_number > 0:
            gini = (_number(weighted) / (n * total_number)).quantize(GINI_PLACES, rounding=ROUND_HALF_UP)
        result[g] = Distribution(gini=gini, n=n, total=total_number.quantize(Decimal("0.01")))
    return result


def _household_means(filters: ImpactFilters) -> QuerySet[Any]:
    """One row per surveyed household: its mean monthly income in the fiscal year."""
    from django.db.models import Avg

    return household_incomes(filters).values(g=F("community_id"), h=F("household")).annotate(x=Avg("income")).order_by()


def household_distribution(filters: ImpactFilters) -> Distribution:
    """Across every surveyed household in scope: mean monthly household income and its Gini."""
    return _gini_by_group(_household_means(filters), grouped=False).get(0, Distribution(None, 0, ZERO))


def household_distribution_by_community(filters: ImpactFilters) -> dict[int, Distribution]:
    return _gini_by_group(_household_means(filters), grouped=True)


def _community_income(filters: ImpactFilters, group: str) -> QuerySet[Any]:
    """One row per community that had income: x = recorded income + confirmed deals; g = `group`."""
    entries = monthly_income(filters).values(c=F("community_id"), g=F(group)).annotate(v=Sum("amount")).order_by()
    deals = (
        confirmed_deals(filters)
        .filter(community__isnull=False)
        .values(c=F("community_id"), g=F(group))
        .annotate(v=Sum("value"))
        .order_by()
    )
    combined = entries.union(deals, all=True)
    # Wrap the union so the Gini query sees one row per community.
    return _SqlValues(combined, "SELECT u.g AS g, SUM(u.v) AS x FROM ({sql}) u GROUP BY u.c, u.g")  # type: ignore[return-value]


class _SqlValues:
    """A queryset's SQL wrapped in more SQL, passed where `_gini_by_group` expects a queryset."""

    def __init__(self, queryset: QuerySet[Any], template: str) -> None:
        self.queryset, self.template = queryset, template

    @property
    def query(self) -> _SqlValues:
        return self

    def sql_with_params(self) -> tuple[str, tuple[Any, ...]]:
        sql, params = self.queryset.query.sql_with_params()
        return self.template.format(sql=sql), tuple(params)


def community_distribution(filters: ImpactFilters) -> Distribution:
    """Across the communities in scope that had income in the fiscal year."""
    return _gini_by_group(_community_income(filters, "community__district_id"), grouped=False).get(
        0, Distribution(None, 0, ZERO)
    )


def community_distribution_by_district(filters: ImpactFilters) -> dict[int, Distribution]:
    return _gini_by_group(_community_income(filters, "community__district_id"), grouped=True)


# --- Tables -------------------------------------------------------------------------------------


@dataclass
class PlaceRow:
    """One community or district in the tables, charts and exports."""

    place: Any
    entries_amount: Decimal = ZERO
    visitors: int = 0
    deals: int = 0
    deals_value: Decimal = ZERO
    households: int | None = None
    distribution: Distribution | None = None
    communities: int = 0

    @property
    def income(self) -> Decimal:
        return self.entries_amount + self.deals_value

    @property
    def per_household(self) -> Decimal | None:
        if not self.households:
            return None
        return (self.income / self.households).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def by_community(filters: ImpactFilters) -> list[PlaceRow]:
    """Every community in scope that had income, most income first."""
    rows: dict[int, PlaceRow] = {}
    for row in monthly_income(filters).values("community").annotate(amount=Sum("amount"), visitors=Sum("visitors")):
        rows[row["community"]] = PlaceRow(place=None, entries_amount=row["amount"], visitors=row["visitors"])
    for deal_row in (
        confirmed_deals(filters)
        .filter(community__isnull=False)
        .values("community")
        .annotate(n=Count("pk"), value=Sum("value"))
    ):
        place_row = rows.setdefault(deal_row["community"], PlaceRow(place=None))
        place_row.deals, place_row.deals_value = deal_row["n"], deal_row["value"]
    surveys = household_distribution_by_community(filters)
    communities = Community.objects.filter(pk__in=list(rows)).select_related("district__province", "province")
    for community in communities:
        place_row = rows[community.pk]
        place_row.place, place_row.households = community, community.households
        place_row.distribution = surveys.get(community.pk)
    return sorted((row for row in rows.values() if row.place is not None), key=lambda r: (-r.income, r.place.name_th))


def by_district(filters: ImpactFilters, communities: list[PlaceRow] | None = None) -> list[PlaceRow]:
    """Districts with income in scope, most income first, with the Gini across their communities.

    The sums regroup the per-community rows (each already summed by the database); the Gini is
    ranked per district by the database."""
    communities = by_community(filters) if communities is None else communities
    rows: dict[int, PlaceRow] = {}
    for community_row in communities:
        district = community_row.place.district
        row = rows.setdefault(district.pk, PlaceRow(place=district))
        row.entries_amount += community_row.entries_amount
        row.visitors += community_row.visitors
        row.deals += community_row.deals
        row.deals_value += community_row.deals_value
        row.communities += 1
    spread = community_distribution_by_district(filters)
    for pk, row in rows.items():
        row.distribution = spread.get(pk)
    return sorted(rows.values(), key=lambda r: (-r.income, r.place.code))


@dataclass
class Dashboard:
    """Everything the dashboards, the export and the API show for one set of filters."""

    filters: ImpactFilters
    totals: Totals
    previous: Totals
    months: list[Month]
    kinds: list[tuple[str, str, Decimal]]
    sources: list[tuple[str, str, int, Decimal]]
    matching: MatchingFigures
    inquiries: Inquiries
    households: Distribution
    communities_spread: Distribution
    communities: list[PlaceRow]
    districts: list[PlaceRow] = field(default_factory=list)

    @property
    def growth(self) -> Decimal | None:
        return growth(self.totals.income, self.previous.income)

    @property
    def households_with_income(self) -> int:
        return sum(row.households or 0 for row in self.communities)

    @property
    def income_per_household(self) -> Decimal | None:
        counted = [row for row in self.communities if row.households]
        households = sum(row.households or 0 for row in counted)
        if not households:
            return None
        income = sum((row.income for row in counted), ZERO)
        return (income / households).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def dashboard(filters: ImpactFilters, *, with_districts: bool = True) -> Dashboard:
    data = period(filters)
    communities = by_community(filters)
    return Dashboard(
        filters=filters,
        totals=totals(filters, data),
        previous=totals(filters.previous()),
        months=by_month(filters, data),
        kinds=by_kind(filters, data),
        sources=deals_by_source(filters, data),
        matching=matching_figures(filters),
        inquiries=inquiries(filters),
        households=household_distribution(filters),
        communities_spread=community_distribution(filters),
        communities=communities,
        districts=by_district(filters, communities) if with_districts else [],
    )


def fiscal_years_with_data() -> list[int]:
    """Fiscal years (พ.ศ.) from the first to the last month with recorded income or a confirmed deal."""
    entries = MonthlyIncome.objects.aggregate(first=Min("month"), last=Max("month"))
    deals = Deal.objects.confirmed().aggregate(first=Min("date"), last=Max("date"))
    firsts = [day for day in (entries["first"], deals["first"]) if day]
    lasts = [day for day in (entries["last"], deals["last"]) if day]
    if not firsts:
        return []
    return list(range(fiscal_year_of(min(firsts)), fiscal_year_of(max(lasts)) + 1))


# --- Who may see what ---------------------------------------------------------------------------


def is_member(user: User | Any, community: Community) -> bool:
    if not user.is_authenticated or community.organisation_id is None:
        return False
    return Membership.objects.filter(user=user, organisation_id=community.organisation_id).exists()


def communities_of(user: User | Any) -> QuerySet[Community]:
    """The communities whose organisation the person is a member of."""
    organisations = Membership.objects.filter(user=user).values("organisation_id")
    return Community.objects.filter(organisation__in=organisations).select_related("district", "province")


def acts_for_community(user: User | Any, community: Community) -> bool:
    """Officers and the members of the organisation that runs the community: who see its figures
    and record (or delete) its income."""
    return bool(user.is_authenticated and (user.is_staff or is_member(user, community)))


def may_see_figures(user: User | Any, filters: ImpactFilters) -> bool:
    """Whether the person may see the figures the filters describe: officers, any; a member of a
    community's organisation, that community's alone (not with a province, district or area)."""
    if user.is_authenticated and user.is_staff:
        return True
    if filters.community is None or filters.area or filters.province or filters.district:
        return False
    return acts_for_community(user, filters.community)


def community_for_viewer(user: User | Any, slug: str) -> Community:
    """The community, for officers and members of its organisation; anyone else gets a 404."""
    community = get_object_or_404(Community.objects.select_related("province", "district", "area"), slug=slug)
    if not acts_for_community(user, community):
        raise Http404
    return community


def entry_for_editor(user: User | Any, community: Community, pk: int) -> IncomeEntry:
    entry = get_object_or_404(IncomeEntry, pk=pk, community=community)
    if not acts_for_community(user, community):
        raise Http404
    return entry


def recent_entries(community: Community, limit: int = 20) -> QuerySet[IncomeEntry]:
    return IncomeEntry.objects.filter(community=community).select_related("recorded_by")[:limit]


# --- UNESCO monitoring reports ------------------------------------------------------------------


def monitoring_reports_visible_to(user: User | Any) -> QuerySet[MonitoringReport]:
    """Monitoring reports, drafts and final: officers only (they are the programme's working papers)."""
    if not (user.is_authenticated and user.is_staff):
        return MonitoringReport.objects.none()
    return MonitoringReport.objects.select_related("city", "city__province")


def monitoring_report_for(user: User | Any, pk: int) -> MonitoringReport:
    """The report for an officer; anyone else gets a 404."""
    return get_object_or_404(monitoring_reports_visible_to(user), pk=pk)
