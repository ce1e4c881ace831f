from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import APIKey

from chumchon.accounts.models import AuditEntry, Consent, Membership, Organisation, User, UserAPIKey
from chumchon.accounts.services import audit_record


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "role", "is_staff", "is_active", "date_joined"]
    list_filter = ["role", "is_staff", "is_active"]
    search_fields = ["email", "name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("name", "role", "phone", "line_id", "language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "phone", "email"]
    list_filter = ["kind"]
    search_fields = ["name", "email"]
    inlines = [MembershipInline]


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["user", "notice_version", "accepted_at", "withdrawn_at"]
    readonly_fields = ["user", "notice_version", "accepted_at", "withdrawn_at"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_id", "summary"]
    list_filter = ["action"]
    readonly_fields = ["at", "actor", "action", "object_type", "object_id", "summary", "before", "after"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(UserAPIKey)
class UserAPIKeyAdmin(admin.ModelAdmin):
    """Officers see that a key exists (prefix, owner, dates) and may revoke it; never the key, which is
    kept only as a hash, and they cannot make one (a key is made by its owner, who alone sees it)."""

    list_display = [
        "prefix",
        "name",
        "user",
        "organisation",
        "scope",
        "created",
        "expiry_date",
        "last_used_at",
        "revoked",
    ]
    list_filter = ["scope", "revoked"]
    search_fields = ["prefix", "name", "user__email"]
    fields = [
        "prefix",
        "name",
        "user",
        "organisation",
        "scope",
        "created",
        "expiry_date",
        "last_used_at",
        "revoked",
        "revoked_at",
    ]
    readonly_fields = [
        "prefix",
        "name",
        "user",
        "organisation",
        "scope",
        "created",
        "expiry_date",
        "last_used_at",
        "revoked_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: UserAPIKey | None = None) -> list[str]:
        # Revocation cannot be undone: once revoked, the box is read-only too.
        fields = [str(field) for field in self.readonly_fields]
        return [*fields, "revoked"] if obj is not None and obj.revoked else fields

    def save_model(self, request: HttpRequest, obj: UserAPIKey, form: Any, change: bool) -> None:
        if obj.revoked and obj.revoked_at is None:
            obj.revoked_at = timezone.now()
            audit_record(actor=request.user, action="api_key.revoke", obj=obj, summary=f"Revoked API key {obj.prefix}")  # type: ignore[arg-type]
        super().save_model(request, obj, form, change)


# The libraries' own admin pages would show what must stay secret: the unused library key table, and
# each person's authenticator secret and recovery codes (allauth.mfa keeps them in `data`).
for _model in (APIKey, Authenticator):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    """That a person has set up two-factor authentication, and when; deleting it lets someone who lost
    their phone set it up again. The secrets are never shown."""

    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    search_fields = ["user__email"]
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = ["user", "type", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
