"""Figures against hand-computed examples (both SQLite and PostgreSQL)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum

from chumchon.impact import selectors, services
from chumchon.impact.models import IncomeEntry, MonthlyIncome
from chumchon.impact.tests.conftest import fy
from chumchon.inquiries.models import DealSource, DealStatus

pytestmark = pytest.mark.django_db


def test_it_adds_up_income_entries_and_confirmed_deals(weavers, potters, record, deal):
    record(weavers, dt.date(2025, 11, 3), "1000.00", visitors=12)
    record(weavers, dt.date(2026, 2, 14), "2500.50", kind="homestay", visitors=4)
    record(potters, dt.date(2026, 5, 1), "300.25")
    deal(weavers, dt.date(2026, 3, 1), "5000")
    deal(weavers, dt.date(2026, 3, 2), "999", status=DealStatus.PENDING_CONFIRMATION)  # not counted
    figures = selectors.dashboard(fy(2569))
    assert figures.totals.entries_amount == Decimal("3800.75")
    assert figures.totals.deals == 1 and figures.totals.deals_value == Decimal("5000.00")
    assert figures.totals.income == Decimal("8800.75")
    assert figures.totals.visitors == 16 and figures.totals.entries == 3
    rows = {row.place.slug: row for row in figures.communities}
    assert rows["hat-siao"].income == Decimal("8500.50")
    assert rows["hat-siao"].per_household == Decimal("850.05")  # 10 households
    assert rows["ko-noi"].per_household == Decimal("10.01")  # 300.25 / 30
    # (8500.50 + 300.25) / (10 + 30)
    assert figures.income_per_household == Decimal("220.02")
    months = {m.month: m.income for m in figures.months}
    assert len(months) == 12 and months[dt.date(2026, 3, 1)] == Decimal("5000.00")
    assert months[dt.date(2025, 10, 1)] == 0
    kinds = {kind: amount for kind, _label, amount in figures.kinds}
    assert kinds["homestay"] == Decimal("2500.50") and kinds["product_sales"] == Decimal("1300.25")


def test_it_puts_30_september_and_1_october_in_different_fiscal_years(weavers, record, deal):
    record(weavers, dt.date(2025, 9, 30), "100")
    record(weavers, dt.date(2025, 10, 1), "200")
    deal(weavers, dt.date(2025, 9, 30), "1000")
    deal(weavers, dt.date(2025, 10, 1), "2000")
    assert selectors.totals(fy(2568)).income == Decimal("1100.00")
    assert selectors.totals(fy(2569)).income == Decimal("2200.00")
    assert selectors.fiscal_years_with_data() == [2568, 2569]


def test_it_compares_with_the_previous_fiscal_year(weavers, record):
    record(weavers, dt.date(2024, 12, 1), "1000")
    record(weavers, dt.date(2025, 12, 1), "1500")
    figures = selectors.dashboard(fy(2569))
    assert figures.previous.income == Decimal("1000.00")
    assert figures.growth == Decimal("50.0")
    assert selectors.dashboard(fy(2568)).growth is None


def test_it_filters_by_place(weavers, potters, record, deal):
    record(weavers, dt.date(2026, 1, 5), "100")
    record(potters, dt.date(2026, 1, 5), "40")
    deal(potters, dt.date(2026, 1, 6), "60")
    assert selectors.totals(fy(2569, community=weavers)).income == Decimal("100.00")
    assert selectors.totals(fy(2569, district=potters.district)).income == Decimal("100.00")
    assert selectors.totals(fy(2569, province=weavers.province)).income == Decimal("200.00")
    districts = {row.place.code: row.income for row in selectors.by_district(fy(2569))}
    assert districts == {"6401": Decimal("100.00"), "6405": Decimal("100.00")}


@pytest.mark.parametrize(
    ("incomes", "expected"),
    [
        (["5000", "5000", "5000", "5000"], Decimal("0")),  # everyone equal
        (["0", "0", "0", "8000"], Decimal("0.75")),  # one household holds everything: (n − 1) / n
        (["0", "12000"], Decimal("0.5")),
        (["1", "2", "3", "4"], Decimal("0.25")),  # (−3·1 − 1·2 + 1·3 + 3·4) / (4 · 10)
    ],
)
def test_it_computes_the_gini_across_households(weavers, survey, incomes, expected):
    survey(weavers, incomes)
    spread = selectors.household_distribution(fy(2569))
    assert spread.gini == expected
    assert spread.n == len(incomes)
    assert selectors.household_distribution_by_community(fy(2569))[weavers.pk].gini == expected


def test_it_takes_each_households_mean_month(weavers, survey):
    survey(weavers, ["1000", "3000"], month=dt.date(2026, 1, 1))
    survey(weavers, ["3000", "1000"], month=dt.date(2026, 2, 1))  # both households average 2000
    spread = selectors.household_distribution(fy(2569))
    assert spread.gini == 0 and spread.mean == Decimal("2000.00") and spread.n == 2


def test_it_computes_the_gini_across_communities(weavers, potters, record, deal):
    record(weavers, dt.date(2026, 1, 5), "100")
    deal(potters, dt.date(2026, 1, 6), "200")
    record(potters, dt.date(2026, 2, 6), "100")
    # x = 100, 300: (−1·100 + 1·300) / (2 · 400)
    spread = selectors.community_distribution(fy(2569))
    assert spread.gini == Decimal("0.25") and spread.n == 2
    by_district = selectors.community_distribution_by_district(fy(2569))
    assert by_district[weavers.district_id].gini == 0  # a district with one community


def test_it_counts_inquiries_answered_within_seven_days(weavers):
    from django.utils import timezone

    from chumchon.inquiries.tests.factories import ConversationFactory

    asked = timezone.make_aware(dt.datetime(2026, 1, 10, 9, 0))
    for reply in (asked + dt.timedelta(days=2), asked + dt.timedelta(days=10), None):
        ConversationFactory(
            seller=weavers.organisation, community=weavers, first_buyer_message_at=asked, first_seller_reply_at=reply
        )
    ConversationFactory(
        seller=weavers.organisation, community=weavers, first_buyer_message_at=asked - dt.timedelta(days=365)
    )
    figures = selectors.inquiries(fy(2569))
    assert (figures.asked, figures.replied) == (3, 1)
    assert figures.response_rate == Decimal("33.3")


def test_it_counts_deals_from_business_matching_events(weavers, deal):
    deal(weavers, dt.date(2026, 4, 1), "45000", source=DealSource.MATCHING_EVENT)
    deal(weavers, dt.date(2026, 4, 2), "1000", source=DealSource.WALK_IN)
    matching = selectors.matching_figures(fy(2569))
    assert matching.deals == 1 and matching.deals_value == Decimal("45000.00")


def test_it_keeps_the_monthly_rollup_equal_to_the_entries(weavers, potters, record, officer):
    first = record(weavers, dt.date(2026, 1, 5), "100", visitors=3)
    record(weavers, dt.date(2026, 1, 25), "50", visitors=2)
    record(potters, dt.date(2026, 1, 31), "7")
    record(weavers, dt.date(2026, 1, 26), "20", kind="food")
    row = MonthlyIncome.objects.get(community=weavers, month=dt.date(2026, 1, 1))
    assert (row.amount, row.visitors, row.entries) == (Decimal("170.00"), 5, 3)
    assert (row.amount_product_sales, row.amount_food, row.amount_homestay) == (
        Decimal("150.00"),
        Decimal("20.00"),
        Decimal(0),
    )
    services.income_entry_delete(entry=first, by=officer)
    row.refresh_from_db()
    assert (row.amount, row.amount_product_sales, row.entries) == (Decimal("70.00"), Decimal("50.00"), 2)
    columns = ["community", "month", "amount", "amount_product_sales", "amount_food", "visitors", "entries"]
    before = list(MonthlyIncome.objects.order_by("community", "month").values_list(*columns))
    call_command("impact_rebuild", verbosity=0)
    after = list(MonthlyIncome.objects.order_by("community", "month").values_list(*columns))
    assert before == after
    assert MonthlyIncome.objects.aggregate(s=Sum("amount"))["s"] == IncomeEntry.objects.aggregate(s=Sum("amount"))["s"]
