"""Every write to the catalog: listings, their approval, photos, sessions, route stops and tags."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from chumchon.accounts.models import User
from chumchon.accounts.services import audit_record
from chumchon.catalog.models import Category, Kind, Listing, Photo, RouteStop, Session, Status, Tag
from chumchon.core.images import clean_uploaded_image
from chumchon.notifications.models import Event
from chumchon.notifications.notifier import notify
from chumchon.places.models import Community

logger = logging.getLogger(__name__)

LISTING_FIELDS = {
    "title_th", "title_en", "description_th", "description_en", "category", "price", "price_unit",
    "wholesale_price", "min_order_qty", "lead_time_days", "stock", "materials", "size", "weight_grams",
    "duration_minutes", "capacity", "languages", "accessibility_notes", "external_id",
}  # fmt: skip

# Changing only these keeps a published listing published: sellers update prices and stock often,
# and a buyer is better served by the current price than by a listing hidden for review.
QUICK_FIELDS = {"price", "wholesale_price", "stock", "min_order_qty", "lead_time_days"}

MAX_PHOTOS = 12


def _snapshot(listing: Listing) -> dict[str, Any]:
    return {field: str(getattr(listing, field)) for field in sorted(LISTING_FIELDS | {"status", "rejection_reason"})}


def _clean(listing: Listing) -> None:
    listing.full_clean(exclude=["community", "created_by", "category"])


def listing_changed(listing: Listing) -> None:
    """Tell the rest of the platform a listing changed (the search index listens here)."""
    from chumchon.catalog.signals import listing_saved

    listing_saved.send(sender=Listing, listing=listing)


@transaction.atomic
def listing_create(
    *,
    community: Community,
    kind: str,
    by: User | None,
    themes: Iterable[Any] = (),
    tags: Iterable[str] = (),
    **fields: Any,
) -> Listing:
    """A new draft listing for a community."""
    unknown = set(fields) - LISTING_FIELDS
    if unknown:
        raise ValueError(f"unknown listing fields: {sorted(unknown)}")
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose product, experience or route.")})
    listing = Listing(community=community, kind=kind, created_by=by, status=Status.DRAFT, **fields)
    _clean(listing)
    listing.save()
    listing.themes.set(list(themes))
    listing_set_tags(listing=listing, names=tags)
    listing_changed(listing)
    return listing


@transaction.atomic
def listing_update(
    *,
    listing: Listing,
    by: User | None,
    themes: Iterable[Any] | None = None,
    tags: Iterable[str] | None = None,
    **changes: Any,
) -> Listing:
    """Change a listing; substantive changes to a published one send it back for approval."""
    unknown = set(changes) - LISTING_FIELDS
    if unknown:
        raise ValueError(f"unknown listing fields: {sorted(unknown)}")
    changed = {key for key, value in changes.items() if getattr(listing, key) != value}
    before = _snapshot(listing)
    for key, value in changes.items():
        setattr(listing, key, value)
    if themes is not None:
        new_themes = {theme.pk for theme in themes}
        if new_themes != set(listing.themes.values_list("pk", flat=True)):
            changed.add("themes")
            listing.themes.set(list(new_themes))
    if tags is not None:
        new_tags = [name.strip() for name in tags if name.strip()]  # a list: the first spelling wins
        if set(new_tags) != set(listing.tags.values_list("name", flat=True)):
            changed.add("tags")
            listing_set_tags(listing=listing, names=new_tags)
    _clean(listing)
    is_officer = by is not None and by.is_staff
    if listing.status == Status.PUBLISHED and changed - QUICK_FIELDS and not is_officer:
        listing.status = Status.PENDING
        listing.submitted_at = timezone.now()
    elif listing.status == Status.REJECTED and changed:
        listing.status = Status.DRAFT
    listing.save()
    if is_officer:
        audit_record(
            actor=by,
            action="listing.update",
            obj=listing,
            summary=listing.title_th,
            before=before,
            after=_snapshot(listing),
        )
    listing_changed(listing)
    return listing


def listing_set_tags(*, listing: Listing, names: Iterable[str]) -> None:
    cleaned: list[str] = []
    for name in names:
        name = " ".join(name.split())[:60]
        if name and name.casefold() not in {n.casefold() for n in cleaned}:
            cleaned.append(name)

    # Whatever the number of tags: one query for those that exist (any case), one to add the rest.
    def existing() -> dict[str, Tag]:
        found = Tag.objects.annotate(folded=Lower("name")).filter(
            Q(name__in=cleaned) | Q(folded__in=[n.lower() for n in cleaned])
        )
        return {tag.name.lower(): tag for tag in found.order_by("-pk")}  # the oldest wins a case tie

    tags = existing() if cleaned else {}
    missing = [name for name in cleaned if name.lower() not in tags]
    if missing:
        Tag.objects.bulk_create([Tag(name=name) for name in missing], ignore_conflicts=True)  # a racing add is fine
        tags = existing()
    listing.tags.set([tags[name.lower()] for name in cleaned if name.lower() in tags])


@transaction.atomic
def listing_submit(*, listing: Listing, by: User) -> Listing:
    """Ask the officers to approve a draft (or a rejected listing the seller has answered)."""
    if listing.status not in (Status.DRAFT, Status.REJECTED):
        raise ValidationError(_("Only a draft or a rejected listing can be sent for approval."))
    if not listing.title_th.strip():
        raise ValidationError(_("Give the listing a Thai title before sending it for approval."))
    listing.status = Status.PENDING
    listing.submitted_at = timezone.now()
    listing.save(update_fields=["status", "submitted_at", "updated_at"])
    listing_changed(listing)
    return listing


def _require_officer(by: User) -> None:
    if not by.is_staff:
        raise PermissionError("only officers review listings")


def _tell_sellers(listing: Listing, *, by: User, what: str) -> None:
    """Whoever created the listing and the members of the organisation that runs its community."""
    sellers = User.objects.filter(
        Q(pk=listing.created_by_id) | Q(memberships__organisation__communities=listing.community_id)
    ).distinct()
    notify(event=Event.LISTINGS, recipients=sellers, actor=by, detail=f"{what}:{listing.pk}")


@transaction.atomic
def listing_approve(*, listing: Listing, by: User) -> Listing:
    _require_officer(by)
    if listing.status != Status.PENDING:
        raise ValidationError(_("Only a listing waiting for approval can be approved."))
    before = _snapshot(listing)
    listing.status = Status.PUBLISHED
    listing.rejection_reason = ""
    listing.published_at = listing.published_at or timezone.now()
    listing.save(update_fields=["status", "rejection_reason", "published_at", "updated_at"])
    audit_record(
        actor=by,
        action="listing.approve",
        obj=listing,
        summary=listing.title_th,
        before=before,
        after=_snapshot(listing),
    )
    listing_changed(listing)
    _tell_sellers(listing, by=by, what="approved")
    return listing


@transaction.atomic
def listing_reject(*, listing: Listing, by: User, reason: str) -> Listing:
    _require_officer(by)
    if listing.status != Status.PENDING:
        raise ValidationError(_("Only a listing waiting for approval can be rejected."))
    if not reason.strip():
        raise ValidationError({"reason": _("Tell the seller why, so that they can fix it.")})
    before = _snapshot(listing)
    listing.status = Status.REJECTED
    listing.rejection_reason = reason.strip()
    listing.save(update_fields=["status", "rejection_reason", "updated_at"])
    audit_record(
        actor=by, action="listing.reject", obj=listing, summary=reason[:300], before=before, after=_snapshot(listing)
    )
    listing_changed(listing)
    _tell_sellers(listing, by=by, what="rejected")
    return listing


@transaction.atomic
def listing_unpublish(*, listing: Listing, by: User, reason: str = "") -> Listing:
    _require_officer(by)
    if listing.status != Status.PUBLISHED:
        raise ValidationError(_("This listing is not published."))
    before = _snapshot(listing)
    listing.status = Status.REJECTED if reason.strip() else Status.DRAFT
    listing.rejection_reason = reason.strip()
    listing.save(update_fields=["status", "rejection_reason", "updated_at"])
    audit_record(
        actor=by, action="listing.unpublish", obj=listing, summary=reason[:300], before=before, after=_snapshot(listing)
    )
    listing_changed(listing)
    _tell_sellers(listing, by=by, what="unpublished")
    return listing


@transaction.atomic
def listing_publish_directly(*, listing: Listing, by: User | None) -> Listing:
    """Publish without review: for officers' imports (`import_listings --publish`)."""
    listing.status = Status.PUBLISHED
    listing.rejection_reason = ""
    listing.published_at = listing.published_at or timezone.now()
    listing.save(update_fields=["status", "rejection_reason", "published_at", "updated_at"])
    if by is not None:
        audit_record(actor=by, action="listing.publish", obj=listing, summary=listing.title_th)
    listing_changed(listing)
    return listing


@transaction.atomic
def listing_delete(*, listing: Listing, by: User) -> None:
    if by.is_staff:
        audit_record(
            actor=by, action="listing.delete", obj=listing, summary=listing.title_th, before=_snapshot(listing)
        )
    listing.status = Status.DRAFT  # so that listeners drop it from public indexes
    listing_changed(listing)
    for photo in listing.photos.all():
        photo_delete(photo=photo)
    listing.delete()


# --- Photos ------------------------------------------------------------------------------------


@transaction.atomic
def photo_add(*, listing: Listing, upload: IO[bytes], alt_th: str = "", alt_en: str = "") -> Photo:
    """Store a cleaned photo (EXIF stripped) and have its renditions made."""
    if listing.photos.count() >= MAX_PHOTOS:
        raise ValidationError(_("A listing can have at most %(count)d photos.") % {"count": MAX_PHOTOS})
    clean = clean_uploaded_image(upload, name=f"listing-{listing.pk}")
    position = (listing.photos.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    photo = Photo(listing=listing, position=position, alt_th=alt_th, alt_en=alt_en)
    photo.image.save(clean.content.name or "photo.jpg", clean.content, save=False)
    photo.save()
    from chumchon.catalog.tasks import make_photo_renditions

    def enqueue() -> None:
        # The photo is saved and shown as it is until its renditions exist: a queue that cannot be
        # reached is logged, never turned into an error page.
        try:
            make_photo_renditions.enqueue(photo.pk)
        except Exception:
            logger.exception("Could not queue the renditions of photo %s", photo.pk)

    transaction.on_commit(enqueue, robust=True)  # saved: a queue that fails is logged, not a 500
    return photo


def photo_make_renditions(*, photo: Photo) -> Photo:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from chumchon.core.images import make_renditions

    with photo.image.open("rb") as source:
        renditions = make_renditions(source)
    stored: dict[str, str] = {}
    base = (photo.image.name or "photo").rsplit(".", 1)[0]
    for width, data in renditions.items():
        stored[str(width)] = default_storage.save(f"{base}-{width}w.webp", ContentFile(data))
    for old in photo.renditions.values():
        default_storage.delete(old)
    photo.renditions = stored
    photo.save(update_fields=["renditions"])
    return photo


@transaction.atomic
def photo_move(*, photo: Photo, offset: int) -> None:
    """Move a photo earlier (-1) or later (+1); the first photo is the cover."""
    photos = list(photo.listing.photos.order_by("position", "id"))
    index = photos.index(photo)
    target = max(0, min(len(photos) - 1, index + offset))
    photos.insert(target, photos.pop(index))
    for position, item in enumerate(photos, start=1):
        if item.position != position:
            Photo.objects.filter(pk=item.pk).update(position=position)


def photo_delete(*, photo: Photo) -> None:
    from django.core.files.storage import default_storage

    for name in photo.renditions.values():
        default_storage.delete(name)
    photo.image.delete(save=False)
    photo.delete()


# --- Sessions ----------------------------------------------------------------------------------


@transaction.atomic
def session_create(*, listing: Listing, starts_at: Any, seats_total: int, ends_at: Any = None) -> Session:
    if listing.kind not in (Kind.EXPERIENCE, Kind.ROUTE):
        raise ValidationError(_("Only experiences and routes have dated sessions."))
    # Said on the field, in the seller's language (the database constraints would only name themselves).
    errors: dict[str, str] = {}
    if ends_at is not None and ends_at <= starts_at:
        errors["ends_at"] = _("The session must end after it starts.")
    if listing.sessions.filter(starts_at=starts_at).exists():
        errors["starts_at"] = _("There is already a session at this time.")
    if listing.capacity is not None and seats_total > listing.capacity:
        errors["seats_total"] = _("At most %(capacity)d seats: the experience takes %(capacity)d people.") % {
            "capacity": listing.capacity
        }
    if errors:
        raise ValidationError(errors)
    session = Session(listing=listing, starts_at=starts_at, ends_at=ends_at, seats_total=seats_total)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def session_delete(*, session: Session) -> None:
    if session.seats_taken:
        raise ValidationError(_("People have booked this session: contact them before removing it."))
    session.delete()


def session_take_seats(*, session: Session, seats: int) -> Session:
    """Take seats in one conditional UPDATE, so that two buyers can never both get the last seat."""
    if seats < 1:
        raise ValidationError(_("Book at least one seat."))
    updated = Session.objects.filter(pk=session.pk, seats_taken__lte=F("seats_total") - seats).update(
        seats_taken=F("seats_taken") + seats
    )
    if not updated:
        session.refresh_from_db()
        raise ValidationError(
            _("Only %(left)d seat(s) left in this session.") % {"left": session.seats_left}, code="sold_out"
        )
    session.refresh_from_db()
    return session


def session_release_seats(*, session: Session, seats: int) -> Session:
    Session.objects.filter(pk=session.pk, seats_taken__gte=seats).update(seats_taken=F("seats_taken") - seats)
    session.refresh_from_db()
    return session


# --- Route stops -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StopSpec:
    """One stop as a form or an import gives it: a community or a listing, a day and a time note."""

    community: Community | None = None
    listing: Listing | None = None
    day: int = 1
    time_note_th: str = ""
    time_note_en: str = ""


@transaction.atomic
def route_set_stops(*, route: Listing, stops: Sequence[StopSpec]) -> list[RouteStop]:
    if route.kind != Kind.ROUTE:
        raise ValidationError(_("Only routes have stops."))
    for number, stop in enumerate(stops, start=1):
        if (stop.community is None) == (stop.listing is None):
            raise ValidationError(_("Stop %(number)d needs a community or a listing.") % {"number": number})
        if stop.listing is not None and stop.listing.pk == route.pk:
            raise ValidationError(_("A route cannot be a stop of itself."))
    route.stops.all().delete()
    created = RouteStop.objects.bulk_create(
        [
            RouteStop(route=route, position=number, community=stop.community, listing=stop.listing, day=stop.day,
                      time_note_th=stop.time_note_th, time_note_en=stop.time_note_en)
            for number, stop in enumerate(stops, start=1)
        ]
    )  # fmt: skip
    listing_changed(route)
    return created


def _category_slug(name: str) -> str:
    """A new category's slug: its name in Latin letters (Thai romanised), unused."""
    base = slugify(name)
    if not base:
        try:
            from pythainlp.transliterate import romanize

            base = slugify(romanize(name))
        except Exception:  # romanisation is a nicety; a numbered slug will do
            base = ""
    base = (base or "category")[:40].strip("-") or "category"
    slug, number = base, 2
    while Category.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def category_create(*, name: str, by: User | None) -> Category:
    """A new top-level category named as an import file's label names it (officers only; `by` None
    is the command line). The label is kept as an alias, so the next file with it matches."""
    if by is not None and not by.is_staff:
        raise PermissionDenied(_("Only officers can create categories."))
    name = " ".join(name.split())[:200]
    if not name:
        raise ValidationError(_("A category needs a name."))
    thai = any("\u0e00" <= char <= "\u0e7f" for char in name)
    position = (
        Category.objects.filter(parent=None).order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    category = Category.objects.create(
        slug=_category_slug(name),
        name_th=name,
        name_en="" if thai else name,
        parent=None,
        position=position,
        aliases=[name],
    )
    if by is not None:
        audit_record(actor=by, action="catalog.category_create", obj=category, summary=f"{category.slug}: {name}")
    return category
