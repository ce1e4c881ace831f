"""Officers see bookings in the admin, read-only: changes go through the two sides' pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from chumchon.bookings.models import Booking


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin[Booking]):
    list_display = ["reference", "listing", "session", "buyer", "people", "amount", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["reference", "listing__title_th", "community__name_th", "buyer__email"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False  # seats and income figures rely on bookings
