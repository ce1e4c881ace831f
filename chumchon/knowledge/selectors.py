"""Reads for knowledge pages: permission-checked getters, search, related content."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from chumchon.catalog.models import Listing
from chumchon.knowledge.models import Article, ArticleQuerySet, Comment, CommentStatus
from chumchon.search import text


def article_for(user: Any, slug: str) -> Article:
    """The article, if the person may see it: someone else's draft is a 404."""
    return get_object_or_404(Article.objects.visible_to(user).with_tags(), slug=slug)


def articles_editable_by(user: Any) -> ArticleQuerySet:
    """The articles the person may edit: their own; officers, every one; visitors, none."""
    if getattr(user, "is_staff", False):
        return Article.objects.all()
    if getattr(user, "is_authenticated", False):
        return Article.objects.filter(author=user)
    return Article.objects.none()


def article_editable_by(user: Any, pk: int) -> Article:
    """The article for its author or an officer; anyone else gets a 404."""
    return get_object_or_404(articles_editable_by(user), pk=pk)


def search_articles(articles: QuerySet[Article], query: str) -> QuerySet[Article]:
    """Articles whose normalised, segmented text holds every word of the query.

    Substring, not whole-word, matching: newmm keeps compounds whole (ผ้าซิ่นตีนจก) while a reader
    types part of one (ซิ่นตีนจก), and the list of articles is small enough not to need an index.
    The other way round, a query compound (ย้อมคราม) matches text where it was split (ย้อม … คราม)
    when every syllable of it is there. Only the first MAX_QUERY_WORDS words count (one condition
    per word: a thousand of them are more than SQLite takes).
    """
    for word in text.words(text.limit_words(query).text):
        condition = Q(search_text__contains=word)
        parts = text.syllables(word) if text.is_thai(word) else []
        if len(parts) > 1:
            every_syllable = Q()
            for part in parts:
                every_syllable &= Q(search_text__contains=part)
            condition |= every_syllable
        articles = articles.filter(condition)
    return articles


def related_listings(article: Article, *, limit: int = 6) -> list[Listing]:
    """Published listings of the communities (or creative-city provinces) the article is tagged with."""
    communities = [c.pk for c in article.communities.all()]
    provinces = [c.province_id for c in article.creative_cities.all()]
    if not communities and not provinces:
        return []
    condition = Q(community_id__in=communities) | Q(community__province_id__in=provinces)
    return list(Listing.objects.published().filter(condition).select_related("community").order_by("-pk")[:limit])


def visible_comments(article: Article, user: Any) -> QuerySet[Comment]:
    comments = article.comments.select_related("author")
    if getattr(user, "is_staff", False):
        return comments.exclude(status=CommentStatus.HIDDEN)
    if getattr(user, "is_authenticated", False):
        return comments.filter(Q(status=CommentStatus.APPROVED) | Q(author=user, status=CommentStatus.PENDING))
    return comments.filter(status=CommentStatus.APPROVED)
