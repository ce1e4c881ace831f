"""Reads of the search index: listings and communities matching a query, snippets, facets and
suggestions. Used by the /search/ pages, the listings API (`?q=`) and the suggest API."""

from __future__ import annotations

import unicodedata
from typing import Any, TypeVar

from django.db.models import Count, FloatField, Model, Q, QuerySet, Value
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from chumchon.catalog.models import Category, Listing
from chumchon.places.models import Community, District, Province, Subdistrict
from chumchon.search import backend, indexing, text
from chumchon.search.query import Plan, plan_for
from chumchon.search.ranking import Ranking, ranked_queryset

SNIPPET_CHARS = 180

M = TypeVar("M", bound=Model)


def search_plan(query: str, *, index: str = "listing") -> Plan:
    """How `query` is searched: its words, corrections ("did you mean") and dropped words."""
    indexing.flush()  # writes of this transaction not yet indexed
    return plan_for(query or "", index=index)


def _place_boost(plan: Plan, community_column: str) -> tuple[str, list[Any]]:
    """SQL that is true for rows located in a place the query names (province, district or
    subdistrict)."""
    # Only names of the places data can name a place: most queries need no lookup at all.
    words = {w for w in plan.place_words if text.is_thai(w)} & text.place_words()
    if not words:
        return "", []
    province_ids = list(Province.objects.filter(name_th__in=words).values_list("id", flat=True))
    district_ids = list(District.objects.filter(name_th__in=words).values_list("id", flat=True))
    subdistrict_ids = list(Subdistrict.objects.filter(name_th__in=words).values_list("id", flat=True))
    if not province_ids and not district_ids and not subdistrict_ids:
        return "", []
    conditions, params = [], []
    if province_ids:
        conditions.append(f"province_id IN ({', '.join(['%s'] * len(province_ids))})")
        params += province_ids
    if district_ids:
        conditions.append(f"district_id IN ({', '.join(['%s'] * len(district_ids))})")
        params += district_ids
    if subdistrict_ids:
        conditions.append(f"subdistrict_id IN ({', '.join(['%s'] * len(subdistrict_ids))})")
        params += subdistrict_ids
    table = Community._meta.db_table
    sql = f"{community_column} IN (SELECT id FROM {table} WHERE {' OR '.join(conditions)})"  # noqa: S608 (ids are parameters)
    return sql, params


def search_listings(*, query: str, listings: QuerySet[Listing], plan: Plan | None = None) -> QuerySet[Listing]:
    """`listings` (already filtered or not) restricted to those matching `query`, best match first,
    each annotated with `search_rank` (higher is better). Stays a QuerySet: count and paginate it.

    A blank query leaves `listings` as they are (rank 0); a query without any word (punctuation
    only) or whose every word matches nothing, even corrected, gives no listing. Misspelt words are
    corrected when the query as typed finds nothing (see `search_plan(...).did_you_mean`)."""
    plan = plan or search_plan(query)
    if plan.no_match or (plan.is_empty and query.strip()):
        return listings.none().annotate(search_rank=Value(0.0, output_field=FloatField()))
    if plan.is_empty:
        return listings.annotate(search_rank=Value(0.0, output_field=FloatField()))
    table = Listing._meta.db_table
    boost_sql, boost_params = _place_boost(plan, f"{table}.community_id")
    return _ranked(listings, "listing", plan, boost_sql, boost_params, Listing.objects.published())


def search_communities(
    *, query: str, communities: QuerySet[Community] | None = None, plan: Plan | None = None
) -> QuerySet[Community]:
    """Published communities matching `query`, best first (a community's own name ranks it first)."""
    if communities is None:
        communities = Community.objects.published().with_places()
    plan = plan or search_plan(query, index="community")
    if plan.is_empty or plan.no_match:
        return communities.none()
    table = Community._meta.db_table
    boost_sql, boost_params = _place_boost(plan, f"{table}.id")
    return _ranked(communities, "community", plan, boost_sql, boost_params, Community.objects.published())


def _ranked(
    queryset: QuerySet[M], index: str, plan: Plan, boost_sql: str, boost_params: list[Any], indexed: QuerySet[M]
) -> QuerySet[M]:
    """`queryset` searched: ranked in the index alone while `queryset` is what the index holds
    (`indexed`: the published rows, whatever their select_related), else in SQL."""
    indexing.flush()
    ranking = Ranking(
        index=index,
        node=plan.node,
        base=queryset,
        indexed=queryset.query.where == indexed.query.where,
        boost_sql=boost_sql,
        boost_params=boost_params,
        total=plan.matches if plan.index == index else None,
        coordination=plan.coordination,
        window=plan.window if plan.index == index else None,
    )
    found = backend.apply(
        queryset,
        index,
        plan.node,
        threshold=ranking.threshold,
        boost_sql=boost_sql,
        boost_params=boost_params,
        factors=ranking.factors,
    )
    return ranked_queryset(found, ranking)


# --- Snippets --------------------------------------------------------------------------------------


def _display(value: str) -> str:
    value = unicodedata.normalize("NFC", value).translate(text.ZERO_WIDTH).replace("\u0e4d\u0e32", "\u0e33")
    return " ".join(value.split())


def _syllables_apart(value: str, syllables: dict[str, tuple[str, ...]]) -> list[tuple[int, int]]:
    """Where `value` has the syllables of a query word it does not hold whole (ผ้า and ทอ of ผ้าทอ
    in ผ้าพันคอฝ้ายทอมือ): what made it match."""
    wanted = [s for word, parts in syllables.items() if word not in value for s in parts]
    return text.syllable_spans(value, wanted)


def highlight(
    value: str, words: list[str], *, syllables: dict[str, tuple[str, ...]] | None = None, limit: int | None = None
) -> SafeString:
    """`value` escaped, with every occurrence of `words` wrapped in <mark>, and the syllables of a
    Thai word of `syllables` that the text holds apart; when `limit` is given, cut to a window of
    about that many characters around the first occurrence."""
    value = _display(value)
    return _highlight(value, words, _syllables_apart(value, syllables or {}), limit=limit)


def _highlight(value: str, words: list[str], spans: list[tuple[int, int]], *, limit: int | None) -> SafeString:
    """highlight() of a text already through _display(), its syllables' `spans` found."""
    lowered = value.lower()
    if len(lowered) != len(value):
        lowered = value
    spans = list(spans)
    for word in words:
        if not word:
            continue
        start = lowered.find(word)
        while start >= 0:
            spans.append((start, start + len(word)))
            start = lowered.find(word, start + len(word))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    begin, finish = 0, len(value)
    if limit is not None and len(value) > limit:
        first = merged[0][0] if merged else 0
        begin = max(0, first - limit // 3)
        if begin > 0:
            space = value.rfind(" ", 0, begin + 1)
            begin = space + 1 if space >= 0 and begin - space < 20 else begin
        finish = min(len(value), begin + limit)
        if finish < len(value):
            space = value.find(" ", finish)
            finish = space if 0 <= space - finish < 20 else finish
    out: list[str] = ["…" if begin > 0 else ""]
    position = begin
    for start, end in merged:
        if end <= begin or start >= finish:
            continue
        start, end = max(start, begin), min(end, finish)
        out.append(escape(value[position:start]))
        out.append(f"<mark>{escape(value[start:end])}</mark>")
        position = end
    out.append(escape(value[position:finish]))
    if finish < len(value):
        out.append("…")
    return mark_safe("".join(out))  # noqa: S308 (every piece of text is escaped above)


def listing_snippets(listings: Any, query: str, *, plan: Plan | None = None) -> dict[int, SafeString]:
    """{listing id: a piece of its description with the query's words in <mark>} (safe HTML), in
    the active language (Thai when the English is missing)."""
    plan = plan or search_plan(query)
    words = plan.highlight_words
    syllables = plan.highlight_syllables
    english = translation.get_language() == "en"
    snippets: dict[int, SafeString] = {}
    for listing in listings:
        texts = (
            [listing.description_en, listing.description_th]
            if english
            else [listing.description_th, listing.description_en]
        )
        texts = [t for t in texts if t]
        if not texts:
            continue
        # The text holding a word of the query; else, on a Thai page, the one holding its syllables;
        # else the text in the page's language. Each text is normalised once, and its syllables
        # looked for once (in each only when no text holds a word).
        shown = [_display(t) for t in texts]
        lowered = [d.lower() for d in shown]
        chosen = next((d for d, low in zip(shown, lowered, strict=True) if any(w in low for w in words)), None)
        if chosen is not None or english:
            chosen = shown[0] if chosen is None else chosen
            spans = _syllables_apart(chosen, syllables)
        else:
            apart = [(d, found) for d in shown if (found := _syllables_apart(d, syllables))]
            chosen, spans = apart[0] if apart else (shown[0], [])
        snippets[listing.pk] = _highlight(chosen, words, spans, limit=SNIPPET_CHARS)
    return snippets


# --- Facets and suggestions --------------------------------------------------------------------------


def results_capped(listings: QuerySet[Listing]) -> bool:
    """Whether a search found more listings than it counts (backend.COUNT_CAP): its count reads
    "1,000+", its pages stop there and its facets count the newest matches (`search_facets`)."""
    ranking: Ranking | None = getattr(listings, "_ranking", None)
    return ranking is not None and ranking.serves(listings) and ranking.capped


def search_facets(listings: QuerySet[Listing]) -> dict[str, list[dict[str, Any]]]:
    """Counts of the listings by kind, category and district (for the facets of the results page).

    One grouped pass over the matches by (kind, category, district: the community is joined already
    for its published flag), then the few categories and districts named are looked up. Joining
    every match to its category, district and province as well took about twice as long (a word
    found in 47,000 listings: 830 ms against 420 ms). A search with more matches than it counts
    (`results_capped`) has its ranked window counted instead: its newest RANK_WINDOW matches, by
    primary key, so that the cost stays that of 1,000 rows however broad the word (ผ้า: 47,000
    matches, 330 ms on SQLite and 2 s on PostgreSQL when every match was grouped)."""
    ranking: Ranking | None = getattr(listings, "_ranking", None)
    if ranking is not None and results_capped(listings):
        listings = backend.among(ranking.base, (pk for _rank, pk in ranking.ranked()))
    rows = (
        listings.order_by()
        .values_list("kind", "category_id", "community__district_id")
        .annotate(count=Count("id"))
        .order_by()
    )
    kinds: dict[str, int] = {}
    by_category: dict[int, int] = {}
    by_district: dict[int, int] = {}
    for kind, category_id, district_id, count in rows:
        kinds[kind] = kinds.get(kind, 0) + count
        if category_id is not None:
            by_category[category_id] = by_category.get(category_id, 0) + count
        by_district[district_id] = by_district.get(district_id, 0) + count

    shown = 12  # categories and districts, the most listings first

    def contenders(counts: dict[int, int]) -> list[int]:
        """The ids that may be among the `shown` largest counts, ties at the last place included
        (their names decide between them): the only ones whose names are looked up. A broad word's
        matches lie in some 900 districts, of which 12 are shown."""
        if len(counts) <= shown:
            return list(counts)
        last = sorted(counts.values(), reverse=True)[shown - 1]
        return [pk for pk, count in counts.items() if count >= last]

    category = ("category__slug", "category__name_th", "category__name_en")
    categories = {
        tuple(names): by_category[pk]
        for pk, *names in Category.objects.filter(pk__in=contenders(by_category)).values_list(
            "pk", "slug", "name_th", "name_en"
        )
    }
    district = (
        "community__district__code",
        "community__district__name_th",
        "community__district__name_en",
        "community__province__name_th",
        "community__province__name_en",
    )
    districts: dict[tuple[Any, ...], int] = {}
    ids = sorted(contenders(by_district))
    for start in range(0, len(ids), 900):  # within every database's limit of query parameters
        names = District.objects.filter(pk__in=ids[start : start + 900]).values_list(
            "pk", "code", "name_th", "name_en", "province__name_th", "province__name_en"
        )
        districts.update({tuple(row): by_district[pk] for pk, *row in names})

    def top(counts: dict[tuple[Any, ...], int], names: tuple[str, ...]) -> list[dict[str, Any]]:
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0][1] or ""))[:shown]
        return [{**dict(zip(names, key, strict=True)), "count": count} for key, count in ordered]

    return {
        "kind": [{"kind": kind, "count": count} for kind, count in sorted(kinds.items(), key=lambda i: (-i[1], i[0]))],
        "category": top(categories, category),
        "district": top(districts, district),
    }


def suggestions(query: str, *, listings: QuerySet[Listing], limit: int = 8) -> list[dict[str, str]]:
    """What to offer while the buyer types: matching communities, the provinces the query names or
    begins (สุโข → สุโขทัย), then listings (titles), at most `limit` in all."""
    query = (query or "")[:100]
    if not text.chunks(query):
        return []
    english = translation.get_language() == "en"
    out: list[dict[str, str]] = []
    for community in search_communities(query=query)[:3]:
        out.append({"kind": "community", "text": community.name, "url": community.get_absolute_url()})
    plan = search_plan(query)
    words = {w for w in plan.place_words if text.is_thai(w) and len(w) >= 2}
    raw = " ".join(query.split())
    places = Province.objects.filter(
        Q(name_th__in=words) | Q(name_th__startswith=raw) | Q(name_en__istartswith=raw)
    ).order_by("name_th")[:2]
    for province in places:
        name = province.name_en if english and province.name_en else province.name_th
        out.append({"kind": "place", "text": name, "url": province.get_absolute_url()})
    for listing in (
        search_listings(query=query, listings=listings, plan=plan)
        .select_related(None)
        .only("id", "title_th", "title_en")[: max(limit - len(out), 0)]
    ):
        out.append({"kind": "listing", "text": listing.title, "url": listing.get_absolute_url()})
    return out[:limit]


def _kind_label(value: str) -> str:
    from chumchon.catalog.models import Kind

    return str(dict(Kind.choices).get(value, value))
