"""The search index: one document per published listing and per published community, holding the
segmented tokens of each field (space-separated), and the vocabulary used for typo tolerance.

The full-text structures live beside these tables and are made by the migration for the database
in use: on SQLite an FTS5 table over each document table (external content, kept in step by
triggers); on PostgreSQL a `tsv` tsvector column with a GIN index (written by `backend.py`) and a
pg_trgm index over the vocabulary.
"""

from __future__ import annotations

from django.db import models

from chumchon.catalog.models import Listing
from chumchon.places.models import Community

# Columns of every document, in the order of the FTS5 table and of the rank weights.
COLUMNS = ("title", "title_sub", "tags", "place", "body", "other_sub")


class Document(models.Model):
    title = models.TextField(blank=True)  # words of the title (Thai and English)
    title_sub = models.TextField(blank=True)  # syllables of the title
    tags = models.TextField(blank=True)  # tags, category and kind
    place = models.TextField(blank=True)  # community, subdistrict, district, province, area
    body = models.TextField(blank=True)  # description, materials
    other_sub = models.TextField(blank=True)  # syllables of tags, place and body

    class Meta:
        abstract = True


class ListingDocument(Document):
    listing = models.OneToOneField(Listing, primary_key=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "listing search document"

    def __str__(self) -> str:
        return f"listing {self.pk}"


class CommunityDocument(Document):
    community = models.OneToOneField(Community, primary_key=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "community search document"

    def __str__(self) -> str:
        return f"community {self.pk}"


class TermKey(models.Model):
    """A word of the index under each of its keys (itself, its one-letter deletions, its
    tone-free skeleton): a query word within one edit of `term` shares a key with it."""

    key = models.CharField(max_length=64)
    term = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "term"], name="search_termkey_unique")]

    def __str__(self) -> str:
        return f"{self.key} → {self.term}"


class IndexedConcept(models.Model):
    """PostgreSQL: a word of the vocabulary with everything it stands for, indexed as one lexeme.

    A query for จักสาน also finds 40 other words and phrases (basket, ตะกร้า, กระติบ…); testing a
    document against all of them cost most of such a search. Every document holding any of `forms`
    (token phrases) carries `lexeme` in its tsvector, so matching tests one lexeme; ranking still
    scores the words themselves. A row here means every document of `index` was written knowing it
    (see `backend.concepts`)."""

    index = models.CharField(max_length=20)
    lexeme = models.CharField(max_length=20)
    forms = models.JSONField()  # [[token, ...], ...]: the phrases, each a run of adjacent tokens

    class Meta:
        constraints = [models.UniqueConstraint(fields=["index", "lexeme"], name="search_indexedconcept_unique")]

    def __str__(self) -> str:
        return f"{self.index} {self.lexeme}"
