from django.contrib import admin

from chumchon.accounts.audit_admin import AuditedModelAdmin
from chumchon.knowledge.models import Article, Comment, Resource, Topic


@admin.register(Topic)
class TopicAdmin(AuditedModelAdmin):
    list_display = ["name_th", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


class ResourceInline(admin.TabularInline[Resource, Article]):
    model = Resource
    extra = 0
    readonly_fields = ["kind", "size"]


@admin.register(Article)
class ArticleAdmin(AuditedModelAdmin):
    list_display = ["title_th", "kind", "status", "author", "published_at"]
    list_filter = ["status", "kind", "topics"]
    search_fields = ["title_th", "title_en"]
    readonly_fields = ["status", "published_at"]
    inlines = [ResourceInline]


@admin.register(Comment)
class CommentAdmin(AuditedModelAdmin):
    list_display = ["article", "author", "status", "created_at"]
    list_filter = ["status"]
