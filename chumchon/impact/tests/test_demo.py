import pytest
from django.core import mail
from django.core.management import call_command

from chumchon.core.thai import fiscal_year_of
from chumchon.impact import selectors
from chumchon.impact.models import HouseholdIncome, IncomeEntry
from chumchon.impact.selectors import ImpactFilters

pytestmark = pytest.mark.django_db


def test_it_loads_two_fiscal_years_of_sample_income_and_reloads_cleanly(demo_data):
    from django.utils import timezone

    current = fiscal_year_of(timezone.localdate())
    previous = selectors.dashboard(ImpactFilters(fiscal_year=current - 1))
    assert previous.totals.entries_amount > 0 and previous.matching.deals >= 1
    assert not mail.outbox  # loading the demo tells nobody anything
    assert previous.households.gini is not None and 0 < previous.households.gini < 1
    assert selectors.totals(ImpactFilters(fiscal_year=current)).income > 0
    entries = IncomeEntry.objects.count()
    call_command("demo_load", reset=True, verbosity=0)
    assert IncomeEntry.objects.count() == entries
    assert HouseholdIncome.objects.filter(household="HH-001").exists()
