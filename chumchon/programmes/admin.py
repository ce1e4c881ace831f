from django.contrib import admin

from chumchon.accounts.audit_admin import AuditedModelAdmin
from chumchon.programmes.models import ActionItem, Mou, ReadinessItem, ReviewMeeting


@admin.register(Mou)
class MouAdmin(AuditedModelAdmin):
    list_display = ["title", "signed_on", "duration_years"]
    filter_horizontal = ["cities"]


class ActionItemInline(admin.TabularInline[ActionItem, ReviewMeeting]):
    model = ActionItem
    extra = 0


@admin.register(ReviewMeeting)
class ReviewMeetingAdmin(AuditedModelAdmin):
    list_display = ["title", "held_on", "mou"]
    inlines = [ActionItemInline]


@admin.register(ActionItem)
class ActionItemAdmin(AuditedModelAdmin):
    list_display = ["title", "owner", "due_on", "status"]
    list_filter = ["status"]


@admin.register(ReadinessItem)
class ReadinessItemAdmin(AuditedModelAdmin):
    list_display = ["criterion", "city", "status", "owner"]
    list_filter = ["status", "city"]
