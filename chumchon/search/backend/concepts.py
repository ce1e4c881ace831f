"""PostgreSQL: the vocabulary's concepts indexed as lexemes, so that a query word standing for many
others is matched by one lexeme rather than by testing each document against all of them.

A query for จักสาน is the word itself or any of 40 others (basket, ตะกร้า, ผักตบชวา, the phrase
งาน สาน…). Walking the 5,000 newest documents with that tsquery took 36 ms, with one lexeme 6 ms:
a tsquery costs about 0.15 µs per word per document tested, and most documents fail every word.

- A concept is the set of `forms` a query word stands for (token phrases: a Thai word also as
  the phrase of its syllables, as `query` searches it). Its lexeme is named by those forms
  (`lexeme`: `~` and a hash; no word of the index holds `~`), so a lexeme always means the same
  words, whatever the vocabulary says today.
- The indexing path writes, into each document's tsvector, the lexeme of every registered concept
  whose forms the document holds (`found`, from the positions the tsvector itself holds, so a
  phrase is adjacent exactly as `<->` tests it).
- A concept is registered (`IndexedConcept`) only when every document was written knowing it: by
  a full rebuild (`search_reindex`: the concepts of the vocabulary of that moment), or
  while the index holds no document at all (a new database). Searches use a concept's lexeme only
  when it is registered; else the words themselves, as before: a vocabulary or category alias
  changed since the last rebuild is searched as it was, only slower, until the next rebuild.
- Ranking never sees the lexemes: `ts_rank` scores the words of the query, as before.

SQLite's FTS5 ranks and matches with one expression, from its index: nothing here is used there.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection

from chumchon.search.backend.expressions import clean_token

Form = tuple[str, ...]
Forms = tuple[Form, ...]
PREFIX = "~"
# How long a searching process trusts the concepts it read (as long as the category names it
# expands with: vocabulary.CATEGORY_TTL).
READ_SECONDS = 60.0


def lexeme(forms: Iterable[Form]) -> str:
    """The lexeme of a concept: named by its forms, in any order."""
    cleaned = sorted({" ".join(clean_token(t) for t in form) for form in forms})
    return PREFIX + hashlib.sha1("\n".join(cleaned).encode()).hexdigest()[:12]  # noqa: S324 (a name, not a secret)


@dataclass(frozen=True)
class Registry:
    """The registered concepts of an index, ready to test documents against."""

    stamp: tuple[int, int]
    lexemes: frozenset[str]
    # first token of a form → (the form's tokens, the concept's lexeme)
    by_first: dict[str, tuple[tuple[Form, str], ...]]

    def found(self, positions: dict[str, set[int]]) -> list[str]:
        """The lexemes of the concepts a document holds, `positions` its tokens' positions as its
        tsvector holds them."""
        out: set[str] = set()
        for token, places in positions.items():
            for form, name in self.by_first.get(token, ()):
                if name in out:
                    continue
                if len(form) == 1 or any(
                    all(p + i in positions.get(t, ()) for i, t in enumerate(form[1:], 1)) for p in places
                ):
                    out.add(name)
        return sorted(out)


def _registry(stamp: tuple[int, int], rows: Iterable[tuple[str, Any]]) -> Registry:
    by_first: dict[str, list[tuple[Form, str]]] = {}
    names = set()
    for name, forms in rows:
        names.add(name)
        for form in forms:
            tokens = tuple(t for t in map(clean_token, form) if t)
            if tokens:
                by_first.setdefault(tokens[0], []).append((tokens, name))
    return Registry(stamp, frozenset(names), {k: tuple(v) for k, v in by_first.items()})


_written: dict[str, Registry] = {}
_read: dict[str, tuple[float, frozenset[str]]] = {}
EMPTY = Registry((0, 0), frozenset(), {})


def _table() -> str:
    from chumchon.search.models import IndexedConcept

    return IndexedConcept._meta.db_table


def for_writing(index: str, table: str, expansions: Callable[[], Iterable[Forms]] | None = None) -> Registry:
    """The registered concepts of `index`, exactly as the database holds them now (one small
    query; the forms are read again only when they changed). With `expansions` (the vocabulary's
    concepts), an index whose document table is empty first registers them: nothing written yet
    can lack them."""
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*), coalesce(max(id), 0) FROM {_table()} WHERE "index" = %s', [index])  # noqa: S608
        count, last = cursor.fetchone()
        if not count and expansions is not None:
            cursor.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {table})")  # noqa: S608
            if cursor.fetchone()[0]:
                register(index, expansions())
                return for_writing(index, table)
        stamp = (int(count), int(last))
        cached = _written.get(index)
        if cached is not None and cached.stamp == stamp:
            return cached
        if not count:
            _written[index] = EMPTY
            return EMPTY
        cursor.execute(f'SELECT lexeme, forms FROM {_table()} WHERE "index" = %s', [index])  # noqa: S608
        rows = [(name, json.loads(forms) if isinstance(forms, str) else forms) for name, forms in cursor.fetchall()]
    registry = _registry(stamp, rows)
    _written[index] = registry
    return registry


def register(index: str, expansions: Iterable[Forms]) -> None:
    """Register these concepts of `index` in place of every other: only when every document of the
    index is (re)written after, or there is none."""
    from chumchon.search.models import IndexedConcept

    rows: dict[str, list[list[str]]] = {}
    for forms in expansions:
        if forms:
            rows.setdefault(lexeme(forms), [list(form) for form in forms])
    IndexedConcept.objects.filter(index=index).delete()
    IndexedConcept.objects.bulk_create(
        [IndexedConcept(index=index, lexeme=name, forms=forms) for name, forms in rows.items()],
        ignore_conflicts=True,
    )
    forget()


def indexed(index: str) -> frozenset[str]:
    """The lexemes searches of `index` may use instead of the words they stand for (read at most
    once a minute)."""
    now = time.monotonic()
    cached = _read.get(index)
    if cached is not None and now - cached[0] < READ_SECONDS:
        return cached[1]
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT lexeme FROM {_table()} WHERE "index" = %s', [index])  # noqa: S608
        value = frozenset(name for (name,) in cursor.fetchall())
    _read[index] = (now, value)
    return value


def forget() -> None:
    """Read the registered concepts again at the next search."""
    _read.clear()
