"""REST API for knowledge: the same articles, to the same people, as the pages; writes through the same services."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.request import Request
from rest_framework.routers import BaseRouter

from chumchon.accounts.models import User
from chumchon.core.filters import FilterBackend
from chumchon.core.http import signed_in_user
from chumchon.knowledge import selectors, services
from chumchon.knowledge.filters import ArticleFilterSet
from chumchon.knowledge.markdown import render_markdown
from chumchon.knowledge.models import Article, ArticleKind, Resource


class IsWriterOrReadOnly(permissions.BasePermission):
    """Reading is for everyone (the queryset holds what each person may see); writing is for
    those the pages let write: officers and community members (`services.can_write`). Which
    articles they may change is the queryset's business (`selectors.articles_editable_by`)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return isinstance(request.user, User) and services.can_write(request.user)


class ResourceSerializer(serializers.ModelSerializer[Resource]):
    url = serializers.FileField(source="file", read_only=True)

    class Meta:
        model = Resource
        fields = ["id", "kind", "title", "url", "size"]


class ArticleSerializer(serializers.ModelSerializer[Article]):
    kind = serializers.ChoiceField(choices=ArticleKind.choices, required=False)
    html = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    topics: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    creative_cities: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    communities: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    resources = ResourceSerializer(many=True, read_only=True)

    class Meta:
        model = Article
        fields = [
            "id", "slug", "kind", "status", "url", "title_th", "title_en", "summary_th", "summary_en", "body_th",
            "body_en", "html", "topics", "creative_cities", "communities", "resources", "published_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["slug", "status", "published_at", "updated_at"]
        extra_kwargs = {"title_th": {"required": False}}

    def get_html(self, article: Article) -> str:
        """The text in the request's language as sanitised HTML."""
        return str(render_markdown(article.body))

    def get_url(self, article: Article) -> str:
        return article.get_absolute_url()


class ArticleViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Article],
):
    """Published articles, newest first (a draft by its author or an officer); officers and community
    members write (an officer's article is published at once, a member's waits for review), authors
    and officers edit."""

    serializer_class = ArticleSerializer
    permission_classes = [IsWriterOrReadOnly]
    queryset = Article.objects.none()
    filter_backends = [FilterBackend]
    filterset_class = ArticleFilterSet

    def get_queryset(self) -> QuerySet[Article]:
        user = self.request.user
        # The pages' rules: one edits one's own articles (officers, all), and reads the published
        # ones and one's own drafts (officers, all).
        editing = self.action in ("update", "partial_update")
        allowed = selectors.articles_editable_by(user) if editing else Article.objects.visible_to(user)
        articles: QuerySet[Article] = allowed.with_tags().prefetch_related("resources")
        if self.action == "list":
            articles = articles.filter(status="published")  # narrowed by ArticleFilterSet
        return articles

    def perform_create(self, serializer: serializers.BaseSerializer[Article]) -> None:
        data = dict(serializer.validated_data)
        writer = signed_in_user(self.request)
        article = services.article_create(by=writer, **data)
        # Sent for review at once: an officer's article is published, a member's waits for one.
        services.article_submit(article=article, by=writer)
        serializer.instance = article

    def perform_update(self, serializer: serializers.BaseSerializer[Article]) -> None:
        assert serializer.instance is not None
        serializer.instance = services.article_update(
            article=serializer.instance,
            by=signed_in_user(self.request),
            **dict(serializer.validated_data),
        )


def register(router: BaseRouter) -> None:
    router.register("articles", ArticleViewSet, basename="article")
