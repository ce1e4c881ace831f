from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from chumchon.catalog import services
from chumchon.catalog.models import Category, Listing, Photo, RouteStop, Session, Tag, Theme


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_th", "name_en", "slug", "parent", "position"]
    list_filter = ["parent"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name_th", "name_en", "slug"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class PhotoInline(admin.TabularInline):
    model = Photo
    extra = 0
    fields = ["image", "position", "alt_th", "alt_en"]
    readonly_fields = ["image"]


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


class RouteStopInline(admin.TabularInline):
    model = RouteStop
    fk_name = "route"
    extra = 0
    raw_id_fields = ["community", "listing"]


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):
    list_display = ["title_th", "kind", "community", "status", "price", "updated_at"]
    list_filter = ["status", "kind", "category", "community__province"]
    search_fields = ["title_th", "title_en", "external_id", "community__name_th"]
    list_select_related = ["community"]
    raw_id_fields = ["community", "created_by"]
    # Status changes go through the review actions (audited), not through the form.
    readonly_fields = ["status", "rejection_reason", "submitted_at", "published_at", "created_by"]
    inlines = [PhotoInline, SessionInline, RouteStopInline]
    actions = ["approve", "unpublish"]

    @admin.action(description=_("Approve and publish the selected listings"))
    def approve(self, request: HttpRequest, queryset: QuerySet[Listing]) -> None:
        done = 0
        for listing in queryset:
            try:
                services.listing_approve(listing=listing, by=request.user)  # type: ignore[arg-type]
                done += 1
            except ValidationError as exc:
                self.message_user(request, f"{listing}: {' '.join(exc.messages)}", messages.WARNING)
        self.message_user(request, _("%(count)d listing(s) published.") % {"count": done})

    @admin.action(description=_("Unpublish the selected listings"))
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Listing]) -> None:
        for listing in queryset.filter(status="published"):
            services.listing_unpublish(listing=listing, by=request.user)  # type: ignore[arg-type]


from chumchon.catalog.imports import admin as import_admin  # noqa: E402, F401  (read-only ImportJob admin)
