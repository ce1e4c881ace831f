"""The figures of a UNESCO Membership Monitoring Report, read from the platform, and the text that
pre-fills each section from them.

Income comes from `selectors.dashboard`, the very function behind the impact dashboard, called for
each fiscal year of the report with the city's province as the place; so the report's community
income is the sum of what the dashboard shows for those years and that province. Matching events,
knowledge, programme actions, communities and listings are counted for the same province and period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from chumchon.catalog.models import Listing
from chumchon.core.money import format_baht
from chumchon.core.thai import display_year, fiscal_year_bounds, format_date, from_buddhist_year
from chumchon.impact import selectors
from chumchon.impact.models import MonitoringReport
from chumchon.impact.selectors import ZERO, ImpactFilters
from chumchon.knowledge.models import Article
from chumchon.matching.models import Event
from chumchon.places.models import Community, CreativeCity
from chumchon.programmes.models import ActionItem, ActionStatus, Mou, ReviewMeeting


@dataclass(frozen=True)
class YearFigures:
    fiscal_year: int
    income: Decimal
    entries_amount: Decimal
    deals: int
    deals_value: Decimal
    visitors: int
    gini: Decimal | None


@dataclass(frozen=True, order=True)
class Dated:
    """Something that happened on a day: an event, an article, an action done, a meeting."""

    day: dt.date
    title: str


@dataclass(frozen=True)
class ReportFigures:
    city: CreativeCity
    first_fiscal_year: int
    last_fiscal_year: int
    years: list[YearFigures]
    kinds: list[tuple[str, Decimal]]
    top_communities: list[tuple[str, Decimal]]
    meetings_held: int
    matching_deals: int
    matching_deals_value: Decimal
    expected_value: Decimal
    events: list[Dated]
    articles: list[Dated]
    actions_done: list[Dated]
    actions_open: int
    review_meetings: list[Dated]
    mous: list[str]
    communities: int
    listings: int

    @property
    def start(self) -> dt.date:
        return fiscal_year_bounds(self.first_fiscal_year)[0]

    @property
    def end(self) -> dt.date:
        return fiscal_year_bounds(self.last_fiscal_year)[1]

    @property
    def income(self) -> Decimal:
        """Community income over the period: the dashboard's figure for each year, added up."""
        return sum((year.income for year in self.years), ZERO)

    @property
    def visitors(self) -> int:
        return sum(year.visitors for year in self.years)


def figures(city: CreativeCity, first_fiscal_year: int, last_fiscal_year: int) -> ReportFigures:
    """What the platform knows about the city's province over the fiscal years (พ.ศ.), both included."""
    province = city.province
    years: list[YearFigures] = []
    kinds: dict[str, tuple[str, Decimal]] = {}
    communities: dict[int, tuple[str, Decimal]] = {}
    held = matching_deals = 0
    matching_value = expected = ZERO
    for fiscal_year in range(first_fiscal_year, last_fiscal_year + 1):
        board = selectors.dashboard(ImpactFilters(fiscal_year=fiscal_year, province=province), with_districts=False)
        spread = board.communities_spread
        years.append(
            YearFigures(
                fiscal_year=fiscal_year,
                income=board.totals.income,
                entries_amount=board.totals.entries_amount,
                deals=board.totals.deals,
                deals_value=board.totals.deals_value,
                visitors=board.totals.visitors,
                gini=spread.gini,
            )
        )
        for key, label, amount in board.kinds:
            kinds[key] = (str(label), kinds.get(key, ("", ZERO))[1] + amount)
        for row in board.communities:
            name, income = communities.get(row.place.pk, (str(row.place), ZERO))
            communities[row.place.pk] = (name, income + row.income)
        held += board.matching.meetings_held
        matching_deals += board.matching.deals
        matching_value += board.matching.deals_value
        expected += board.matching.expected_value
    start, end = fiscal_year_bounds(first_fiscal_year)[0], fiscal_year_bounds(last_fiscal_year)[1]
    events = (
        Event.objects.visible()
        .filter(province=province, sessions__date__range=(start, end))
        .distinct()
        .prefetch_related("sessions")
    )
    articles = (
        Article.objects.published()
        .filter(published_at__date__range=(start, end))
        .filter(Q(creative_cities=city) | Q(communities__province=province) | Q(areas__provinces=province))
        .distinct()
    )
    city_items = ActionItem.objects.filter(Q(city=city) | Q(meeting__mou__cities=city)).distinct()
    mous = Mou.objects.filter(cities=city, signed_on__lte=end)
    meetings = ReviewMeeting.objects.filter(mou__cities=city, held_on__range=(start, end)).distinct()
    return ReportFigures(
        city=city,
        first_fiscal_year=first_fiscal_year,
        last_fiscal_year=last_fiscal_year,
        years=years,
        kinds=[value for value in kinds.values() if value[1]],
        top_communities=sorted((v for v in communities.values() if v[1]), key=lambda v: -v[1])[:5],
        meetings_held=held,
        matching_deals=matching_deals,
        matching_deals_value=matching_value,
        expected_value=expected,
        events=sorted(
            Dated(min(s.date for s in event.sessions.all()), event.name) for event in events if event.sessions.all()
        ),
        articles=sorted(
            Dated(article.published_at.date(), article.title) for article in articles if article.published_at
        ),
        actions_done=sorted(
            Dated(item.done_on, item.title)
            for item in city_items.filter(status=ActionStatus.DONE, done_on__range=(start, end))
            if item.done_on
        ),
        actions_open=city_items.filter(status=ActionStatus.OPEN).count(),
        review_meetings=sorted(Dated(meeting.held_on, meeting.title) for meeting in meetings),
        mous=[f"{mou.title} ({', '.join(mou.party_list)})" for mou in mous],
        communities=Community.objects.published().filter(province=province).count(),
        listings=Listing.objects.published().filter(community__province=province).count(),
    )


def period_label(first_fiscal_year: int, last_fiscal_year: int) -> str:
    """`fiscal years 2023–2026 (1 Oct 2022 – 30 Sep 2026)`; in Thai, `ปีงบประมาณ 2566–2569 (…)`."""
    start, end = fiscal_year_bounds(first_fiscal_year)[0], fiscal_year_bounds(last_fiscal_year)[1]
    if translation.get_language() == "th":
        first, last = first_fiscal_year, last_fiscal_year
    else:
        first, last = from_buddhist_year(first_fiscal_year), from_buddhist_year(last_fiscal_year)
    return _("fiscal years %(first)s–%(last)s (%(start)s – %(end)s)") % {
        "first": first,
        "last": last,
        "start": format_date(start),
        "end": format_date(end),
    }


def _list(items: list[Dated], empty: str) -> str:
    if not items:
        return empty
    return "\n".join(f"- {format_date(item.day)}: {item.title}" for item in items)


def prefill(data: ReportFigures, language: str) -> dict[str, str]:
    """The text of each section, written from the figures in `language` (officers edit it after)."""
    with translation.override(language):
        city = data.city.name_en if language == "en" and data.city.name_en else data.city.name_th
        period = period_label(data.first_fiscal_year, data.last_fiscal_year)
        field = data.city.get_field_display()
        joined = display_year(data.city.member_since) if data.city.member_since else ""
        general = _(
            "%(city)s, UNESCO Creative City of %(field)s since %(joined)s. This report covers %(period)s.\n"
            "Lead organisation: %(lead)s.\n"
            "On the platform, the province has %(communities)s published communities offering %(listings)s "
            "published listings."
        ) % {
            "city": city,
            "field": field,
            "joined": joined,
            "period": period,
            "lead": data.city.lead_organisation or "—",
            "communities": data.communities,
            "listings": data.listings,
        }
        income_lines = [
            _("Community income over the period: %(income)s (income recorded by communities and confirmed deals).")
            % {"income": format_baht(data.income)}
        ]
        for year in data.years:
            year_name = year.fiscal_year if language == "th" else from_buddhist_year(year.fiscal_year)
            income_lines.append(
                _("- Fiscal year %(year)s: %(income)s, %(visitors)s visitors")
                % {
                    "year": year_name,
                    "income": format_baht(year.income),
                    "visitors": f"{year.visitors:,}",
                }
            )
        if data.kinds:
            income_lines.append(
                _("By kind: %(kinds)s.") % {"kinds": ", ".join(f"{label} {format_baht(v)}" for label, v in data.kinds)}
            )
        if data.top_communities:
            income_lines.append(
                _("Communities with the most income: %(names)s.")
                % {"names": ", ".join(f"{name} ({format_baht(v)})" for name, v in data.top_communities)}
            )
        ginis = [year.gini for year in data.years if year.gini is not None]
        if ginis:
            income_lines.append(
                _("Spread of income across communities (Gini, latest year): %(gini)s.") % {"gini": ginis[-1]}
            )
        local = "\n".join(
            [
                *income_lines,
                "",
                _("Business-matching events held in the province:"),
                _list(data.events, _("- none recorded")),
                _(
                    "Outcomes: %(meetings)s meetings held, %(deals)s confirmed deals from events worth %(value)s, "
                    "%(expected)s expected by the participants."
                )
                % {
                    "meetings": data.meetings_held,
                    "deals": data.matching_deals,
                    "value": format_baht(data.matching_deals_value),
                    "expected": format_baht(data.expected_value),
                },
                "",
                _("Knowledge published:"),
                _list(data.articles, _("- none recorded")),
            ]
        )
        cooperation = "\n".join(
            [
                _("Agreements in force:"),
                "\n".join(f"- {mou}" for mou in data.mous) or _("- none recorded"),
                _("Review meetings held:"),
                _list(data.review_meetings, _("- none recorded")),
            ]
        )
        results = "\n".join(
            [
                _("Actions completed:"),
                _list(data.actions_done, _("- none recorded")),
                _("Actions still open: %(count)s.") % {"count": data.actions_open},
            ]
        )
        return {
            "general_information": general,
            "global_management": _(
                "Participation in the network's annual conference, working groups and sub-network meetings: "
                "to be completed by the city."
            ),
            "local_initiatives": local,
            "international_cooperation": cooperation,
            "previous_plan_results": results,
            "next_action_plan": _(
                "Objectives and initiatives for the next four years, with their expected results and budget: "
                "to be completed by the city."
            ),
        }


def report_figures(report: MonitoringReport) -> ReportFigures:
    return figures(report.city, report.first_fiscal_year, report.last_fiscal_year)
