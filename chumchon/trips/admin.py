from django.contrib import admin

from chumchon.trips.models import SavedListing, Trip, TripItem, TripPart


class TripItemInline(admin.TabularInline):
    model = TripItem
    raw_id_fields = ["listing"]
    extra = 0


class TripPartInline(admin.TabularInline):
    model = TripPart
    raw_id_fields = ["community", "conversation", "inquiry"]
    extra = 0


@admin.register(Trip)
class TripAdmin(admin.ModelAdmin):
    list_display = ["id", "title", "buyer", "status", "group_size", "date_from"]
    list_filter = ["status"]
    raw_id_fields = ["buyer"]
    inlines = [TripItemInline, TripPartInline]


@admin.register(SavedListing)
class SavedListingAdmin(admin.ModelAdmin):
    list_display = ["id", "user", "listing", "created_at"]
    raw_id_fields = ["user", "listing"]
