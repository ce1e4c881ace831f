"""An admin base class that writes every save and delete by staff to the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.forms import ModelForm
from django.http import HttpRequest


def _values(obj: models.Model, names: list[str]) -> dict[str, str]:
    return {name: str(getattr(obj, name, "")) for name in names}


class AuditedModelAdmin(admin.ModelAdmin):
    """Records who changed what, with the changed fields before and after (PRODUCT: audit trail)."""

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        from chumchon.accounts.services import audit_record

        changed = [name for name in form.changed_data if name in {f.name for f in obj._meta.concrete_fields}]
        before = _values(type(obj).objects.get(pk=obj.pk), changed) if change and obj.pk else None
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,  # type: ignore[arg-type]
            action=f"{obj._meta.model_name}.{'update' if change else 'create'}",
            obj=obj,
            summary=str(obj)[:300],
            before=before,
            after=_values(obj, changed),
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        from chumchon.accounts.services import audit_record

        audit_record(actor=request.user, action=f"{obj._meta.model_name}.delete", obj=obj, summary=str(obj)[:300])  # type: ignore[arg-type]
        super().delete_model(request, obj)
