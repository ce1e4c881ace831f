from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from chumchon.accounts.audit_admin import AuditedModelAdmin
from chumchon.impact.models import HouseholdIncome, IncomeEntry


@admin.register(IncomeEntry)
class IncomeEntryAdmin(AuditedModelAdmin):
    """Read-only here: entries are recorded and removed on the community's page, which keeps the
    monthly rollup in step."""

    list_display = ["community", "date", "kind", "amount", "visitors", "recorded_by"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    search_fields = ["community__name_th", "community__name_en", "note"]
    list_select_related = ["community", "recorded_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(HouseholdIncome)
class HouseholdIncomeAdmin(AuditedModelAdmin):
    list_display = ["community", "household", "month", "income", "source"]
    list_filter = ["month"]
    search_fields = ["community__name_th", "household", "source"]
    list_select_related = ["community"]
    raw_id_fields = ["community", "imported_by"]
