import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation

from chumchon.core.money import format_baht, to_baht
from chumchon.core.thai import fiscal_year_bounds, fiscal_year_of, format_date, format_fiscal_year


class TestFiscalYear:
    def test_it_puts_30_september_in_the_year_ending_then(self):
        assert fiscal_year_of(dt.date(2026, 9, 30)) == 2569

    def test_it_starts_a_new_year_on_1_october(self):
        assert fiscal_year_of(dt.date(2026, 10, 1)) == 2570

    def test_it_names_january_by_its_own_buddhist_year(self):
        assert fiscal_year_of(dt.date(2027, 1, 15)) == 2570

    def test_it_gives_the_bounds_of_a_fiscal_year(self):
        assert fiscal_year_bounds(2569) == (dt.date(2025, 10, 1), dt.date(2026, 9, 30))

    def test_it_names_the_fiscal_year_in_each_language(self):
        with translation.override("th"):
            assert format_fiscal_year(2569) == "ปีงบประมาณ 2569"
        with translation.override("en"):
            assert format_fiscal_year(2569) == "FY 2026 (Oct 2025–Sep 2026)"


class TestDates:
    def test_it_shows_thai_dates_in_the_buddhist_era(self):
        with translation.override("th"):
            assert format_date(dt.date(2026, 8, 24)) == "24 ส.ค. 2569"
            assert format_date(dt.date(2026, 8, 24), long=True) == "24 สิงหาคม 2569"

    def test_it_shows_english_dates_in_the_common_era(self):
        with translation.override("en"):
            assert format_date(dt.date(2026, 8, 24)) == "24 Aug 2026"

    def test_it_shows_aware_datetimes_in_bangkok_time(self):
        moment = dt.datetime(2026, 8, 23, 20, 30, tzinfo=dt.UTC)  # 03:30 next day in Bangkok
        with translation.override("th"):
            assert format_date(moment, with_time=True) == "24 ส.ค. 2569 03:30 น."

    def test_it_renders_through_template_filters(self):
        template = Template("{{ day|thaidate }} | {{ day|fiscal_year }} | {{ price|baht }} | {{ 2019|year }}")
        with translation.override("th"):
            text = template.render(Context({"day": dt.date(2026, 10, 1), "price": Decimal("1250")}))
        assert text == "1 ต.ค. 2569 | ปีงบประมาณ 2570 | ฿1,250.00 | 2562"


class TestMoney:
    def test_it_formats_baht_with_two_decimals_and_separators(self):
        assert format_baht(Decimal("1250")) == "฿1,250.00"
        assert format_baht("1234567.891") == "฿1,234,567.89"
        assert format_baht(-5) == "-฿5.00"
        assert format_baht(None) == ""

    def test_it_rounds_half_up_to_satang(self):
        assert to_baht("0.005") == Decimal("0.01")

    def test_it_refuses_what_is_not_money(self):
        with pytest.raises(ValidationError):
            to_baht("12O")
        with pytest.raises(ValidationError):
            to_baht("NaN")
