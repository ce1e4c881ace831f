"""Impact: income that communities record, household-income surveys, and a monthly rollup of the
income entries that the dashboards read (kept in step by the services)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chumchon.places.models import Community

MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}


class IncomeKind(models.TextChoices):
    PRODUCT_SALES = "product_sales", _("Product sales")
    TOURISM_SERVICES = "tourism_services", _("Tourism services")
    HOMESTAY = "homestay", _("Homestay")
    FOOD = "food", _("Food and drink")
    OTHER = "other", _("Other")


class IncomeEntry(models.Model):
    """Income a community received on a day, recorded by one of its members (or an officer)."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="income_entries", verbose_name=_("community")
    )
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount (THB)"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY)
    kind = models.CharField(_("kind of income"), max_length=20, choices=IncomeKind.choices)
    visitors = models.PositiveIntegerField(_("visitors"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # Kept when the person is erased (PDPA): the income still happened.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("income entry")
        verbose_name_plural = _("income entries")
        ordering = ["-date", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="income_entry_amount_positive")]
        indexes = [models.Index(fields=["community", "date"]), models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.community_id} {self.date} {self.amount} THB"


class MonthlyIncome(models.Model):
    """The income entries of one community and month summed, with one amount column per kind:
    what the dashboards read (one row per community and month keeps a fiscal year of 2,000
    communities at 24,000 rows, see docs/impact.md).

    Written only by `services.monthly_income_refresh` (after every entry is recorded or deleted)
    and rebuilt from the entries by `manage.py impact_rebuild`."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    amount = models.DecimalField(**MONEY)
    amount_product_sales = models.DecimalField(default=Decimal(0), **MONEY)
    amount_tourism_services = models.DecimalField(default=Decimal(0), **MONEY)
    amount_homestay = models.DecimalField(default=Decimal(0), **MONEY)
    amount_food = models.DecimalField(default=Decimal(0), **MONEY)
    amount_other = models.DecimalField(default=Decimal(0), **MONEY)
    visitors = models.PositiveBigIntegerField(default=0)
    entries = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("monthly income")
        verbose_name_plural = _("monthly income")
        constraints = [models.UniqueConstraint(fields=["community", "month"], name="monthly_income_unique")]
        indexes = [models.Index(fields=["month"])]

    def __str__(self) -> str:
        return f"{self.community_id} {self.month:%Y-%m}"


class HouseholdIncome(models.Model):
    """A survey figure: one household's income from tourism in one month."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="household_incomes", verbose_name=_("community")
    )
    household = models.CharField(_("household"), max_length=64, help_text=_("A code or label, not a name."))
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    income = models.DecimalField(_("income (THB)"), validators=[MinValueValidator(Decimal("0"))], **MONEY)
    source = models.CharField(_("source"), max_length=200, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("household income")
        verbose_name_plural = _("household incomes")
        ordering = ["community", "month", "household"]
        constraints = [
            models.UniqueConstraint(fields=["community", "household", "month"], name="household_income_unique"),
            models.CheckConstraint(condition=Q(income__gte=0), name="household_income_not_negative"),
        ]
        indexes = [models.Index(fields=["month"])]

    def __str__(self) -> str:
        return f"{self.community_id} {self.household} {self.month:%Y-%m}"


class ReportLanguage(models.TextChoices):
    ENGLISH = "en", _("English (sent to UNESCO)")
    THAI = "th", _("Thai (working copy)")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")


# The sections of UNESCO's Membership Monitoring Report, in its order: (field name, heading).
REPORT_SECTIONS: tuple[tuple[str, Any], ...] = (
    ("general_information", _("General information")),
    ("global_management", _("Contribution to the global management of the network")),
    ("local_initiatives", _("Major initiatives at the local level")),
    ("international_cooperation", _("Major initiatives through inter-city cooperation")),
    ("previous_plan_results", _("Results against the previous action plan")),
    ("next_action_plan", _("Action plan for the next four years")),
)


class MonitoringReport(models.Model):
    """A member city's UNESCO Membership Monitoring Report for some fiscal years, in one language.

    The sections are pre-filled from the platform's figures (`chumchon.impact.monitoring`) when the
    report is started; officers then edit the text. English is the copy sent to UNESCO, Thai the
    working copy."""

    city = models.ForeignKey(
        "places.CreativeCity", on_delete=models.PROTECT, related_name="monitoring_reports", verbose_name=_("city")
    )
    first_fiscal_year = models.PositiveSmallIntegerField(_("first fiscal year (พ.ศ.)"))
    last_fiscal_year = models.PositiveSmallIntegerField(_("last fiscal year (พ.ศ.)"))
    language = models.CharField(_("language"), max_length=2, choices=ReportLanguage.choices)
    status = models.CharField(_("status"), max_length=8, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    general_information = models.TextField(_("general information"), blank=True)
    global_management = models.TextField(_("contribution to the global management of the network"), blank=True)
    local_initiatives = models.TextField(_("major initiatives at the local level"), blank=True)
    international_cooperation = models.TextField(_("major initiatives through inter-city cooperation"), blank=True)
    previous_plan_results = models.TextField(_("results against the previous action plan"), blank=True)
    next_action_plan = models.TextField(_("action plan for the next four years"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("monitoring report")
        verbose_name_plural = _("monitoring reports")
        ordering = ["-last_fiscal_year", "city", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "first_fiscal_year", "last_fiscal_year", "language"],
                name="one_monitoring_report_per_city_period_language",
                violation_error_message=_("This city already has a report for these years in this language."),
            ),
            models.CheckConstraint(
                condition=Q(last_fiscal_year__gte=models.F("first_fiscal_year")),
                name="monitoring_report_period_in_order",
                violation_error_message=_("The last fiscal year cannot come before the first."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city} {self.first_fiscal_year}–{self.last_fiscal_year} ({self.language})"

    @property
    def fiscal_years(self) -> list[int]:
        return list(range(self.first_fiscal_year, self.last_fiscal_year + 1))

    def sections(self) -> list[tuple[str, str, str]]:
        """(field name, heading, text) of each section, in UNESCO's order."""
        return [(name, str(heading), getattr(self, name)) for name, heading in REPORT_SECTIONS]
