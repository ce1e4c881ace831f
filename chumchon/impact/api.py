"""REST API of the impact figures: the same filters and selectors as the dashboards.

For officers; a community's members may ask for their own community (`?community=<slug>`).
Anyone else gets a 404, as on the pages."""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from chumchon.api.schema import ErrorSerializer
from chumchon.impact import selectors
from chumchon.impact.forms import ImpactFilterForm
from chumchon.impact.selectors import RESPONSE_DAYS, ImpactFilters


def _money(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=16, decimal_places=2, **kwargs)


class TotalsSerializer(serializers.Serializer[Any]):
    entries_amount = _money(help_text="Income recorded by communities (THB).")
    entries = serializers.IntegerField(help_text="Number of income entries.")
    visitors = serializers.IntegerField()
    deals = serializers.IntegerField(help_text="Number of confirmed deals.")
    deals_value = _money()
    income = _money(help_text="entries_amount + deals_value")


class MonthSerializer(serializers.Serializer[Any]):
    month = serializers.DateField(help_text="First day of the month.")
    entries_amount = _money()
    deals_value = _money()
    income = _money()
    visitors = serializers.IntegerField()


class DistributionSerializer(serializers.Serializer[Any]):
    gini = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True)
    n = serializers.IntegerField(help_text="Households or communities counted.")
    total = _money()
    mean = _money(allow_null=True)


class KindSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    name = serializers.CharField()
    amount = _money()


class SourceSerializer(serializers.Serializer[Any]):
    deal_source = serializers.CharField()
    name = serializers.CharField()
    deals = serializers.IntegerField()
    value = _money()


class MatchingSerializer(serializers.Serializer[Any]):
    deals = serializers.IntegerField()
    deals_value = _money()
    meetings_held = serializers.IntegerField(help_text="Business-matching meetings held in the fiscal year.")
    expected_value = _money()


class InquiriesSerializer(serializers.Serializer[Any]):
    asked = serializers.IntegerField(help_text="Conversations whose first buyer message fell in the fiscal year.")
    replied = serializers.IntegerField(help_text=f"Of those, answered by the seller within {RESPONSE_DAYS} days.")
    response_rate = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True, help_text="Percent.")
    response_days = serializers.IntegerField()


class PlaceRowSerializer(serializers.Serializer[Any]):
    id = serializers.CharField(help_text="Community slug or district code.")
    name = serializers.CharField()
    entries_amount = _money()
    visitors = serializers.IntegerField()
    deals = serializers.IntegerField()
    deals_value = _money()
    income = _money()
    households = serializers.IntegerField(allow_null=True)
    income_per_household = _money(allow_null=True)
    distribution = DistributionSerializer(allow_null=True)


class FiguresSerializer(serializers.Serializer[Any]):
    fiscal_year = serializers.IntegerField(help_text="Buddhist Era: 2569 = 1 Oct 2025 – 30 Sep 2026.")
    start = serializers.DateField()
    end = serializers.DateField()
    totals = TotalsSerializer()
    previous_year = TotalsSerializer()
    growth_percent = serializers.DecimalField(max_digits=12, decimal_places=1, allow_null=True)
    income_per_household = _money(allow_null=True)
    months = MonthSerializer(many=True)
    by_kind = KindSerializer(many=True)
    deals_by_source = SourceSerializer(many=True)
    matching = MatchingSerializer()
    inquiries = InquiriesSerializer()
    households = DistributionSerializer(help_text="Across surveyed households: mean monthly income and Gini.")
    communities_distribution = DistributionSerializer(help_text="Across communities with income.")
    communities = PlaceRowSerializer(many=True)
    districts = PlaceRowSerializer(many=True)


def _distribution(value: selectors.Distribution | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {"gini": value.gini, "n": value.n, "total": value.total, "mean": value.mean}


def _totals(value: selectors.Totals) -> dict[str, Any]:
    return {
        "entries_amount": value.entries_amount,
        "entries": value.entries,
        "visitors": value.visitors,
        "deals": value.deals,
        "deals_value": value.deals_value,
        "income": value.income,
    }


def _row(row: selectors.PlaceRow, ident: str) -> dict[str, Any]:
    return {
        "id": ident,
        "name": row.place.name,
        "entries_amount": row.entries_amount,
        "visitors": row.visitors,
        "deals": row.deals,
        "deals_value": row.deals_value,
        "income": row.income,
        "households": row.households,
        "income_per_household": row.per_household,
        "distribution": _distribution(row.distribution),
    }


def figures_data(figures: selectors.Dashboard) -> dict[str, Any]:
    return {
        "fiscal_year": figures.filters.fiscal_year,
        "start": figures.filters.start,
        "end": figures.filters.end,
        "totals": _totals(figures.totals),
        "previous_year": _totals(figures.previous),
        "growth_percent": figures.growth,
        "income_per_household": figures.income_per_household,
        "months": [
            {
                "month": m.month,
                "entries_amount": m.entries_amount,
                "deals_value": m.deals_value,
                "income": m.income,
                "visitors": m.visitors,
            }
            for m in figures.months
        ],
        "by_kind": [{"kind": kind, "name": label, "amount": amount} for kind, label, amount in figures.kinds],
        "deals_by_source": [
            {"deal_source": source, "name": label, "deals": n, "value": value}
            for source, label, n, value in figures.sources
        ],
        "matching": {
            "deals": figures.matching.deals,
            "deals_value": figures.matching.deals_value,
            "meetings_held": figures.matching.meetings_held,
            "expected_value": figures.matching.expected_value,
        },
        "inquiries": {
            "asked": figures.inquiries.asked,
            "replied": figures.inquiries.replied,
            "response_rate": figures.inquiries.response_rate,
            "response_days": RESPONSE_DAYS,
        },
        "households": _distribution(figures.households),
        "communities_distribution": _distribution(figures.communities_spread),
        "communities": [_row(row, row.place.slug) for row in figures.communities],
        "districts": [_row(row, row.place.code) for row in figures.districts],
    }


FILTER_PARAMETERS = [
    OpenApiParameter(
        "fiscal_year", OpenApiTypes.INT, description="Thai fiscal year in the Buddhist Era (default: the current one)"
    ),
    OpenApiParameter("area", OpenApiTypes.STR, description="Area slug"),
    OpenApiParameter("province", OpenApiTypes.STR, description="Province slug"),
    OpenApiParameter("district", OpenApiTypes.STR, description="District code (4 digits)"),
    OpenApiParameter("community", OpenApiTypes.STR, description="Community slug"),
]


def filters_for(request: Request) -> ImpactFilters:
    """Checked filters, for an officer or a member asking about their own community; 404 otherwise."""
    user = request.user
    if not user.is_authenticated:
        raise NotFound
    form = ImpactFilterForm(request.query_params)
    if not form.is_valid():
        raise ValidationError(
            {name: [error["message"] for error in errors] for name, errors in form.errors.get_json_data().items()}
        )
    filters = form.filters()
    if selectors.may_see_figures(user, filters):  # the dashboard's own rule
        return filters
    raise NotFound


class FiguresView(APIView):
    """Income, deals, inquiries, matching outcomes and distribution for a fiscal year and place."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=FILTER_PARAMETERS,
        responses={200: FiguresSerializer, 400: ErrorSerializer},
        operation_id="impact_figures",
    )
    def get(self, request: Request) -> Response:
        filters = filters_for(request)
        figures = selectors.dashboard(filters, with_districts=filters.community is None)
        return Response(FiguresSerializer(figures_data(figures)).data)


urlpatterns = [path("impact/figures/", FiguresView.as_view(), name="impact-figures")]
