"""Search results in two phases: the matches are counted and ranked in the index alone, then only
the rows of the page being read are fetched (one query by primary key, with the queryset's
select_related).

`ranked_queryset()` wraps the queryset `backend.apply()` builds (ranked in SQL, joined to the index:
right for any further filter, `values()` or aggregate) so that, while nothing else narrows it, its
`count()` and its slices take the fast path. A caller that filters it further, or passes listings
already filtered, gets the SQL path: the same rows in the same order, at the cost of joining every
match.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model, QuerySet
from django.db.models.query import FlatValuesListIterable, ModelIterable

from chumchon.search import backend
from chumchon.search.backend import Node

M = TypeVar("M", bound=Model)

ORDER = ("-search_rank", "-pk")


class Ranking:
    """One query's matches in one index: their number, and their order (computed when needed)."""

    def __init__(
        self,
        *,
        index: str,
        node: Node,
        base: QuerySet[Any],
        indexed: bool,
        boost_sql: str = "",
        boost_params: Sequence[Any] = (),
        total: int | None = None,
        coordination: Sequence[Node] = (),
        window: backend.Window | None = None,
    ) -> None:
        self.index = index
        self.node = node
        # {key: factor} of the documents that match only some of the groups (see coordinate()).
        self.factors = coordinate(index, node, coordination)
        self.base = base  # the queryset before the search was applied
        self.indexed = indexed  # `base` holds exactly the indexed rows (no other filter)
        self.boost_sql = boost_sql
        self.boost_params = list(boost_params)
        # Up to backend.COUNT_CAP + 1 (more than the cap): see `capped`. Counted here, the window
        # comes with the count (on PostgreSQL one walk gives both).
        if total is None:
            total, window = backend.count_and_window(index, node)
        self.total = total
        self.where: Any = None  # the WHERE of the ranked queryset, set by ranked_queryset()
        self._ranked: list[tuple[float, int]] | None = None
        self.threshold: int | None = None
        self.window = window  # ranked already, with `total` (backend.count_and_window)
        if window is not None:
            self.threshold = window.threshold
        if indexed:  # the fast path is likely: rank now, which also gives the window's threshold
            self.ranked()
        elif self.total > backend.RANK_WINDOW and window is None:
            self.threshold = backend.window_threshold(index, node)

    @property
    def capped(self) -> bool:
        """More matches than backend.COUNT_CAP: the count says "1,000+", pages stop at the cap and
        the facets count the ranked window (the newest matches) instead of every match."""
        return self.total > backend.COUNT_CAP

    def serves(self, queryset: QuerySet[Any]) -> bool:
        """Whether `queryset` is still the search as made: no filter, grouping or order added."""
        query = queryset.query
        return (
            self.indexed
            and query.where == self.where
            and not query.distinct
            and not query.annotations
            and query.combinator is None
            and query.group_by is None
            and not query.order_by
            and tuple(query.extra_order_by) == ORDER
        )

    def _boosted(self) -> set[int]:
        if not self.boost_sql:
            return set()
        model = self.base.model
        table = connection.ops.quote_name(model._meta.db_table)
        pk = connection.ops.quote_name(model._meta.pk.column)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {pk} FROM {table} WHERE {self.boost_sql}", self.boost_params)  # noqa: S608 (identifiers are constants, values parameters)
            return {row[0] for row in cursor.fetchall()}

    def ranked(self) -> list[tuple[float, int]]:
        """(rank, key) of the ranked window, best first (ties: newest first, as in SQL)."""
        if self._ranked is None:
            if self.window is not None:
                scores, self.threshold = dict(self.window.scores), self.window.threshold
            else:
                scores, self.threshold = backend.ranked_window(self.index, self.node, total=self.total)
            for pk in self._boosted() & scores.keys():
                scores[pk] *= 2.0
            for pk, factor in self.factors.items():
                if pk in scores:
                    scores[pk] *= factor
            self._ranked = sorted(((score, pk) for pk, score in scores.items()), reverse=True)
        return self._ranked

    def page(self, low: int, high: int | None) -> list[tuple[float, int]]:
        """(rank, key) of the matches from position `low` to `high` (exclusive; None: to the end)."""
        ranked = self.ranked()
        out = ranked[low:high]
        window = len(ranked)
        if self.threshold is not None and (high is None or high > window):
            start = max(low, window)
            keys = backend.keys_below(
                self.index,
                self.node,
                threshold=self.threshold,
                offset=start - window,
                limit=None if high is None else high - start,
            )
            out += [(0.0, pk) for pk in keys]
        return out


def coordinate(index: str, node: Node, groups: Sequence[Node]) -> dict[int, float]:
    """{key: (m / n)²} of the documents matching `node` that match m < n of the n `groups` (a
    relaxed query, see query.plan_for): a document matching every group keeps its rank, one
    matching half of them a quarter of it. The rank itself (BM25, ts_rank) already weighs each
    word by how rare it is; this makes the number of the query's words found count first. A
    relaxed query matches at most backend.RANK_WINDOW documents, so each set read here is small."""
    if len(groups) < 2:
        return {}
    hits: dict[int, int] = {}
    for group in groups:
        for key in backend.matching_keys(index, backend.And((node, group))):
            hits[key] = hits.get(key, 0) + 1
    n = len(groups)
    return {key: (m / n) ** 2 for key, m in hits.items() if m < n}


class RankedIterable(ModelIterable):
    """Model instances of a ranked queryset: by the fast path when it serves, else by SQL."""

    def __iter__(self) -> Iterator[Any]:
        queryset = self.queryset
        ranking: Ranking | None = getattr(queryset, "_ranking", None)
        if ranking is None or not ranking.serves(queryset):
            yield from super().__iter__()
            return
        page = ranking.page(queryset.query.low_mark, queryset.query.high_mark)
        if not page:
            return
        fetch = ranking.base.order_by().prefetch_related(None)  # the outer queryset prefetches
        fetch.query.select_related = queryset.query.select_related
        fetch.query.deferred_loading = queryset.query.deferred_loading
        rows = {row.pk: row for row in fetch.filter(pk__in=[pk for _rank, pk in page])}
        for rank, pk in page:
            row = rows.get(pk)
            if row is not None:  # the index may briefly hold a row the queryset no longer shows
                row.search_rank = rank
                yield row


class RankedKeysIterable(FlatValuesListIterable):
    """`values_list("pk", flat=True)` of a ranked queryset: the keys of the page, best first, by the
    fast path when it serves (one query, by primary key, to leave out what the queryset no longer
    shows), else by SQL. What a caller uses that fetches the rows its own way (the listings API)."""

    def __iter__(self) -> Iterator[Any]:
        queryset = self.queryset
        ranking: Ranking | None = getattr(queryset, "_ranking", None)
        if ranking is None or not ranking.serves(queryset):
            yield from super().__iter__()
            return
        keys = [pk for _rank, pk in ranking.page(queryset.query.low_mark, queryset.query.high_mark)]
        if not keys:
            return
        shown = set(ranking.base.order_by().prefetch_related(None).filter(pk__in=keys).values_list("pk", flat=True))
        yield from (pk for pk in keys if pk in shown)


class RankedQuerySetMixin:
    _ranking: Ranking | None = None

    def values_list(self, *fields: Any, flat: bool = False, named: bool = False) -> Any:
        clone = super().values_list(*fields, flat=flat, named=named)  # type: ignore[misc]
        if clone._ranking is not None and flat and fields in (("pk",), (clone.model._meta.pk.name,)):
            clone._iterable_class = RankedKeysIterable
        return clone

    def _clone(self) -> Any:
        clone = super()._clone()  # type: ignore[misc]
        clone._ranking = self._ranking
        return clone

    def count(self) -> int:
        ranking = self._ranking
        if (
            ranking is not None
            and getattr(self, "_result_cache", None) is None
            and not self.query.is_sliced  # type: ignore[attr-defined]
            and ranking.serves(self)  # type: ignore[arg-type]
        ):
            return min(ranking.total, backend.COUNT_CAP)
        return super().count()  # type: ignore[misc]


@cache
def _ranked_class(cls: type[QuerySet[Any]]) -> type[QuerySet[Any]]:
    # A subclass of the model's own QuerySet, so that its methods (published(), for_cards()…) stay.
    return type(f"Ranked{cls.__name__}", (RankedQuerySetMixin, cls), {})


def ranked_queryset(queryset: QuerySet[M], ranking: Ranking) -> QuerySet[M]:
    """`queryset` (as made by backend.apply) able to take the fast path of `ranking`."""
    ranked = queryset._chain()  # type: ignore[attr-defined]
    ranked.__class__ = _ranked_class(type(queryset))
    ranked._ranking = ranking
    if ranked._iterable_class is ModelIterable:
        ranked._iterable_class = RankedIterable
    ranking.where = ranked.query.where
    return ranked
