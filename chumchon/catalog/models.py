"""Listings (products, experiences, routes) with their photos, sessions, stops and taxonomy."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from chumchon.accounts.models import User
from chumchon.core.fields import SortKeyField
from chumchon.places.models import BilingualName, Community

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class Category(BilingualName):
    """A node of the curated bilingual category tree (textiles › ผ้าซิ่นตีนจก…)."""

    slug = models.SlugField(_("slug"), unique=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    aliases = models.JSONField(
        _("other names"),
        default=list,
        blank=True,
        help_text=_("Other names an import file may use for this category, in Thai or English (a list)."),
    )

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name_th"]


class Theme(BilingualName):
    """A creative theme shared with the creative-cities programme (crafts and folk art, music…)."""

    slug = models.SlugField(_("slug"), unique=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name_th"]


class Tag(models.Model):
    """A free tag, in Thai or English, as sellers and officers write them."""

    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Kind(models.TextChoices):
    PRODUCT = "product", _("Product")
    EXPERIENCE = "experience", _("Experience")
    ROUTE = "route", _("Route")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Waiting for approval")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


class PriceUnit(models.TextChoices):
    PIECE = "piece", _("per piece")
    SET = "set", _("per set")
    KG = "kg", _("per kg")
    PERSON = "person", _("per person")
    GROUP = "group", _("per group")
    NIGHT = "night", _("per night")


def choice_label(choices: type[models.TextChoices], value: str) -> str:
    """What get_FOO_display() gives (the label of `value`, else `value` itself), by one lookup: Django's
    builds a dict of every choice, translating each label, at each call (a card calls two, and a
    page of 20 cards spent some 2 ms there)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class ListingQuerySet(models.QuerySet["Listing"]):
    def published(self) -> ListingQuerySet:
        return self.filter(status=Status.PUBLISHED, community__is_published=True)

    def for_cards(self) -> ListingQuerySet:
        """What a listing card shows: community and places, category, and the first photo."""
        return self.select_related(
            "community",
            "community__province",
            "community__district",
            "community__subdistrict",
            "community__organisation",
            "category",
        ).prefetch_related(models.Prefetch("photos", queryset=Photo.objects.order_by("position", "id")))

    def bulk_create(self, objs: Iterable[Listing], *args: Any, **kwargs: Any) -> list[Listing]:  # type: ignore[override]
        """As QuerySet.bulk_create, with the listings' name keys filled in (no save() runs)."""
        listings = list(objs)
        for listing in listings:
            listing.fill_sort_names()
        created: list[Listing] = super().bulk_create(listings, *args, **kwargs)  # type: ignore[arg-type,assignment]
        return created

    def editable_by(self, user: User) -> ListingQuerySet:
        """Listings of communities run by an organisation the person belongs to."""
        return self.filter(community__organisation__memberships__user=user)


class Listing(models.Model):
    """Something a community offers: a product, an experience or a route."""

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="listings", verbose_name=_("community")
    )
    external_id = models.CharField(_("external id"), max_length=64, unique=True, null=True, blank=True)
    title_th = models.CharField(_("title (Thai)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_th = models.TextField(_("description (Thai)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="listings", verbose_name=_("category")
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="listings", verbose_name=_("themes"))
    tags = models.ManyToManyField(Tag, blank=True, related_name="listings", verbose_name=_("tags"))
    price = models.DecimalField(_("price (THB)"), null=True, blank=True, **MONEY)  # type: ignore[arg-type]
    price_unit = models.CharField(_("price unit"), max_length=16, choices=PriceUnit.choices, blank=True)

    # Products
    wholesale_price = models.DecimalField(_("wholesale price (THB)"), null=True, blank=True, **MONEY)  # type: ignore[arg-type]
    min_order_qty = models.PositiveIntegerField(_("minimum order"), null=True, blank=True)
    lead_time_days = models.PositiveIntegerField(_("lead time (days)"), null=True, blank=True)
    stock = models.PositiveIntegerField(_("stock"), null=True, blank=True)
    materials = models.CharField(_("materials"), max_length=300, blank=True)
    size = models.CharField(_("size"), max_length=120, blank=True)
    weight_grams = models.PositiveIntegerField(_("weight (g)"), null=True, blank=True)

    # Experiences and routes
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("capacity (persons)"), null=True, blank=True)
    languages = models.CharField(_("languages spoken"), max_length=120, blank=True, help_text=_("e.g. Thai, English"))
    accessibility_notes = models.TextField(_("accessibility notes"), blank=True)

    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The titles' Thai dictionary-order keys (the English one falls back to the Thai title), kept by
    # save() and bulk_create(): the browse page's "Name" order is read off an index.
    sort_name_th = SortKeyField()
    sort_name_en = SortKeyField()

    objects = ListingQuerySet.as_manager()

    class Meta:
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        ordering = ["-published_at", "-id"]
        # Browsing 100,000 listings: the newest published come straight off (status, published_at, id);
        # counts and place filters are covered by (status, community) and (status, category, community),
        # and each other browse filter alone by an index ending in the community (whose published
        # flag every count checks), so that a count reads the index alone: without one, counting
        # `?kind=product` read a table row per match (145 ms on SQLite) and `?capacity=` every row.
        indexes = [
            models.Index(fields=["status", "published_at", "id"], name="listing_browse_order"),
            models.Index(fields=["status", "community"], name="listing_status_community"),
            models.Index(fields=["status", "category", "community"], name="listing_status_category"),
            models.Index(fields=["status", "kind", "community"], name="listing_status_kind"),
            models.Index(fields=["community", "status"]),
            # The price filter's count (covering, to the community) and the price orders (price, id).
            models.Index(fields=["status", "price", "id", "community"], name="listing_status_price"),
            models.Index(fields=["status", "sort_name_th", "id"], name="listing_name_th_order"),
            models.Index(fields=["status", "sort_name_en", "id"], name="listing_name_en_order"),
            # The theme filter's count goes from the theme's links (their index on (theme, listing),
            # migration 0011) to each listing by id: this index answers "published, of which
            # community?" without reading the listing's row.
            models.Index(fields=["id", "status", "community"], name="listing_id_status_community"),
            models.Index(fields=["status", "capacity", "community"], name="listing_status_capacity"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(price__gte=0) | Q(price__isnull=True), name="listing_price_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(wholesale_price__gte=0) | Q(wholesale_price__isnull=True),
                name="listing_wholesale_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.fill_sort_names()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title_th", "title_en"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "sort_name_th", "sort_name_en"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("catalog:listing", kwargs={"pk": self.pk})

    # Django's own, by a lookup (see choice_label); django-stubs declares the generated methods.
    def get_kind_display(self) -> str:  # type: ignore[no-redef]
        return choice_label(Kind, self.kind)

    def get_price_unit_display(self) -> str:  # type: ignore[no-redef]
        return choice_label(PriceUnit, self.price_unit)

    def fill_sort_names(self) -> None:
        self.sort_name_th = SortKeyField.key_of(self.title_th)
        self.sort_name_en = SortKeyField.key_of(self.title_en or self.title_th)

    def get_edit_url(self) -> str:
        return reverse("catalog:edit", kwargs={"pk": self.pk})

    @property
    def title(self) -> str:
        if translation.get_language() == "en" and self.title_en:
            return self.title_en
        return self.title_th

    @property
    def description(self) -> str:
        if translation.get_language() == "en" and self.description_en:
            return self.description_en
        return self.description_th

    @property
    def is_thai_fallback(self) -> bool:
        """An English page showing Thai text because the English is missing."""
        return translation.get_language() == "en" and (
            not self.title_en or (bool(self.description_th) and not self.description_en)
        )

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def cover(self) -> Photo | None:
        photos = list(self.photos.all())
        return photos[0] if photos else None


def photo_path(instance: Photo, filename: str) -> str:
    """An unguessable storage name for a listing photo (its renditions take the same stem).

    MEDIA_ROOT is served publicly, and a draft listing's photos must not be found by trying addresses
    (`listings/2026/12/listing-41.jpg` could be); 128 random bits make the address a capability that
    only the pages showing the photo hand out."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"listings/{timezone.now():%Y/%m}/{secrets.token_urlsafe(16)}.{extension}"


class Photo(models.Model):
    """A listing photo as stored (EXIF stripped) with its WebP renditions."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=photo_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    alt_th = models.CharField(_("description of the photo (Thai)"), max_length=200, blank=True)
    alt_en = models.CharField(_("description of the photo (English)"), max_length=200, blank=True)
    renditions = models.JSONField(default=dict, blank=True, help_text="{width: storage name} of the WebP renditions")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.listing_id}:{self.position}"

    @property
    def alt(self) -> str:
        if translation.get_language() == "en" and self.alt_en:
            return self.alt_en
        return self.alt_th

    def rendition_urls(self) -> list[tuple[int, str]]:
        """(width, url) of the WebP renditions, narrowest first."""
        from django.core.files.storage import default_storage

        return sorted((int(width), default_storage.url(name)) for width, name in self.renditions.items())

    @property
    def srcset(self) -> str:
        """`url 320w, url 640w, …` of the WebP renditions (empty until the task has made them)."""
        return ", ".join(f"{url} {width}w" for width, url in self.rendition_urls())

    @property
    def url_for_card(self) -> str:
        return self.url_for(640)

    def url_for(self, width: int, renditions: list[tuple[int, str]] | None = None) -> str:
        """The smallest rendition at least `width` wide, else the largest, else the stored photo
        (`renditions`: those of rendition_urls() when the caller has them already)."""
        renditions = self.rendition_urls() if renditions is None else renditions
        for rendition_width, url in renditions:
            if rendition_width >= width:
                return url
        return renditions[-1][1] if renditions else self.image.url


class Session(models.Model):
    """A dated session of an experience, or a departure of a route, with its seats."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    seats_total = models.PositiveIntegerField(_("seats"))
    seats_taken = models.PositiveIntegerField(_("seats taken"), default=0)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]
        constraints = [
            # The database itself refuses an oversold session, whatever the code does.
            models.CheckConstraint(condition=Q(seats_taken__lte=F("seats_total")), name="session_not_oversold"),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.listing} @ {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def seats_left(self) -> int:
        return max(self.seats_total - self.seats_taken, 0)


class RouteStop(models.Model):
    """One stop of a route: a community or a listing, on a day, in order."""

    route = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="stops")
    position = models.PositiveSmallIntegerField(_("order"))
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    listing = models.ForeignKey(
        Listing, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("listing")
    )
    day = models.PositiveSmallIntegerField(
        _("day"), default=1, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    time_note_th = models.CharField(_("time note (Thai)"), max_length=120, blank=True)
    time_note_en = models.CharField(_("time note (English)"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("route stop")
        verbose_name_plural = _("route stops")
        ordering = ["position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(community__isnull=False) | Q(listing__isnull=False), name="route_stop_has_place"
            ),
            models.UniqueConstraint(fields=["route", "position"], name="route_stop_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.route_id} #{self.position}"

    @property
    def place(self) -> Community:
        """The community where this stop happens."""
        if self.listing is not None:
            return self.listing.community
        assert self.community is not None
        return self.community

    @property
    def time_note(self) -> str:
        if translation.get_language() == "en" and self.time_note_en:
            return self.time_note_en
        return self.time_note_th


# --- Imports (chumchon/catalog/imports/) -----------------------------------------------------------


class ImportKind(models.TextChoices):
    COMMUNITIES = "communities", _("Communities")
    LISTINGS = "listings", _("Listings")


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Checking the file")
    PREVIEW = "preview", _("Waiting for confirmation")
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Nothing imported")


def import_upload_to(instance: ImportJob, filename: str) -> str:
    """A random name: uploaded spreadsheets hold contact details and must not be guessable."""
    import uuid
    from pathlib import PurePath

    return f"imports/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:8]}"


class ImportJob(models.Model):
    """An officer's import of a spreadsheet of communities or listings, from preview to result."""

    kind = models.CharField(_("what the file holds"), max_length=16, choices=ImportKind.choices)
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PREVIEW)
    file = models.FileField(_("file"), upload_to=import_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    publish = models.BooleanField(_("publish at once"), default=False)
    skip_invalid = models.BooleanField(_("skip invalid rows"), default=False)
    language = models.CharField(_("language of the messages"), max_length=8, default="th")
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    skipped_count = models.PositiveIntegerField(_("skipped"), default=0)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    errors = models.JSONField(_("problems"), default=list, blank=True)
    preview = models.JSONField(_("preview"), default=list, blank=True)
    # Category labels of the file that name no category: [{"label", "rows", "suggestion"}], and
    # what the officer chose for them: {label: slug, or CREATE_CATEGORY to create one of that name}.
    unknown_categories = models.JSONField(_("unknown categories"), default=list, blank=True)
    category_choices = models.JSONField(_("categories chosen for labels"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("officer")
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("catalog_import:job", kwargs={"pk": self.pk})

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)

    @property
    def is_running(self) -> bool:
        """Checked or imported in the background now (or waiting for a worker to do so)."""
        return self.status in (ImportStatus.CHECKING, ImportStatus.QUEUED, ImportStatus.RUNNING)


class ImportUndo(models.Model):
    """One write of an import that is applied in short transactions (SQLite), kept until it ends.

    An import applied in one transaction is undone by rolling it back. On SQLite that transaction
    would hold the database's only write lock for minutes, so there the rows are written in short
    transactions and each one records here, in the same transaction, what it created or what the
    record was before it changed it. If a later part fails (or the worker dies), these entries undo
    the earlier parts, newest first; when the import ends well they are deleted
    (`chumchon.catalog.imports.applying`). `after` is the record as the import left it: an undo
    takes back only what still is as the import wrote it, and keeps what someone edited since.
    """

    CREATED = "created"
    CHANGED = "changed"
    STOPS = "stops"

    run = models.CharField(max_length=64, db_index=True)  # "job-<id>", or a random key on the command line
    action = models.CharField(max_length=16)  # CREATED, CHANGED (before: the record), STOPS (before: its stops)
    model = models.CharField(max_length=64)  # app_label.model_name
    object_id = models.BigIntegerField()
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)  # as `before`, once its row was written (None: older entries)

    class Meta:
        verbose_name = "import undo entry"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.run}: {self.action} {self.model} {self.object_id}"
