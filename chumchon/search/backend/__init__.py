# ruff: noqa: S608 (SQL here is built only from the table and column constants above; values are parameters)
"""The two full-text backends behind one interface: SQLite FTS5 (BM25 with field weights) and
PostgreSQL tsvector (ts_rank with the A–D weights) over the same pre-segmented tokens.

Queries are small expression trees (`Term`, `And`, `Or`) built by `query.py`; this module renders
them as FTS5 MATCH expressions or as tsquery literals. Because the tokens are made by our own
segmenter and are already normalised, neither database parses Thai: FTS5 splits on the spaces we
wrote (its `unicode61` tokenizer is told that Thai vowel and tone marks are letters), and the
tsvector and tsquery are written as literals, never through to_tsvector's parser.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from chumchon.search.backend import concepts, newest
from chumchon.search.backend.expressions import (  # noqa: F401 (MIN_PREFIX, And, Or, Term: the interface)
    MIN_PREFIX,
    And,
    Node,
    Or,
    Term,
    clean_token,
    matching,
    render_fts5,
    render_tsquery,
)
from chumchon.search.models import COLUMNS

INDEXES = {
    # name: (document table, key column, FTS5 table)
    "listing": ("search_listingdocument", "listing_id", "search_listing_fts"),
    "community": ("search_communitydocument", "community_id", "search_community_fts"),
}

# BM25 weights per column (title, title_sub, tags, place, body, other_sub): title above tags and
# category, above community and place names, above description; syllable hits below word hits.
BM25_WEIGHTS = (10.0, 3.0, 5.0, 2.5, 1.0, 0.3)
# PostgreSQL has four weight classes: title A, tags and title syllables B, place C, the rest D.
PG_CLASSES = {"title": "A", "title_sub": "B", "tags": "B", "place": "C", "body": "D", "other_sub": "D"}
PG_WEIGHTS = "{0.1, 0.25, 0.5, 1.0}"  # D, C, B, A
TOKENIZE = "unicode61 remove_diacritics 0 categories 'L* N* Co Mn Mc'"


# --- Schema --------------------------------------------------------------------------------------


def schema_sql(vendor: str) -> list[str]:
    statements: list[str] = []
    columns = ", ".join(COLUMNS)
    for index, (table, key, fts) in INDEXES.items():
        if vendor == "sqlite":
            statements.append(
                f"CREATE VIRTUAL TABLE {fts} USING fts5({columns}, content='{table}', content_rowid='{key}', "
                f"tokenize=\"{TOKENIZE}\", prefix='2 3')"
            )
            statements += _trigger_sql(index)
        elif vendor == "postgresql":
            statements += [
                f"ALTER TABLE {table} ADD COLUMN tsv tsvector NOT NULL DEFAULT ''::tsvector",
                *inline_tsv_sql(table),
                f"CREATE INDEX {table}_tsv ON {table} USING gin (tsv)",
            ]
    # No trigram index: typo tolerance looks words up by their deletion keys (TermKey's btree), so
    # a pg_trgm index over the vocabulary was written at every rebuild and never read.
    return statements


def inline_tsv_sql(table: str) -> list[str]:
    """PostgreSQL: keep each tsvector in its row, uncompressed (`STORAGE PLAIN`).

    A document's tsvector (every field, with positions and weights) is 2.3 kB on average, past the
    2 kB at which PostgreSQL compresses a row's values and then moves them out of line. Stored as
    the default EXTENDED, every match tested or ranked cost a probe of the TOAST index and one or
    two chunk reads; as MAIN (migration 0004) it stayed in the row but one in five was compressed
    with pglz, and each test of those decompressed 2 kB: walking ผ้า's 2,300 newest documents took
    5.2 ms, 2.6 ms uncompressed. With PLAIN the tsvector is never compressed nor moved out: the text
    columns, which no search reads on PostgreSQL, move to TOAST instead. A PLAIN value must fit in
    its page (8 kB): `_tsvector_literal` keeps every tsvector under TSV_MAX_BYTES (the largest at
    100,000 generated listings is 2.9 kB). Applies to the rows written after it: migrations 0004
    and 0005 rewrite the existing ones."""
    return [f"ALTER TABLE {table} ALTER COLUMN tsv SET STORAGE PLAIN"]


def _trigger_sql(index: str) -> list[str]:
    """SQLite: the triggers that keep an FTS5 table in step with its document table."""
    table, key, fts = INDEXES[index]
    columns = ", ".join(COLUMNS)
    new_values = ", ".join(f"new.{c}" for c in COLUMNS)
    old_values = ", ".join(f"old.{c}" for c in COLUMNS)
    return [
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {columns}) VALUES (new.{key}, {new_values}); END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {columns}) VALUES ('delete', old.{key}, {old_values}); END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {columns}) VALUES ('delete', old.{key}, {old_values}); "
        f"INSERT INTO {fts}(rowid, {columns}) VALUES (new.{key}, {new_values}); END",
    ]


def drop_schema_sql(vendor: str) -> list[str]:
    statements: list[str] = []
    for table, _key, fts in INDEXES.values():
        if vendor == "sqlite":
            statements += [f"DROP TRIGGER IF EXISTS {fts}_{s}" for s in ("ai", "ad", "au")]
            statements.append(f"DROP TABLE IF EXISTS {fts}")
        elif vendor == "postgresql":
            statements += [f"DROP INDEX IF EXISTS {table}_tsv", f"ALTER TABLE {table} DROP COLUMN IF EXISTS tsv"]
    return statements


# --- Writing -------------------------------------------------------------------------------------


# The most a tsvector may take (PostgreSQL's own layout, see `_tsvector_bytes`): stored PLAIN, it
# must fit in an 8 kB page beside the rest of its row (see inline_tsv_sql).
TSV_MAX_BYTES = 6_000
MAX_POSITIONS = 200  # per lexeme and weight: more says nothing more to ts_rank


def _tsvector_bytes(lexemes: dict[str, list[str]]) -> int:
    """The size of a tsvector: a header, then per lexeme an entry of 4 bytes, its UTF-8 bytes and,
    aligned to 2, a count and 2 bytes per position."""
    size = 8
    for token, places in lexemes.items():
        size += 4 + len(token.encode()) + 1 + 2 + 2 * len(places)
    return size


def _tsvector_literal(doc: dict[str, str], registry: concepts.Registry = concepts.EMPTY) -> str:
    """`'token':1A,7A 'other':2B ...` with a gap between fields so phrases never span two.

    A very long document (a description of thousands of different words) keeps fewer positions
    per word, then only its first TSV_MAX_BYTES worth of words: the title, tags and place come
    first, so what a buyer searches for stays found."""
    positions: dict[tuple[str, str], list[int]] = {}
    position = 1
    for column in COLUMNS:
        weight = PG_CLASSES[column]
        for token in doc[column].split():
            token = clean_token(token)
            if token:
                positions.setdefault((token, weight), []).append(min(position, 16383))
            position += 1
        position += 50

    def lexemes_with(limit: int) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for (token, weight), places in positions.items():
            out.setdefault(token, []).extend(f"{p}{weight}" for p in places[:limit])
        return out

    lexemes = lexemes_with(MAX_POSITIONS)
    for limit in (20, 3, 1):
        if _tsvector_bytes(lexemes) <= TSV_MAX_BYTES:
            break
        lexemes = lexemes_with(limit)
    while _tsvector_bytes(lexemes) > TSV_MAX_BYTES:  # still too big: the words found last go
        first = {token: min(int(p[:-1]) for p in places) for token, places in lexemes.items()}
        keep = sorted(lexemes, key=first.__getitem__)[: max(1, len(lexemes) * 9 // 10)]
        lexemes = {token: lexemes[token] for token in keep}
    held = (
        registry.found({token: {int(p[:-1]) for p in places} for token, places in lexemes.items()})
        if registry.lexemes
        else []
    )
    return " ".join(
        [*(f"'{token}':{','.join(places)}" for token, places in lexemes.items()), *(f"'{name}'" for name in held)]
    )


def write_documents(
    index: str,
    rows: Sequence[tuple[int, dict[str, str]]],
    *,
    expansions: Callable[[], Iterable[concepts.Forms]] | None = None,
) -> None:
    """Insert or replace documents: (key, {column: space-separated tokens}). On PostgreSQL each
    tsvector also holds the registered concepts it holds the words of; `expansions` (the
    vocabulary's concepts) are registered first when the index holds no document yet
    (`concepts.for_writing`)."""
    if not rows:
        return
    table, key, _fts = INDEXES[index]
    columns = ", ".join(COLUMNS)
    updates = ", ".join(f"{c} = excluded.{c}" for c in COLUMNS)
    if connection.vendor == "postgresql":
        sql = (
            f"INSERT INTO {table} ({key}, {columns}, tsv) VALUES (%s, {', '.join(['%s'] * len(COLUMNS))}, %s::tsvector) "
            f"ON CONFLICT ({key}) DO UPDATE SET {updates}, tsv = excluded.tsv"
        )
        registry = concepts.for_writing(index, table, expansions)
        params: list[tuple[Any, ...]] = [
            (pk, *(doc[c] for c in COLUMNS), _tsvector_literal(doc, registry)) for pk, doc in rows
        ]
    else:
        sql = (
            f"INSERT INTO {table} ({key}, {columns}) VALUES (%s, {', '.join(['%s'] * len(COLUMNS))}) "
            f"ON CONFLICT ({key}) DO UPDATE SET {updates}"
        )
        params = [(pk, *(doc[c] for c in COLUMNS)) for pk, doc in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


@contextmanager
def bulk_writes() -> Iterator[None]:
    """Writes inside reach the document tables only, and each FTS5 index is rebuilt from its table
    in one pass at the end (SQLite; elsewhere nothing changes). FTS5 flushes its pending postings at
    every statement a trigger runs in, so a row-by-row load through the triggers takes about three
    times as long as the rebuild. Use inside a transaction: if the block fails, rolling back
    restores the triggers."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        for _table, _key, fts in INDEXES.values():
            for suffix in ("ai", "ad", "au"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
    yield
    with connection.cursor() as cursor:
        for index, (_table, _key, fts) in INDEXES.items():
            for statement in _trigger_sql(index):
                cursor.execute(statement)
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def index_concepts(index: str, expansions: Iterable[concepts.Forms]) -> None:
    """PostgreSQL: the concepts every document of `index` holds as lexemes from now on, in place of
    the ones before (a rebuild, before it writes every document again: `concepts`)."""
    if connection.vendor == "postgresql":
        concepts.register(index, expansions)


def delete_documents(index: str, keys: Iterable[int]) -> None:
    keys = list(keys)
    if not keys:
        return
    table, key, _fts = INDEXES[index]
    with connection.cursor() as cursor:
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            cursor.execute(f"DELETE FROM {table} WHERE {key} IN ({', '.join(['%s'] * len(chunk))})", chunk)


def clear(index: str) -> None:
    table, _key, fts = INDEXES[index]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")
        if connection.vendor == "sqlite":
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('delete-all')")


def optimize(index: str) -> None:
    _table, _key, fts = INDEXES[index]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")


def reclaim() -> None:
    """After a rebuild: on PostgreSQL, VACUUM (ANALYZE) the search tables, so that the space of the
    rows the rebuild replaced is reused by the next one and the planner knows the new index; on
    SQLite (where FTS5 merged its segments in `optimize`) fresh planner statistics. VACUUM cannot
    run inside a transaction: inside one (a caller's atomic block) only ANALYZE runs, and autovacuum
    reclaims the space later."""
    from chumchon.core.db import refresh_planner_statistics

    tables = [table for table, _key, _fts in INDEXES.values()] + ["search_termkey"]
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {', '.join(tables)}")
        return
    refresh_planner_statistics(tables)


# --- Reading -------------------------------------------------------------------------------------


def _matches_sql(index: str) -> str:
    """SELECT the keys of the documents matching a parameter, in no order.

    On PostgreSQL inside a MATERIALIZED CTE: planned on its own, it takes the GIN index when few
    documents match and a sequential scan when many do, and a LIMIT outside stops either early.
    Written plainly with a LIMIT, the planner (which does not count what reading a tsvector costs)
    scanned all 100,000 documents for a word found in none of them: 870 ms for "zzzz"."""
    table, key, fts = INDEXES[index]
    if connection.vendor == "postgresql":
        return f"WITH m AS MATERIALIZED (SELECT {key} AS k FROM {table} WHERE tsv @@ %s::tsquery) SELECT k FROM m"
    return f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s"


def matching_keys(index: str, node: Node, *, limit: int | None = None) -> list[int]:
    sql = _matches_sql(index)
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [_match_only(index, node)])
        return [row[0] for row in cursor.fetchall()]


def has_hits(index: str, node: Node) -> bool:
    return bool(matching_keys(index, node, limit=1))


# Ranking costs about a microsecond per match in either database, and joining a match to its
# listing row about as much again: a word found in half of 100,000 listings would cost 100 ms or
# more. So matches are ranked in the index alone (no join), and at most RANK_WINDOW of them: when a
# query matches more, its newest RANK_WINDOW matches are ranked and the older ones follow, newest
# first, with rank 0. Every query matching up to RANK_WINDOW documents is ranked exactly.
RANK_WINDOW = 1_000


def _rank_sql(index: str) -> tuple[str, str, str]:
    """(key column, rank expression, match condition) over the index table alone."""
    _table, key, fts = INDEXES[index]
    if connection.vendor == "postgresql":
        return key, f"ts_rank('{PG_WEIGHTS}', tsv, %s::tsquery)", "tsv @@ %s::tsquery"
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    return "rowid", f"(-bm25({fts}, {weights}))", f"{fts} MATCH %s"


def _source(index: str) -> str:
    table, _key, fts = INDEXES[index]
    return table if connection.vendor == "postgresql" else fts


def _match(node: Node) -> str:
    return render_tsquery(node) if connection.vendor == "postgresql" else render_fts5(node)


def _matching(index: str, node: Node) -> Node:
    """`node` for finding and counting matches: without the terms that only rank and, on
    PostgreSQL, each indexed concept as its one lexeme (`concepts`)."""
    return matching(node, concepts.indexed(index) if connection.vendor == "postgresql" else frozenset())


def _match_only(index: str, node: Node) -> str:
    """The query for finding and counting matches (`_matching`)."""
    return _match(_matching(index, node))


# Matches are counted up to COUNT_CAP: a broad word (ผ้า: half of 100,000 listings) is "1,000+"
# listings, not an exact figure that costs a pass over every match (2.6 s on PostgreSQL, where each
# match means reading its tsvector). Results pages stop at the cap too. Not below RANK_WINDOW, so
# that a count at the cap always means a full rank window.
COUNT_CAP = 1_000


def count_matches(index: str, node: Node, *, cap: int | None = None) -> int:
    """How many documents match, exactly up to `cap` (default COUNT_CAP); `cap + 1` means more."""
    cap = COUNT_CAP if cap is None else cap
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM ({_matches_sql(index)} LIMIT {int(cap) + 1}) AS capped", [_match_only(index, node)]
        )
        return int(cursor.fetchone()[0])


# PostgreSQL: how many of the newest documents the rank window first walks (see `_newest`).
WINDOW_PROBE = 5 * RANK_WINDOW


def _newest(index: str, node: Node, *, ranked: bool, limit: int | None = None) -> dict[int, float]:
    """PostgreSQL: {key: rank (0 unless `ranked`)} of the `limit` (default RANK_WINDOW) newest
    matches, or of every match when there are fewer: see `newest`."""
    table, key, _fts = INDEXES[index]
    match = _matching(index, node)
    known = newest.statistics(table)
    return newest.walk(
        table=table,
        key=key,
        match=render_tsquery(match),
        rank=f"ts_rank('{PG_WEIGHTS}', tsv, %s::tsquery)" if ranked else "0.0",
        rank_params=[_match(node)] if ranked else [],
        limit=RANK_WINDOW if limit is None else int(limit),
        probe=WINDOW_PROBE,
        estimate=None if known is None else newest.estimated_fraction(known, match),
        documents=1.0 if known is None else known.documents,
    )


@dataclass(frozen=True)
class Window:
    """A query's ranked window and its count, found together (see `count_and_window`)."""

    scores: dict[int, float]  # {key: rank} of every match, or of the RANK_WINDOW newest when more
    threshold: int | None  # the lowest key ranked when there are more matches than RANK_WINDOW


def count_and_window(index: str, node: Node) -> tuple[int, Window | None]:
    """How many documents match (as `count_matches`), and on PostgreSQL the ranked window too.

    On PostgreSQL both come from one walk (`_newest`, asked for one match more than the window): a
    broad word (ผ้าทอ: 45,000 matches) was counted by one pass over its first 1,001 matches and
    then walked again for its newest 1,000; now the walk that ranks them also says there are more.
    Fewer than RANK_WINDOW + 1 found is every match: the count is exact. On SQLite (FTS5 counts
    from its index without reading the documents) the count alone; the window is ranked when
    needed (`ranked_window`)."""
    if connection.vendor != "postgresql" or COUNT_CAP != RANK_WINDOW:
        return count_matches(index, node), None
    found = _newest(index, node, ranked=True, limit=RANK_WINDOW + 1)
    if len(found) <= RANK_WINDOW:
        return len(found), Window(found, None)
    del found[min(found)]
    return COUNT_CAP + 1, Window(found, min(found))


def window_threshold(index: str, node: Node) -> int:
    """The lowest key among the RANK_WINDOW newest matches (walks keys only, ranks nothing)."""
    if connection.vendor == "postgresql":
        keys = _newest(index, node, ranked=False)
        return min(keys) if len(keys) >= RANK_WINDOW else 0
    key, _rank, condition = _rank_sql(index)
    sql = f"SELECT {key} FROM {_source(index)} WHERE {condition} ORDER BY {key} DESC LIMIT 1 OFFSET {RANK_WINDOW - 1}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [_match_only(index, node)])
        row = cursor.fetchone()
        return int(row[0]) if row else 0


def ranked_window(index: str, node: Node, *, total: int) -> tuple[dict[int, float], int | None]:
    """({key: rank} of the ranked matches, the lowest key ranked when the window is full, else
    None): every match when there are at most RANK_WINDOW, else the RANK_WINDOW newest."""
    key, rank, condition = _rank_sql(index)
    match = _match(node)
    if connection.vendor == "postgresql" and total > RANK_WINDOW:
        scores = _newest(index, node, ranked=True)  # the planner misjudges this window: see _newest
        return scores, min(scores) if scores else None
    params = [match, _match_only(index, node)] if connection.vendor == "postgresql" else [match]
    sql = f"SELECT {key}, {rank} FROM {_source(index)} WHERE {condition}"
    if total > RANK_WINDOW:
        sql += f" ORDER BY {key} DESC LIMIT {RANK_WINDOW}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        scores = {int(pk): float(score) for pk, score in cursor.fetchall()}
    threshold = min(scores) if total > RANK_WINDOW and scores else None
    return scores, threshold


def keys_below(index: str, node: Node, *, threshold: int, offset: int, limit: int | None) -> list[int]:
    """Matches older than the ranked window (key below `threshold`), newest first."""
    key, _rank, condition = _rank_sql(index)
    sql = f"SELECT {key} FROM {_source(index)} WHERE {condition} AND {key} < %s ORDER BY {key} DESC"
    sql += f" LIMIT {int(limit) if limit is not None else -1 if connection.vendor == 'sqlite' else 'ALL'}"
    sql += f" OFFSET {int(offset)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [_match_only(index, node), threshold])
        return [row[0] for row in cursor.fetchall()]


def apply(
    queryset: QuerySet[Any],
    index: str,
    node: Node,
    *,
    threshold: int | None = None,
    boost_sql: str = "",
    boost_params: Sequence[Any] = (),
    factors: dict[int, float] | None = None,
) -> QuerySet[Any]:
    """`queryset` restricted to documents matching `node`, with `search_rank` (higher is better)
    and ordered by it, in SQL (any filter, values(), facets). `threshold` is the window of
    `ranked_window`: documents below it have rank 0 and come newest first. `boost_sql` is a
    boolean SQL condition on the model's table: rows meeting it have their rank doubled (a listing
    located in a place the query names). `factors` ({key: factor}) scale the rank of those documents
    (ranking.coordinate)."""
    table, key, fts = INDEXES[index]
    model_table = connection.ops.quote_name(queryset.model._meta.db_table)
    model_pk = f"{model_table}.{connection.ops.quote_name(queryset.model._meta.pk.column)}"
    if connection.vendor == "postgresql":
        rank = f"ts_rank('{PG_WEIGHTS}', {table}.tsv, %s::tsquery)"
        doc_key = f"{table}.{key}"
        where = [f"{table}.{key} = {model_pk}", f"{table}.tsv @@ %s::tsquery"]
        tables = [table]
        match = render_tsquery(node)
        condition = _match_only(index, node)
    else:
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        rank = f"(-bm25({fts}, {weights}))"
        doc_key = f"{fts}.rowid"
        # `+ 0` keeps SQLite from probing the FTS table once per row (rowid = ? AND MATCH, which
        # re-runs the full-text query each time): the FTS scan drives and rows are fetched by key.
        where = [f"{model_pk} = ({fts}.rowid + 0)", f"{fts} MATCH %s"]
        tables = [fts]
        match = condition = render_fts5(node)
    select_params: list[Any] = [match] if connection.vendor == "postgresql" else []
    if threshold is not None:
        rank = f"(CASE WHEN {doc_key} >= {int(threshold)} THEN {rank} ELSE 0.0 END)"
    if boost_sql:
        rank = f"({rank} * (CASE WHEN {boost_sql} THEN 2.0 ELSE 1.0 END))"
        select_params += list(boost_params)
    if factors:
        by_factor: dict[float, list[int]] = {}
        for pk, factor in factors.items():
            by_factor.setdefault(factor, []).append(int(pk))
        cases = " ".join(
            f"WHEN {doc_key} IN ({', '.join(str(pk) for pk in sorted(pks))}) THEN {float(factor)!r}"
            for factor, pks in sorted(by_factor.items())
        )
        rank = f"({rank} * (CASE {cases} ELSE 1.0 END))"
    return queryset.extra(  # noqa: S610 (every value is a parameter; identifiers are constants)
        select={"search_rank": rank},
        select_params=select_params,
        tables=tables,
        where=where,
        params=[condition],
        order_by=["-search_rank", "-pk"],
    )


def among(queryset: QuerySet[Any], keys: Iterable[int]) -> QuerySet[Any]:
    """`queryset` restricted to the rows whose primary key is one of `keys` (a ranked window: up
    to RANK_WINDOW of them), the keys written into the SQL as numbers. `pk__in` prepares each of
    1,000 keys as a parameter, and the driver parses as many placeholders: 3 ms of CPU for the
    facets of a broad word, against 0.7 ms (the same plan, the same rows)."""
    model = queryset.model
    column = f"{connection.ops.quote_name(model._meta.db_table)}.{connection.ops.quote_name(model._meta.pk.column)}"
    listed = ", ".join(str(int(key)) for key in keys)
    if not listed:
        return queryset.none()
    return queryset.filter(RawSQL(f"{column} IN ({listed})", (), output_field=BooleanField()))  # noqa: S611 (numbers made by int())


def index_size_bytes() -> int | None:
    """Bytes used by the search tables and indexes, when the database can tell."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
                "WHERE c.relname LIKE 'search\\_%%' AND c.relkind = 'r'"
            )
            value = cursor.fetchone()[0]
            return int(value) if value is not None else None
        try:
            cursor.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search%%'")
        except Exception:  # dbstat is not compiled into every SQLite
            return None
        value = cursor.fetchone()[0]
        return int(value) if value is not None else None
