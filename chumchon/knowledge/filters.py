"""Filters of the article list, shared by the knowledge page and `/api/v1/articles/`."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from chumchon.core.filters import Described, FilterSet, SlugFilter
from chumchon.knowledge.models import Article, ArticleKind, Topic
from chumchon.knowledge.selectors import search_articles
from chumchon.places.models import Area, Community, CreativeCity


class SearchFilter(Described, django_filters.CharFilter):
    pass


class ArticleFilterSet(FilterSet):
    topic = SlugFilter(
        field_name="topics",
        label=_("Topic"),
        queryset=Topic.objects.all(),
        message=_("No topic is called “%(value)s”."),
        description="Topic slug",
    )
    city = SlugFilter(
        field_name="creative_cities",
        label=_("Creative city"),
        queryset=CreativeCity.objects.all(),
        message=_("No creative city is called “%(value)s”."),
        description="Creative city slug",
    )
    community = SlugFilter(
        field_name="communities",
        label=_("Community"),
        queryset=Community.objects.all(),
        message=_("No community is called “%(value)s”."),
        description="Community slug",
    )
    area = SlugFilter(
        field_name="areas",
        label=_("Area"),
        queryset=Area.objects.all(),
        message=_("No area has the slug “%(value)s”."),
        description="Area slug",
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ArticleKind.choices)
    q = SearchFilter(label=_("Search knowledge"), method="search", description="Words to find (Thai or English)")

    class Meta(FilterSet.Meta):
        model = Article
        fields = ["topic", "city", "community", "area", "kind", "q"]

    def search(self, articles: QuerySet[Article], name: str, value: str) -> QuerySet[Article]:
        return search_articles(articles, value.strip())

    def filter_queryset(self, queryset: QuerySet[Article]) -> QuerySet[Article]:
        # Tags are many-to-many: an article tagged twice over would come twice.
        filtered: QuerySet[Article] = super().filter_queryset(queryset)
        return filtered.distinct()
