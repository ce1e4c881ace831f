"""Imports in the admin: a read-only record of who imported what (imports are made on /staff/import/).

Loaded by `chumchon/catalog/admin.py` (`from chumchon.catalog.imports import admin  # noqa: F401`).
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from chumchon.catalog.models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["original_name", "kind", "status", "created_count", "updated_count", "unchanged_count",
                    "skipped_count", "created_by", "created_at"]  # fmt: skip
    list_filter = ["kind", "status"]
    search_fields = ["original_name", "created_by__email"]
    readonly_fields = [field.name for field in ImportJob._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # an import needs its preview: upload on /staff/import/

    def has_change_permission(self, request: HttpRequest, obj: ImportJob | None = None) -> bool:
        return False
