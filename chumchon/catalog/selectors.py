"""Reads of the catalog: what sellers may edit, what officers review, what buyers browse."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, Field, Model, QuerySet
from django.db.models.base import ModelState
from django.http import Http404

from chumchon.accounts.models import User
from chumchon.catalog.models import Category, Listing, ListingQuerySet, Photo, Status, Tag, Theme
from chumchon.core.db import read_rows
from chumchon.places.models import Community, District, Province

M = TypeVar("M", bound=Model)


def communities_run_by(user: User) -> QuerySet[Community]:
    """Communities whose organisation the person belongs to: where they may list things."""
    return (
        Community.objects.filter(organisation__memberships__user=user).select_related("district", "province").distinct()
    )


def listings_editable_by(user: User) -> ListingQuerySet:
    """Listings the person may edit: their organisations' communities' listings; officers, every one."""
    if user.is_staff:
        return Listing.objects.all()
    return Listing.objects.editable_by(user).distinct()


def listing_for_editor(*, user: User, pk: int) -> Listing:
    """A listing the person may edit (a member of the community's organisation, or an officer), else 404."""
    listing = listings_editable_by(user).select_related("community", "category").filter(pk=pk).first()
    if listing is None:
        raise Http404
    return listing


def may_list_for(user: User, community: Community) -> bool:
    """Whether the person may add listings to the community: a member of the organisation that
    runs it, or an officer."""
    return user.is_staff or communities_run_by(user).filter(pk=community.pk).exists()


def listings_of_seller(user: User) -> QuerySet[Listing]:
    return Listing.objects.editable_by(user).for_cards().order_by("-updated_at").distinct()


def review_queue() -> QuerySet[Listing]:
    return Listing.objects.filter(status=Status.PENDING).for_cards().order_by("submitted_at", "id")


def published_listings() -> QuerySet[Listing]:
    """What buyers may see: published listings of published communities, ready for cards."""
    return Listing.objects.published().for_cards()


def card_listings() -> QuerySet[Listing]:
    """Published listings with what a card in a list shows (browse and search results): its
    community and district (the card's place, the map, the distance) and photos. `for_cards()`
    also joins the province, subdistrict, organisation and category, which no card in a list shows:
    on PostgreSQL, planning that seven-table query took 10-20 ms of a browse page whose rows took
    1-2 ms to read (`EXPLAIN ANALYZE`, 100,000 listings), and each row built 7 model instances
    instead of 3."""
    return published_listings().select_related(None).select_related("community__district")


def top_categories(limit: int = 6) -> list[Category]:
    """The top-level categories holding the most published listings (their subcategories'
    included, as the category filter counts them), each with `.count`; empty ones left out."""
    held = dict(
        Listing.objects.published()
        .order_by()
        .values("category_id")
        .annotate(n=Count("pk"))
        .values_list("category_id", "n")
    )
    categories = list(Category.objects.all())
    parent_of = {category.pk: category.parent_id or category.pk for category in categories}
    totals: dict[int, int] = {}
    for category_id, n in held.items():
        if category_id is not None:
            top = parent_of[category_id]
            totals[top] = totals.get(top, 0) + n
    tops = [category for category in categories if category.parent_id is None and totals.get(category.pk)]
    for category in tops:
        category.count = totals[category.pk]  # type: ignore[attr-defined]
    tops.sort(key=lambda category: (-category.count, category.position, category.name_th))  # type: ignore[attr-defined]
    return tops[:limit]


def listings_visible_to(user: Any) -> ListingQuerySet:
    """Published listings (of published communities) for anyone; a seller's own listings in every
    status; every listing for officers."""
    if getattr(user, "is_staff", False):
        return Listing.objects.all()
    if getattr(user, "is_authenticated", False):
        return (Listing.objects.published() | Listing.objects.editable_by(user)).distinct()
    return Listing.objects.published()


def listing_for_viewer(*, user: Any, pk: int) -> Listing:
    """A published listing for anyone; an unpublished one only for its sellers and officers (else 404)."""
    listing = listings_visible_to(user).for_cards().filter(pk=pk).first()
    if listing is None:
        raise Http404
    return listing


def listing_page_context(listing: Listing) -> dict[str, Any]:
    """Everything the listing page (and the officer's preview) shows, in a fixed number of queries."""
    from django.utils import timezone

    from chumchon.catalog.seo import listing_json_ld
    from chumchon.core.promptpay import promptpay_qr_svg

    community = listing.community
    stops = list(listing.stops.select_related("community", "listing__community").order_by("position"))
    organisation = community.organisation
    promptpay_svg = ""
    if organisation is not None and organisation.promptpay_id:
        try:
            promptpay_svg = promptpay_qr_svg(organisation.promptpay_id, title="PromptPay")
        except ValidationError:
            promptpay_svg = ""
    map_points = [
        {"lat": float(place.latitude), "lon": float(place.longitude), "label": place.name, "n": number}
        for number, place in enumerate((stop.place for stop in stops), start=1)
        if place.latitude is not None and place.longitude is not None
    ]
    return {
        "listing": listing,
        "community": community,
        "photos": list(listing.photos.all()),
        "sessions": list(listing.sessions.filter(starts_at__gte=timezone.now()).order_by("starts_at")[:20]),
        "stops": stops,
        "map_points": map_points,
        "themes": list(listing.themes.all()),
        "tags": list(listing.tags.all()),
        "promptpay_svg": promptpay_svg,
        "promptpay_organisation": organisation,
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "json_ld": listing_json_ld(listing, stops=stops),
        "more_from_community": list(
            Listing.objects.published().for_cards().filter(community=community).exclude(pk=listing.pk)[:4]
        ),
    }


# --- The listings API's page ---------------------------------------------------------------------

# What the API shows of a listing, its community, places, category, photos, tags and themes (see
# catalog.api), by attribute name.
_SHOWN: dict[type[Model], set[str]] = {
    Listing: {
        "id", "community_id", "category_id", "external_id", "kind", "status", "title_th", "title_en",
        "description_th", "description_en", "price", "price_unit", "wholesale_price", "min_order_qty",
        "lead_time_days", "stock", "materials", "size", "weight_grams", "duration_minutes", "capacity", "languages",
        "accessibility_notes", "published_at", "updated_at",
    },
    Community: {"id", "slug", "external_id", "name_th", "name_en", "province_id", "district_id"},
    Province: {"id", "name_th", "name_en"},
    District: {"id", "name_th", "name_en"},
    Category: {"id", "slug"},
    Photo: {"id", "listing_id", "image", "width", "height", "position", "alt_th", "alt_en", "renditions"},
    Tag: {"id", "name"},
    Theme: {"id", "slug", "name_th"},
}  # fmt: skip


@dataclass(frozen=True)
class _Page:
    """listing_page's statements (with a `{keys}` slot) and, per model, the fields its columns hold
    in the models' own order (Model.from_db reads them so)."""

    listings: str
    photos: str
    tags: str
    themes: str
    fields: dict[type[Model], list[Field[Any, Any]]]

    def names(self, model: type[Model]) -> list[str]:
        return [field.attname for field in self.fields[model]]


def listing_page(keys: Sequence[int]) -> list[Listing]:
    """The listings `keys` (a page of the API's list, already narrowed to what the person may see)
    in that order, with their community, province, district, category, photos, tags and themes,
    in four plain statements (`core.db.read_rows`).

    Through the ORM (select_related and three prefetches) a page of 20 cost 7.5 ms of CPU on
    PostgreSQL at 100,000 listings, most of it building the queries and some 150 model instances;
    these cost under 1 ms and give the same page (catalog/tests/test_api.py pins the two)."""
    keys = [int(key) for key in keys]
    if not keys:
        return []
    listed = ", ".join(map(str, keys))
    page = _listing_page_sql()
    alias = connection.alias

    def related(sql: str, model: type[Model]) -> dict[int, list[Any]]:
        out: dict[int, list[Any]] = {}
        names = page.names(model)
        for listing_id, *values in read_rows(sql.format(keys=listed), [], [Photo._meta.pk, *page.fields[model]]):
            out.setdefault(listing_id, []).append(_loaded(model, alias, names, values))
        return out

    photos, tags, themes = related(page.photos, Photo), related(page.tags, Tag), related(page.themes, Theme)
    models: tuple[type[Model], ...] = (Listing, Community, Province, District, Category)
    names = {model: page.names(model) for model in models}
    shared: dict[tuple[type[Model], Any], Any] = {}  # the same place or category for the whole page

    def instance(model: type[Model], values: list[Any]) -> Any:
        if model is Listing or model is Community:
            return _loaded(model, alias, names[model], values)
        found = shared.get((model, values[0]))
        if found is None:
            found = shared[(model, values[0])] = _loaded(model, alias, names[model], values)
        return found

    every = [field for model in models for field in page.fields[model]]
    by_key: dict[int, Listing] = {}
    for row in read_rows(page.listings.format(keys=listed), [], every):
        parts: dict[type[Model], list[Any]] = {}
        start = 0
        for model in models:
            parts[model] = row[start : start + len(names[model])]
            start += len(names[model])
        listing = instance(Listing, parts[Listing])
        community = instance(Community, parts[Community])
        community.province = instance(Province, parts[Province])
        community.district = instance(District, parts[District])
        listing.community = community
        listing.category = None if parts[Category][0] is None else instance(Category, parts[Category])
        listing.page_photos = photos.get(listing.pk, [])
        listing.page_tags = tags.get(listing.pk, [])
        listing.page_themes = themes.get(listing.pk, [])
        by_key[listing.pk] = listing
    return [by_key[key] for key in keys if key in by_key]


def _loaded(model: type[M], alias: str, names: list[str], values: list[Any]) -> M:
    """`model.from_db(alias, names, values)` without Model.__init__: the values set as the ORM sets
    them, the fields not read deferred (read from the database if ever asked for, as with `only()`),
    no pre_init/post_init signal (what they do, an image's dimensions, is read here already).
    A page's 100 instances through __init__ were a third of listing_page's time."""
    instance = model.__new__(model)
    instance.__dict__.update(zip(names, values, strict=True))
    instance._state = ModelState()
    instance._state.adding = False
    instance._state.db = alias
    return instance


@cache
def _listing_page_sql() -> _Page:
    """listing_page's statements, written from the models' table and column names."""
    quote = connection.ops.quote_name
    fields = {
        model: [field for field in model._meta.concrete_fields if field.attname in shown]
        for model, shown in _SHOWN.items()
    }
    aliases = {Listing: "l", Community: "c", Province: "p", District: "d", Category: "k", Photo: "ph", Tag: "t", Theme: "t"}  # fmt: skip

    def column(meta: Any, name: str) -> str:
        return quote(str(meta.get_field(name).column))

    def table(model: type[Model]) -> str:
        return f"{quote(model._meta.db_table)} {aliases[model]}"

    def columns(*models: type[Model]) -> str:
        return ", ".join(f"{aliases[model]}.{quote(str(field.column))}" for model in models for field in fields[model])

    def join(model: type[Model], to: type[Model], name: str, kind: str = "JOIN") -> str:
        key = f"{aliases[model]}.{column(model._meta, name)}"
        return f"{kind} {table(to)} ON {aliases[to]}.{column(to._meta, 'id')} = {key}"

    def through(name: str, target: type[Model], order: str) -> str:
        meta = Listing._meta.get_field(name).remote_field.through._meta  # type: ignore[union-attr]
        listing, other = column(meta, "listing"), column(meta, str(target._meta.model_name))
        return (
            f"SELECT x.{listing}, {columns(target)} FROM {quote(meta.db_table)} x "  # noqa: S608 (names from the models, keys by int())
            f"JOIN {table(target)} ON t.{column(target._meta, 'id')} = x.{other} "
            f"WHERE x.{listing} IN ({{keys}}) ORDER BY {order}"
        )

    photo_listing = column(Photo._meta, "listing")
    return _Page(
        listings=(
            f"SELECT {columns(Listing, Community, Province, District, Category)} FROM {table(Listing)} "  # noqa: S608 (names from the models, keys by int())
            f"{join(Listing, Community, 'community')} {join(Community, Province, 'province')} "
            f"{join(Community, District, 'district')} {join(Listing, Category, 'category', 'LEFT JOIN')} "
            f"WHERE l.{column(Listing._meta, 'id')} IN ({{keys}})"
        ),
        # In the order of the models' Meta.ordering, as the ORM's prefetches read them.
        photos=(
            f"SELECT ph.{photo_listing}, {columns(Photo)} FROM {table(Photo)} "  # noqa: S608 (names from the models, keys by int())
            f"WHERE ph.{photo_listing} IN ({{keys}}) ORDER BY ph.{column(Photo._meta, 'position')}, ph.{column(Photo._meta, 'id')}"
        ),
        tags=through("tags", Tag, "t.name, t.id"),
        themes=through("themes", Theme, "t.name_th, t.id"),
        fields=fields,
    )
