from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from chumchon.places.models import Area, BilingualName, Community, CreativeCity


class ArticleKind(models.TextChoices):
    ARTICLE = "article", _("Article")
    GUIDE = "guide", _("Guide")
    NEWS = "news", _("News")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Returned to the author")


class Topic(BilingualName):
    """A subject articles are tagged with (weaving, marketing, UNESCO application…)."""

    slug = models.SlugField(_("slug"), unique=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name_th"]


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self) -> ArticleQuerySet:
        return self.filter(status=ArticleStatus.PUBLISHED)

    def visible_to(self, user: object) -> ArticleQuerySet:
        """Published articles, plus the person's own drafts; officers see every article."""
        if getattr(user, "is_staff", False):
            return self
        if getattr(user, "is_authenticated", False):
            return self.filter(Q(status=ArticleStatus.PUBLISHED) | Q(author=user))
        return self.published()

    def with_tags(self) -> ArticleQuerySet:
        return self.select_related("author").prefetch_related("topics", "areas", "creative_cities", "communities")


class Article(models.Model):
    """An article, guide or news item, written in Markdown in Thai and/or English."""

    kind = models.CharField(_("kind"), max_length=16, choices=ArticleKind.choices, default=ArticleKind.ARTICLE)
    status = models.CharField(_("status"), max_length=16, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title_th = models.CharField(_("title (Thai)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_th = models.CharField(_("summary (Thai)"), max_length=300, blank=True)
    summary_en = models.CharField(_("summary (English)"), max_length=300, blank=True)
    body_th = models.TextField(_("text (Thai, Markdown)"), blank=True)
    body_en = models.TextField(_("text (English, Markdown)"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="articles", verbose_name=_("author")
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="articles", verbose_name=_("topics"))
    areas = models.ManyToManyField(Area, blank=True, related_name="articles", verbose_name=_("areas"))
    creative_cities = models.ManyToManyField(
        CreativeCity, blank=True, related_name="articles", verbose_name=_("creative cities")
    )
    communities = models.ManyToManyField(Community, blank=True, related_name="articles", verbose_name=_("communities"))
    rejection_reason = models.TextField(_("reason for returning"), blank=True)
    # Segmented words of the title, text and tags (chumchon.search.text), so that a Thai query,
    # written without spaces, matches the same tokens on SQLite and PostgreSQL alike.
    search_text = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:detail", kwargs={"slug": self.slug})

    def _localised(self, field: str) -> str:
        if translation.get_language() == "en" and getattr(self, f"{field}_en"):
            return str(getattr(self, f"{field}_en"))
        return str(getattr(self, f"{field}_th") or getattr(self, f"{field}_en"))

    @property
    def title(self) -> str:
        return self._localised("title")

    @property
    def summary(self) -> str:
        return self._localised("summary")

    @property
    def body(self) -> str:
        return self._localised("body")

    @property
    def is_published(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED


class ResourceKind(models.TextChoices):
    PDF = "pdf", _("PDF document")
    IMAGE = "image", _("Image")


def resource_path(resource: Resource, filename: str) -> str:
    """An unguessable folder per file: files of unpublished drafts must not be found by their name."""
    return f"knowledge/{uuid.uuid4().hex}/{filename}"


class Resource(models.Model):
    """A downloadable file (PDF or image) attached to an article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="resources")
    kind = models.CharField(_("kind"), max_length=8, choices=ResourceKind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=resource_path, max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    APPROVED = "approved", _("Shown")
    HIDDEN = "hidden", _("Hidden")


class Comment(models.Model):
    """A question or comment on an article by a signed-in person, shown once a moderator approves it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="knowledge_comments")
    text = models.TextField(_("comment or question"), max_length=2000)
    status = models.CharField(_("status"), max_length=16, choices=CommentStatus.choices, default=CommentStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
