# ruff: noqa: S608 (SQL here is built only from the index's table and column constants; values are parameters)
"""PostgreSQL: the newest matches of a query, ranked or not (the rank window and the count of
`backend.count_and_window`), found by walking the newest documents or through the GIN index.

Two ways, and the planner picks the wrong one for some words: it neither sees what testing a
tsvector costs nor estimates the matches of a long tsquery well. Walking the primary key
backwards, testing each document, reads `limit` / f documents when a fraction f of them match:
right for ผ้าทอ (half: about 2,300 read), ruinous for โฮมสเตย์ (3,751 of 100,000: 27,000 read,
120 ms). Finding every match through the GIN index reads f × n of the n documents (3,751), ruinous
for ผ้าทอ. So:

1. When the table's own statistics (`pg_stats`' most common lexemes, which ANALYZE keeps) say the
   query matches too few documents for the newest `probe` to hold half the window, the matches are
   found through the GIN index at once (a middling word: the walk of the newest documents would
   find a few hundred and be done again through the index).
2. Otherwise the `probe` newest documents are walked first: when they hold the window, that is all
   (dense words, one statement); else the fraction they show decides how the rest is found —
   walking on, or through the GIN index (sequential scans off for that statement alone: the
   planner, expecting many matches, would otherwise read every document).

Either way the result is the same: the `limit` newest matches, or every match when there are
fewer (tested against ranking every match, for a dense, a middling and a sparse word).
"""

from __future__ import annotations

import math
import time
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from django.db import connection, transaction

from chumchon.search.backend.expressions import And, Node, Or, Term, clean_token, is_prefix

# How long a process trusts the lexeme frequencies it read (ANALYZE runs after every import and
# rebuild, and autovacuum's now and then: the frequencies move slowly).
STATISTICS_SECONDS = 300.0


@dataclass(frozen=True)
class Statistics:
    """What ANALYZE measured of a document table's tsvectors."""

    frequencies: dict[str, float]  # lexeme: the fraction of documents holding it (the most common)
    rarest: float  # the lowest of those fractions: any other lexeme is rarer
    documents: float  # rows, as pg_class counts them
    # The same lexemes in order, and the running sum of their fractions: what a prefix begins is a
    # range of them (a search's prefix words were each a scan of up to a thousand lexemes).
    ordered: list[str] = field(init=False, repr=False)
    running: list[float] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        ordered = sorted(self.frequencies)
        object.__setattr__(self, "ordered", ordered)
        object.__setattr__(self, "running", list(accumulate(self.frequencies[lexeme] for lexeme in ordered)))

    def begun(self, prefix: str) -> float:
        """The sum of the fractions of the common lexemes that begin with `prefix`."""
        low = bisect_left(self.ordered, prefix)
        high = bisect_left(self.ordered, prefix + "\U0010ffff", low)
        if high == low:
            return 0.0
        return self.running[high - 1] - (self.running[low - 1] if low else 0.0)


_statistics: dict[str, tuple[float, Statistics | None]] = {}  # table: (read at, what was read)


def statistics(table: str) -> Statistics | None:
    """The lexeme frequencies of `table`'s tsvectors (None before the first ANALYZE), read at most
    every STATISTICS_SECONDS by each process."""
    now = time.monotonic()
    read_at, known = _statistics.get(table, (float("-inf"), None))
    if now - read_at < STATISTICS_SECONDS:
        return known
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs, "
            "(SELECT reltuples FROM pg_class WHERE oid = %s::regclass) FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = %s AND attname = 'tsv'",
            [table, table],
        )
        row = cursor.fetchone()
    known = None
    if row and row[0] and row[1]:
        lexemes, freqs, documents = row
        # The frequencies of the lexemes, then their minimum and maximum.
        frequencies = {lexeme: float(f) for lexeme, f in zip(lexemes, freqs, strict=False)}
        rarest = float(freqs[len(lexemes)]) if len(freqs) > len(lexemes) else min(frequencies.values())
        known = Statistics(frequencies, rarest, max(float(documents or 0), 1.0))
    _statistics[table] = (now, known)
    return known


def estimated_fraction(known: Statistics, node: Node) -> float:
    """The fraction of the documents `node` matches, as the planner estimates a tsquery: a common
    lexeme by its frequency, another by half the rarest frequency, a prefix by the common lexemes it
    begins, a phrase and an AND by the product, an OR by 1 - ∏(1 - s)."""
    if isinstance(node, Term):
        tokens = [t for t in map(clean_token, node.tokens) if t]
        if not tokens:
            return 0.0
        fraction = 1.0
        for position, token in enumerate(tokens):
            if position == len(tokens) - 1 and is_prefix(node, tokens):
                fraction *= min(1.0, max(known.begun(token), known.rarest / 2))
            else:
                fraction *= known.frequencies.get(token, known.rarest / 2)
        return fraction
    parts = [estimated_fraction(known, child) for child in node.children]
    if isinstance(node, And):
        out = 1.0
        for part in parts:
            out *= part
        return out
    assert isinstance(node, Or)
    missed = 1.0
    for part in parts:
        missed *= 1.0 - part
    return 1.0 - missed


def walk(
    *,
    table: str,
    key: str,
    match: str,
    rank: str,
    rank_params: list[Any],
    limit: int,
    probe: int,
    estimate: float | None,
    documents: float,
) -> dict[int, float]:
    """{key: rank} of the `limit` newest documents matching `match` (every one when fewer), `rank`
    the SQL of the rank (with `rank_params`) or "0.0"; `estimate` the fraction of the `documents`
    expected to match (None: unknown)."""
    select = f"{key}, {rank}"
    with connection.cursor() as cursor:
        # The newest `probe` documents, about: the keys above `low`, the documents' keys being
        # spread over [first, last]. Computed in the same statement, and returned with each row.
        bounds = (
            f"SELECT min({key}) AS first, max({key}) AS last, "
            f"greatest((SELECT reltuples FROM pg_class WHERE oid = '{table}'::regclass), 1) AS documents FROM {table}"
        )
        if estimate is not None and estimate * probe < limit / 2:
            # Too few matches for the newest documents to hold half the window: the index at once.
            return _through_index(
                cursor, table=table, key=key, match=match, rank=rank, rank_params=rank_params,
                below=None, rest=limit, expected=estimate * documents,
            )  # fmt: skip
        low = f"greatest(first, last - floor({probe}::float8 * (last - first + 1) / documents)::int + 1)"
        cursor.execute(
            f"WITH b AS MATERIALIZED ({bounds}), w AS MATERIALIZED (SELECT {low} AS low, first, documents FROM b) "
            f"SELECT {select}, (SELECT low FROM w), (SELECT first FROM w), (SELECT documents FROM w) "
            f"FROM {table} WHERE {key} >= (SELECT low FROM w) AND tsv @@ %s::tsquery "
            f"ORDER BY {key} DESC LIMIT {limit}",
            [*rank_params, match],
        )
        rows = cursor.fetchall()
        if not rows:
            cursor.execute(f"WITH b AS MATERIALIZED ({bounds}) SELECT {low}, first, documents FROM b")
            rows = [(None, None, *cursor.fetchone())]
        low_key, first_key, documents = rows[0][2:]
        if low_key is None:  # no document at all
            return {}
        found = {int(k): float(r) for k, r, *_bounds in rows if k is not None}
        rest = limit - len(found)
        if not rest or low_key <= first_key:
            return found
        fraction = max(len(found), 1) / probe
        if rest / fraction <= fraction * float(documents):  # walking on reads fewer documents
            cursor.execute(
                f"SELECT {select} FROM {table} WHERE {key} < %s AND tsv @@ %s::tsquery "
                f"ORDER BY {key} DESC LIMIT {rest}",
                [*rank_params, low_key, match],
            )
            return found | {int(k): float(r) for k, r in cursor.fetchall()}
        older = _through_index(
            cursor, table=table, key=key, match=match, rank=rank, rank_params=rank_params,
            below=low_key, rest=rest, expected=fraction * max(float(documents) - probe, 0.0),
        )  # fmt: skip
        return found | older


# A query expected to match more than RANGED times the documents still wanted is read through the
# GIN index within a range of the newest keys only (see `_ranged`), in at most RANGES ranges.
RANGED = 3
RANGES = 2
MARGIN = 1.5  # a range is sized to hold this many times the matches wanted, as estimated


def _through_index(
    cursor: Any,
    *,
    table: str,
    key: str,
    match: str,
    rank: str,
    rank_params: list[Any],
    below: int | None,
    rest: int,
    expected: float | None,
) -> dict[int, float]:
    """The `rest` newest matches with a key below `below` (None: any), through the GIN index.

    Few matches expected (`expected`, or unknown: a sparse word, none or a handful among the newest
    documents): ranked as they are found, in the same statement. Else found, then only the `rest`
    kept, ranked: many more expected than wanted, found within ranges of the newest keys
    (`_ranged`) rather than all fetched."""
    ranked = rank != "0.0"
    few = expected is None or expected <= (2 if ranked else RANGED) * rest
    if not few:
        cursor.execute(
            f"SELECT min({key}), max({key}), "
            f"greatest((SELECT reltuples FROM pg_class WHERE oid = '{table}'::regclass), 1) FROM {table}"
        )
        bounds = cursor.fetchone()
    with transaction.atomic():
        cursor.execute(
            "SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan'), "
            "set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)"
        )
        seqscan, indexscan = cursor.fetchone()[:2]
        if few:
            older_than = f"WHERE k < {int(below)} " if below is not None else ""
            cursor.execute(
                f"WITH m AS MATERIALIZED (SELECT {key} AS k, {rank} AS r FROM {table} WHERE tsv @@ %s::tsquery) "
                f"SELECT k, r FROM m {older_than}ORDER BY k DESC LIMIT {int(rest)}",
                [*rank_params, match],
            )
            out = {int(k): float(r) for k, r in cursor.fetchall()}
        else:
            assert expected is not None
            out = _ranged(
                cursor, table, key, match, (rank, rank_params), bounds, below=below, rest=rest, expected=expected
            )
        cursor.execute(
            "SELECT set_config('enable_seqscan', %s, true), set_config('enable_indexscan', %s, true)",
            [seqscan, indexscan],
        )
    return out


def _ranged(
    cursor: Any,
    table: str,
    key: str,
    match: str,
    ranking: tuple[str, list[Any]],
    bounds: tuple[int | None, int | None, float],
    *,
    below: int | None,
    rest: int,
    expected: float,
) -> dict[int, float]:
    """{key: rank} of the `rest` newest matches below `below`, when about `expected` documents
    there match; `ranking` the SQL of the rank and its parameters, `bounds` the table's lowest and
    highest keys and its rows.

    Through the GIN index every match is fetched from the table (a heap page each: 13 ms for the
    7,000 of celadon) to be sorted by key and cut to the `rest` newest. ANDed with a range of the
    newest keys sized to hold MARGIN times `rest` matches at the expected density (a bitmap of the
    primary key: the table is read only where both meet), only those are fetched: 6 ms. A range
    that holds too few is followed by the next, sized by the density it showed; after RANGES, the
    rest through the GIN index alone, as before. Index scans are off (`_through_index`): walking the
    primary key and testing each document is what `walk` already judged slower."""
    rank, rank_params = ranking
    first, last, documents = bounds
    keys: dict[int, float] = {}
    if first is None or last is None:
        return keys
    per_document = (last - first + 1) / float(documents)  # keys per document: the key span's density
    high = last if below is None else int(below) - 1
    older = max((high - first + 1) / per_document, 1.0)  # documents at or below `high`, about
    density = min(expected / older, 1.0)  # the fraction of them expected to match
    for _range in range(RANGES):
        wanted = rest - len(keys)
        span = math.ceil(MARGIN * wanted / max(density, 1e-9) * per_document)
        if high < first or span >= (high - first + 1) / 2:  # most of what is left: no range pays
            break
        low = high - span + 1
        cursor.execute(
            f"SELECT {key}, {rank} FROM {table} WHERE tsv @@ %s::tsquery AND {key} BETWEEN %s AND %s "
            f"ORDER BY {key} DESC LIMIT {int(wanted)}",
            [*rank_params, match, low, high],
        )
        found = {int(k): float(r) for k, r in cursor.fetchall()}
        keys |= found
        if len(keys) >= rest:
            return keys
        density = max(len(found), 1) / (span / per_document)
        high = low - 1
    if high >= first:
        cursor.execute(
            f"WITH m AS MATERIALIZED (SELECT {key} AS k FROM {table} WHERE tsv @@ %s::tsquery) "
            f"SELECT k FROM m WHERE k <= %s ORDER BY k DESC LIMIT {int(rest - len(keys))}",
            [match, high],
        )
        older_keys = [int(k) for (k,) in cursor.fetchall()]
        if older_keys and rank != "0.0":  # ranked by key: the GIN index found every match, to keep these
            cursor.execute(f"SELECT {key}, {rank} FROM {table} WHERE {key} = ANY(%s)", [*rank_params, older_keys])
            keys |= {int(k): float(r) for k, r in cursor.fetchall()}
        else:
            keys |= dict.fromkeys(older_keys, 0.0)
    return keys
