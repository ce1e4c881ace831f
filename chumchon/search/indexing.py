"""Keeping the index in step: documents for listings and communities, the vocabulary, reindexing."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from functools import lru_cache
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet

from chumchon.catalog.models import Kind, Listing, Status, Tag
from chumchon.places.models import Community
from chumchon.search import backend, text, vocabulary
from chumchon.search.models import TermKey

# Both languages of the kind labels, so that "experience" and "กิจกรรม" both find experiences.
# (Not "workshop": a homestay or a meal is an experience and no workshop; the workshop category's
# own names say it.)
KIND_WORDS: dict[str, str] = {
    Kind.PRODUCT: "สินค้า ผลิตภัณฑ์ product",
    Kind.EXPERIENCE: "กิจกรรม ประสบการณ์ experience activity",
    Kind.ROUTE: "เส้นทาง ทริป ท่องเที่ยว route trip tour",
}


def _names(*objects: Any) -> str:
    return "\n".join(f"{o.name_th}\n{o.name_en}" for o in objects if o is not None)


def _community_place(community: Community) -> str:
    return "\n".join(
        [
            community.name_th,
            community.name_en,
            _names(community.subdistrict, community.district, community.province, community.area),
        ]
    )


@lru_cache(maxsize=4096)
def _analysed(value: str) -> tuple[list[str], list[str]]:
    # Place and tag texts repeat across listings (every listing of a community has the same place
    # column): analysed once per rebuild or batch. Callers only read the lists.
    return text.analyse(value)


def _document(*, title: str, tags: str, place: str, body: str) -> dict[str, str]:
    title_words, title_syllables = text.analyse(title)
    tags_words, tags_syllables = _analysed(tags)
    place_words, place_syllables = _analysed(place)
    body_words, body_syllables = text.analyse(body)
    return {
        "title": text.join(title_words),
        "title_sub": text.join(title_syllables),
        "tags": text.join(tags_words),
        "place": text.join(place_words),
        "body": text.join(body_words),
        "other_sub": text.join(tags_syllables + place_syllables + body_syllables),
    }


def listing_texts(listing: Listing) -> dict[str, str]:
    """The texts of a listing's document, by field, before analysis."""
    category = listing.category
    tags = [tag.name for tag in listing.tags.all()]
    return {
        "title": f"{listing.title_th}\n\n{listing.title_en}",
        "tags": "\n\n".join(
            [
                *tags,
                _names(category, category.parent if category else None),
                KIND_WORDS.get(listing.kind, listing.kind),
            ]
        ),
        "place": _community_place(listing.community),
        "body": f"{listing.description_th}\n\n{listing.description_en}\n\n{listing.materials}",
    }


def listing_document(listing: Listing) -> dict[str, str]:
    return _document(**listing_texts(listing))


def community_document(community: Community) -> dict[str, str]:
    return _document(
        title=f"{community.name_th}\n\n{community.name_en}",
        tags="",
        place=_names(community.subdistrict, community.district, community.province, community.area),
        body=f"{community.story_th}\n\n{community.story_en}",
    )


def _is_public(listing: Listing) -> bool:
    return listing.status == Status.PUBLISHED and listing.community.is_published


def listings_for_index() -> QuerySet[Listing]:
    return Listing.objects.select_related(
        "community__province",
        "community__district",
        "community__subdistrict",
        "community__area",
        "category__parent",
    ).prefetch_related(Prefetch("tags", queryset=Tag.objects.only("id", "name")))


def communities_for_index() -> QuerySet[Community]:
    return Community.objects.select_related("province", "district", "subdistrict", "area")


# --- Vocabulary ------------------------------------------------------------------------------------


# The most words one document's description gives the vocabulary (its title, tags and places give
# all theirs). Each new word is written under each of its one-letter deletions (TermKey): a pasted
# description of 6,000 different words took 4.3 s to index on SQLite, inside the seller's save.
BODY_TERMS_PER_DOCUMENT = 400


def _vocabulary_terms(*docs: dict[str, str]) -> set[str]:
    """Words worth correcting towards: Thai words and syllables of two letters or more (ซิ่น inside
    ผ้าซิ่นตีนจก), other words of three; of a document's description (and of its syllables), the
    first BODY_TERMS_PER_DOCUMENT."""
    tokens: set[str] = set()
    for doc in docs:  # the tokens of a batch first: most repeat from one document to the next
        for column in ("title", "tags", "place", "title_sub"):
            tokens.update(doc[column].split())
        # The description's words, and the syllables of the tags, places and description (in that
        # order, so the tags' and places' come first): the first of each, in the order written.
        for column in ("body", "other_sub"):
            first: dict[str, None] = {}
            for token in doc[column].split():
                if _worth_correcting(token):
                    first[token] = None
                    if len(first) >= BODY_TERMS_PER_DOCUMENT:
                        break
            tokens.update(first)
    return {token[:64] for token in tokens if _worth_correcting(token)}


def _worth_correcting(token: str) -> bool:
    return (len(token) >= 3 or (len(token) == 2 and text.is_thai(token))) and not token.isdigit()


def add_terms(terms: Iterable[str], *, known: set[str] | None = None) -> None:
    terms = set(terms)
    if known is not None:
        terms -= known
    else:
        terms -= set(TermKey.objects.filter(key__in=terms, term__in=terms).values_list("term", flat=True))
    if not terms:
        return
    rows = [TermKey(key=key[:64], term=term) for term in terms for key in text.deletion_keys(term)]
    TermKey.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    if known is not None:
        known.update(terms)


# --- Writes ------------------------------------------------------------------------------------------


def index_listings(pks: Iterable[int]) -> None:
    """Index these listings in batches: the published ones of published communities are written,
    every other one (unpublished, deleted) removed."""
    pks = sorted(set(pks))
    for start in range(0, len(pks), 500):
        chunk = pks[start : start + 500]
        listings = list(listings_for_index().filter(pk__in=chunk))
        public = [(listing.pk, listing_document(listing)) for listing in listings if _is_public(listing)]
        written = {pk for pk, _doc in public}
        backend.write_documents("listing", public, expansions=vocabulary.expansions)
        backend.delete_documents("listing", [pk for pk in chunk if pk not in written])
        if public:
            add_terms(_vocabulary_terms(*(doc for _pk, doc in public)))


def index_listing(listing: Listing) -> None:
    """Index a published listing of a published community; remove any other."""
    if listing.pk is not None:
        index_listings([listing.pk])


def index_communities(pks: Iterable[int], *, with_listings: bool = True) -> None:
    """Index communities (published ones only) and, as their place fields change with them, their
    listings."""
    pks = sorted(set(pks))
    communities = list(communities_for_index().filter(pk__in=pks, is_published=True))
    public = [(community.pk, community_document(community)) for community in communities]
    backend.write_documents("community", public, expansions=vocabulary.expansions)
    backend.delete_documents("community", sorted(set(pks) - {pk for pk, _doc in public}))
    if public:
        add_terms(_vocabulary_terms(*(doc for _pk, doc in public)))
    if with_listings:
        index_listings(Listing.objects.filter(community__in=pks).values_list("pk", flat=True))


def index_community(community: Community, *, with_listings: bool = True) -> None:
    index_communities([community.pk], with_listings=with_listings)


def remove_community(community_id: int) -> None:
    backend.delete_documents("community", [community_id])


# --- Batching per transaction ------------------------------------------------------------------------
#
# A write marks what it changed; the index follows when the transaction commits, once per listing
# and community however often each changed (an import of 5,000 rows creates, then publishes each
# listing: one batch, not 10,000 single updates). Outside a transaction on_commit runs at once. A
# search run inside the transaction first indexes what is pending, so it sees the writes before it
# (and the tests, which run inside a transaction that never commits, see them too). Pending marks
# of a transaction that rolled back are harmless: indexing reads what the database holds.


class _Pending(threading.local):
    def __init__(self) -> None:
        self.listings: set[int] = set()
        self.communities: set[int] = set()


_pending = _Pending()


def listing_changed(pk: int) -> None:
    _pending.listings.add(pk)
    transaction.on_commit(flush, robust=True)


def community_changed(pk: int) -> None:
    _pending.communities.add(pk)
    transaction.on_commit(flush, robust=True)


def flush() -> None:
    """Index what changed since the last flush (no-op when nothing did)."""
    if not _pending.listings and not _pending.communities:
        return
    listings, communities = _pending.listings, _pending.communities
    _pending.listings, _pending.communities = set(), set()
    with transaction.atomic():
        if communities:
            index_communities(communities)
        if listings:
            index_listings(listings)


def _analyse_batch(batch: list[tuple[int, dict[str, str]]]) -> tuple[list[tuple[int, dict[str, str]]], set[str]]:
    """Documents and vocabulary of (key, texts) pairs: the part of a rebuild that needs only Python,
    run in worker processes (module level, so that a process pool can call it)."""
    documents = [(pk, _document(**texts)) for pk, texts in batch]
    return documents, _vocabulary_terms(*(doc for _pk, doc in documents))


def _default_workers() -> int:
    if "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return min(os.cpu_count() or 1, 4) if (os.cpu_count() or 1) > 1 else 0


def reindex(
    *, batch_size: int = 1000, progress: Callable[[int, int], None] | None = None, workers: int | None = None
) -> dict[str, int]:
    """Rebuild both indexes and the vocabulary from scratch. `progress(done, total)` is called
    after each batch.

    Segmenting is pure Python and takes most of the time, so with `workers` (default: one per core,
    up to 4, on machines that can fork) the listings are analysed in worker processes while this
    process reads the next batch and writes the previous one. The workers only analyse text: every
    read and write stays in this process and its transaction. `workers=0` does it all here.

    The rebuild replaces every row in one transaction, so searches keep reading the old index until
    it commits; on PostgreSQL that leaves a dead copy of every row behind (about 520 MB for 100,000
    listings, growing with each rebuild while autovacuum lags). Once committed, the search tables
    are vacuumed, so that the next rebuild reuses that space, and analysed (`backend.reclaim`)."""
    _pending.listings, _pending.communities = set(), set()  # rebuilt below from the database
    with transaction.atomic():
        with backend.bulk_writes():
            counts = _rebuild(batch_size=batch_size, progress=progress, workers=workers)
        for index in backend.INDEXES:
            backend.optimize(index)
    backend.reclaim()
    return counts


def _rebuild(*, batch_size: int, progress: Callable[[int, int], None] | None, workers: int | None) -> dict[str, int]:
    for index in backend.INDEXES:
        backend.clear(index)
        backend.index_concepts(index, vocabulary.expansions())
    TermKey.objects.all().delete()
    known: set[str] = set()

    communities = list(communities_for_index().filter(is_published=True))
    listings = listings_for_index().filter(status=Status.PUBLISHED, community__is_published=True).order_by("pk")
    total = len(communities) + listings.count()
    done = 0
    for start in range(0, len(communities), batch_size):
        batch = [(c.pk, community_document(c)) for c in communities[start : start + batch_size]]
        backend.write_documents("community", batch)
        add_terms(_vocabulary_terms(*(doc for _pk, doc in batch)), known=known)
        done += len(batch)
        if progress:
            progress(done, total)

    def batches() -> Iterator[list[tuple[int, dict[str, str]]]]:
        last_pk = 0
        while True:
            page = list(listings.filter(pk__gt=last_pk)[:batch_size])
            if not page:
                return
            last_pk = page[-1].pk
            yield [(listing.pk, listing_texts(listing)) for listing in page]

    def write(documents: list[tuple[int, dict[str, str]]], terms: set[str]) -> None:
        nonlocal done
        backend.write_documents("listing", documents)
        add_terms(terms, known=known)
        done += len(documents)
        if progress:
            progress(done, total)

    workers = _default_workers() if workers is None else workers
    if workers and total - len(communities) > batch_size:
        # The pool forks now, after the dictionaries are loaded; the children never use the
        # database connection they inherit (and leave through os._exit, which closes nothing).
        text.thai_words_of("ผ้าทอ")
        text.thai_syllables_of("ผ้าทอ")
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            pending: deque[Future[tuple[list[tuple[int, dict[str, str]]], set[str]]]] = deque()
            for batch in batches():
                pending.append(pool.submit(_analyse_batch, batch))
                while len(pending) > workers:  # keep every worker busy, and memory bounded
                    write(*pending.popleft().result())
            while pending:
                write(*pending.popleft().result())
    else:
        for batch in batches():
            write(*_analyse_batch(batch))
    return {"communities": len(communities), "listings": done - len(communities), "terms": len(known)}
