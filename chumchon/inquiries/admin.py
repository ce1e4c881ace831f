"""Officers see deals and reports in the admin; conversations stay private (officers read reported
ones through the inbox, where nothing can be changed)."""

from __future__ import annotations

from django.contrib import admin

from chumchon.inquiries.models import ConversationReport, Deal


@admin.register(Deal)
class DealAdmin(admin.ModelAdmin[Deal]):
    list_display = ["id", "date", "seller", "community", "buyer", "value", "kind", "source", "status"]
    list_filter = ["status", "kind", "source"]
    date_hierarchy = "date"
    search_fields = ["seller__name", "community__name_th", "buyer__email", "buyer_organisation__name"]
    raw_id_fields = ["seller", "community", "buyer", "buyer_organisation", "conversation", "quote"]
    readonly_fields = ["recorded_by", "confirmed_by", "confirmed_at", "created_at"]

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False  # the impact figures rely on deals; dispute them instead


@admin.register(ConversationReport)
class ConversationReportAdmin(admin.ModelAdmin[ConversationReport]):
    list_display = ["id", "conversation", "reporter", "created_at"]
    readonly_fields = ["conversation", "reporter", "reason", "created_at"]
