"""Forms of the impact pages: the dashboard filters (also used by the API), an income entry and a
survey upload."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chumchon.core.thai import fiscal_year_of, format_fiscal_year
from chumchon.impact.models import REPORT_SECTIONS, IncomeKind, ReportLanguage, ReportStatus
from chumchon.impact.selectors import ImpactFilters, fiscal_years_with_data
from chumchon.places.models import Area, Community, CreativeCity, CreativeCityStatus, District, Province

# Thai fiscal years the platform can report on (พ.ศ.): 2500 (1956–57) to 2700.
FIRST_FISCAL_YEAR = 2500
LAST_FISCAL_YEAR = 2700


class ImpactFilterForm(forms.Form):
    """Fiscal year (พ.ศ.) and place; the same form checks the dashboard's, the export's and the API's filters."""

    fiscal_year = forms.IntegerField(
        label=_("Fiscal year"),
        required=False,
        min_value=FIRST_FISCAL_YEAR,
        max_value=LAST_FISCAL_YEAR,
        help_text=_("In the Buddhist Era: fiscal year 2569 runs from 1 October 2025 to 30 September 2026."),
    )
    area = forms.ModelChoiceField(
        Area.objects.all(), to_field_name="slug", required=False, label=_("Area"), empty_label=_("All areas")
    )
    province = forms.ModelChoiceField(
        Province.objects.filter(communities__isnull=False).distinct(),
        to_field_name="slug",
        required=False,
        label=_("Province"),
        empty_label=_("All provinces"),
    )
    district = forms.ModelChoiceField(
        District.objects.filter(communities__isnull=False).distinct(),
        to_field_name="code",
        required=False,
        label=_("District"),
        empty_label=_("All districts"),
    )
    community = forms.ModelChoiceField(
        Community.objects.all(),
        to_field_name="slug",
        required=False,
        label=_("Community"),
        empty_label=_("All communities"),
        help_text=_("Choose a province, district or area first to list its communities."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = fiscal_year_of(timezone.localdate())
        self.fields["fiscal_year"].initial = current
        self.fields["fiscal_year"].widget = forms.Select()

    def set_choices(self) -> None:
        """Fill the select boxes for the page (the API skips this): fiscal years with data, and the
        districts and communities of the chosen province or district."""
        current = fiscal_year_of(timezone.localdate())
        years = sorted(set(fiscal_years_with_data()) | {current}, reverse=True)
        chosen = self.data.get("fiscal_year") if self.is_bound else None
        if chosen and str(chosen).isdigit() and int(chosen) not in years:
            years = sorted([*years, int(chosen)], reverse=True)
        widget: Any = self.fields["fiscal_year"].widget
        widget.choices = [(year, format_fiscal_year(year)) for year in years]
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        district_field: Any = self.fields["district"]
        community_field: Any = self.fields["community"]
        communities = Community.objects.all()
        if not (data.get("province") or data.get("district") or data.get("area")):
            # Thousands of communities make an unusable list: choose a province or district first.
            communities = communities.filter(pk=data["community"].pk) if data.get("community") else communities.none()
        if data.get("province"):
            district_field.queryset = district_field.queryset.filter(province=data["province"])
            communities = communities.filter(province=data["province"])
        if data.get("district"):
            communities = communities.filter(district=data["district"])
        if data.get("area"):
            communities = communities.filter(area=data["area"])
        community_field.queryset = communities.only("slug", "name_th", "name_en")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        province, district, community = data.get("province"), data.get("district"), data.get("community")
        if province and district and district.province_id != province.pk:
            self.add_error("district", _("This district is not in the chosen province."))
        if community and district and community.district_id != district.pk:
            self.add_error("community", _("This community is not in the chosen district."))
        elif community and province and community.province_id != province.pk:
            self.add_error("community", _("This community is not in the chosen province."))
        return data

    def filters(self) -> ImpactFilters:
        data = self.cleaned_data
        return ImpactFilters(
            fiscal_year=data.get("fiscal_year") or fiscal_year_of(timezone.localdate()),
            area=data.get("area"),
            province=data.get("province"),
            district=data.get("district"),
            community=data.get("community"),
        )


class IncomeEntryForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Kind of income"), choices=IncomeKind.choices)
    amount = forms.DecimalField(
        label=_("Amount (THB)"), min_value=Decimal("0.01"), max_digits=14, decimal_places=2, localize=False
    )
    visitors = forms.IntegerField(label=_("Visitors"), min_value=0, initial=0, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean_visitors(self) -> int:
        return self.cleaned_data.get("visitors") or 0


class SurveyUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Survey file (.csv or .xlsx)"),
        help_text=_("Columns: community, household, month, income. Month as 2026-01 or 2569-01 (Buddhist Era)."),
    )
    source = forms.CharField(
        label=_("Source"), max_length=200, required=False, help_text=_("For example the name of the survey.")
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not str(upload.name).lower().endswith((".csv", ".xlsx")):
            raise ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


class FiscalYearField(forms.IntegerField):
    """A fiscal year typed in the Buddhist Era (2566) or the Common Era (2023), kept in พ.ศ."""

    def clean(self, value: Any) -> int | None:
        year = super().clean(value)
        if year is not None and year < 2400:
            year += 543
        if year is not None and not FIRST_FISCAL_YEAR <= year <= LAST_FISCAL_YEAR:
            raise ValidationError(_("Enter a fiscal year such as 2569 (พ.ศ.) or 2026."))
        return year


class MonitoringReportStartForm(forms.Form):
    """Which member city, which fiscal years, which language: the report is pre-filled from these."""

    city = forms.ModelChoiceField(
        CreativeCity.objects.filter(status=CreativeCityStatus.MEMBER), to_field_name="slug", label=_("City")
    )
    first_fiscal_year = FiscalYearField(
        label=_("From fiscal year"), help_text=_("Buddhist or Common Era: 2566 and 2023 are the same year.")
    )
    last_fiscal_year = FiscalYearField(label=_("To fiscal year"))
    language = forms.ChoiceField(label=_("Language"), choices=ReportLanguage.choices, initial=ReportLanguage.ENGLISH)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_fiscal_year"), data.get("last_fiscal_year")
        if first and last and last < first:
            self.add_error("last_fiscal_year", _("The last fiscal year cannot come before the first."))
        elif first and last and last - first > 7:
            self.add_error("last_fiscal_year", _("A monitoring report covers at most eight fiscal years."))
        return data


class MonitoringReportForm(forms.Form):
    """The text of each section, and whether the report is still a draft."""

    status = forms.ChoiceField(label=_("Status"), choices=ReportStatus.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, heading in REPORT_SECTIONS:
            self.fields[name] = forms.CharField(
                label=heading, required=False, widget=forms.Textarea(attrs={"rows": 10}), strip=False
            )
        self.order_fields([name for name, _heading in REPORT_SECTIONS] + ["status"])
