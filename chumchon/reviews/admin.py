from django.contrib import admin

from chumchon.reviews.models import Review, ReviewReport


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["id", "seller", "listing", "stars", "status", "created_at"]
    list_filter = ["status", "stars"]
    raw_id_fields = ["booking", "deal", "meeting", "reviewer", "seller", "community", "listing"]
    readonly_fields = ["replied_by", "moderated_by"]


@admin.register(ReviewReport)
class ReviewReportAdmin(admin.ModelAdmin):
    list_display = ["id", "review", "reporter", "created_at", "resolved_at"]
    raw_id_fields = ["review", "reporter"]
