"""Keeping the index in step: documents for listings and communities, the vocabulary, reindexing."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet

from chumchon.catalog.models import Kind, Listing, Status, Tag
from chumchon.places.models import Community
from chumchon.search import backend, text
from chumchon.search.models import TermKey

# Both languages of the kind labels, so that "experience" and "กิจกรรม" both find experiences.
KIND_WORDS: dict[str, str] = {
    Kind.PRODUCT: "สินค้า ผลิตภัณฑ์ product",
    Kind.EXPERIENCE: "กิจกรรม ประสบการณ์ เวิร์กช็อป experience activity",
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


def _document(*, title: str, tags: str, place: str, body: str) -> dict[str, str]:
    title_words, title_syllables = text.analyse(title)
    tags_words, tags_syllables = text.analyse(tags)
    place_words, place_syllables = text.analyse(place)
    body_words, body_syllables = text.analyse(body)
    return {
        "title": text.join(title_words),
        "title_sub": text.join(title_syllables),
        "tags": text.join(tags_words),
        "place": text.join(place_words),
        "body": text.join(body_words),
        "other_sub": text.join(tags_syllables + place_syllables + body_syllables),
    }


def listing_document(listing: Listing) -> dict[str, str]:
    category = listing.category
    tags = [tag.name for tag in listing.tags.all()]
    return _document(
        title=f"{listing.title_th}\n\n{listing.title_en}",
        tags="\n\n".join(
            [
                *tags,
                _names(category, category.parent if category else None),
                KIND_WORDS.get(listing.kind, listing.kind),
            ]
        ),
        place=_community_place(listing.community),
        body=f"{listing.description_th}\n\n{listing.description_en}\n\n{listing.materials}",
    )


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


def _vocabulary_terms(doc: dict[str, str]) -> set[str]:
    """Words worth correcting towards: Thai words and syllables of two letters or more (ซิ่น inside
    ผ้าซิ่นตีนจก), other words of three."""
    tokens = set(
        " ".join(doc[column] for column in ("title", "tags", "place", "body", "title_sub", "other_sub")).split()
    )
    return {
        token[:64]
        for token in tokens
        if len(token) >= 3 or (len(token) == 2 and text.is_thai(token))
        if not token.isdigit()
    }


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


def index_listing(listing: Listing) -> None:
    """Index a published listing of a published community; remove any other."""
    if listing.pk is None:
        return
    if not _is_public(listing):
        backend.delete_documents("listing", [listing.pk])
        return
    fresh = listings_for_index().filter(pk=listing.pk).first()
    if fresh is None:
        backend.delete_documents("listing", [listing.pk])
        return
    doc = listing_document(fresh)
    backend.write_documents("listing", [(fresh.pk, doc)])
    add_terms(_vocabulary_terms(doc))


def index_community(community: Community, *, with_listings: bool = True) -> None:
    """Index a community (published ones only) and, as their place fields change with it, its
    listings."""
    if community.is_published:
        fresh = communities_for_index().get(pk=community.pk)
        doc = community_document(fresh)
        backend.write_documents("community", [(community.pk, doc)])
        add_terms(_vocabulary_terms(doc))
    else:
        backend.delete_documents("community", [community.pk])
    if with_listings:
        listings = list(listings_for_index().filter(community=community))
        public = [(listing.pk, listing_document(listing)) for listing in listings if _is_public(listing)]
        backend.write_documents("listing", public)
        backend.delete_documents("listing", [listing.pk for listing in listings if not _is_public(listing)])
        for _pk, doc in public:
            add_terms(_vocabulary_terms(doc))


def remove_community(community_id: int) -> None:
    backend.delete_documents("community", [community_id])


@transaction.atomic
def reindex(*, batch_size: int = 1000, progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Rebuild both indexes and the vocabulary from scratch. `progress(done, total)` is called
    after each batch."""
    for index in backend.INDEXES:
        backend.clear(index)
    TermKey.objects.all().delete()
    known: set[str] = set()

    communities = list(communities_for_index().filter(is_published=True))
    listings = listings_for_index().filter(status=Status.PUBLISHED, community__is_published=True).order_by("pk")
    total = len(communities) + listings.count()
    done = 0
    for start in range(0, len(communities), batch_size):
        batch = [(c.pk, community_document(c)) for c in communities[start : start + batch_size]]
        backend.write_documents("community", batch)
        add_terms(set().union(*(_vocabulary_terms(doc) for _pk, doc in batch)), known=known)
        done += len(batch)
        if progress:
            progress(done, total)

    last_pk = 0
    while True:
        page = list(listings.filter(pk__gt=last_pk)[:batch_size])
        if not page:
            break
        last_pk = page[-1].pk
        batch = [(listing.pk, listing_document(listing)) for listing in page]
        backend.write_documents("listing", batch)
        add_terms(set().union(*(_vocabulary_terms(doc) for _pk, doc in batch)), known=known)
        done += len(batch)
        if progress:
            progress(done, total)
    for index in backend.INDEXES:
        backend.optimize(index)
    return {"communities": len(communities), "listings": done - len(communities), "terms": len(known)}
