"""Applying a plan: in one transaction, through the places and catalog services."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from chumchon.accounts.models import User
from chumchon.catalog import services as catalog_services
from chumchon.catalog.imports.columns import COLUMN_OF_COMMUNITY_FIELD, COMMUNITIES
from chumchon.catalog.imports.errors import RowError
from chumchon.catalog.imports.labels import NewCategory
from chumchon.catalog.imports.planning import Action, ImportPlan, RowPlan
from chumchon.catalog.imports.references import _chunks
from chumchon.catalog.models import Category, Listing, RouteStop, Status
from chumchon.core.db import refresh_planner_statistics
from chumchon.places import invitations
from chumchon.places import services as places_services
from chumchon.places.models import Community


@dataclass
class ImportResult:
    """What an import did: the counts, and the problems of the rows it skipped (or of the whole file)."""

    written: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)


# An import writing this many rows ends by refreshing the planner's statistics of the tables it
# touched: without them PostgreSQL (whose autovacuum analyses only after a delay) served the browse
# and search pages 5-20 times slower after a large import.
LARGE_IMPORT_ROWS = 500
IMPORTED_TABLES = (
    "places_community",
    "catalog_listing",
    "catalog_listing_tags",
    "catalog_listing_themes",
    "catalog_routestop",
    "search_listingdocument",
    "search_communitydocument",
    "search_termkey",
)


class _Rollback(Exception):
    pass


Progress = Callable[[int, int], None]


def import_apply(
    plan: ImportPlan, *, by: User | None, skip_invalid: bool = False, progress: Progress | None = None
) -> ImportResult:
    """Apply a plan in one transaction: everything or, when any row fails, nothing.

    With `skip_invalid` the valid rows are written and the others reported. A problem with the file
    itself (unknown or missing columns, unreadable file) always stops the import.
    """
    if plan.blocked or (plan.errors and not skip_invalid):
        return ImportResult(written=False, errors=list(plan.errors))
    errors = list(plan.errors)
    skipped = set(plan.invalid_rows)
    applied: list[RowPlan] = []
    try:
        with transaction.atomic():
            if plan.kind == COMMUNITIES:
                _apply_communities(
                    plan, by=by, errors=errors, applied=applied, progress=progress, skip_invalid=skip_invalid
                )
            else:
                _apply_listings(
                    plan, by=by, errors=errors, applied=applied, progress=progress, skip_invalid=skip_invalid
                )
            if len(errors) > len(plan.errors) and not skip_invalid:
                raise _Rollback
    except _Rollback:
        return ImportResult(written=False, errors=sorted(errors, key=lambda error: error.row))
    failed = {error.row for error in errors[len(plan.errors) :]}
    done = [row_plan for row_plan in applied if row_plan.row not in failed]
    if sum(1 for row_plan in done if row_plan.action != Action.UNCHANGED) >= LARGE_IMPORT_ROWS:
        # After the search index has followed (its on_commit callbacks were registered first).
        transaction.on_commit(lambda: refresh_planner_statistics(IMPORTED_TABLES), robust=True)
    return ImportResult(
        written=True,
        created=sum(1 for row_plan in done if row_plan.action == Action.CREATE),
        updated=sum(1 for row_plan in done if row_plan.action == Action.UPDATE),
        unchanged=sum(1 for row_plan in done if row_plan.action == Action.UNCHANGED),
        skipped=len(skipped | failed),
        errors=sorted(errors, key=lambda error: error.row),
    )


def _validation_errors(row: int, exc: ValidationError, column_of: dict[str, str] | None = None) -> list[RowError]:
    column_of = column_of or {}
    if hasattr(exc, "error_dict"):
        return [
            RowError(row, column_of.get(name, name) if name != "__all__" else "", message)
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return [RowError(row, "", message) for message in exc.messages]


def _row_savepoint(skip_invalid: bool) -> AbstractContextManager[Any]:
    """A savepoint per row when the valid rows are kept; otherwise any failure undoes everything anyway."""
    return transaction.atomic() if skip_invalid else nullcontext()


def _apply_communities(
    plan: ImportPlan,
    *,
    by: User | None,
    errors: list[RowError],
    applied: list[RowPlan],
    progress: Progress | None,
    skip_invalid: bool,
) -> None:
    total = len(plan.rows)
    language = translation.get_language() or "th"
    for done, row_plan in enumerate(plan.rows, start=1):
        if row_plan.action != Action.UNCHANGED:
            try:
                with _row_savepoint(skip_invalid):
                    if row_plan.action == Action.CREATE:
                        community = places_services.community_create(by=by, **row_plan.fields)
                    else:
                        community = row_plan.instance
                        changes = {key: row_plan.fields[key] for key in row_plan.changes if key in row_plan.fields}
                        if changes:
                            community = places_services.community_update(community=community, by=by, **changes)
                    if row_plan.invite:
                        # Sent by a worker once the import's transaction commits; never twice.
                        invitations.community_invite(
                            community=community, email=row_plan.invite, by=by, language=language
                        )
            except ValidationError as exc:
                errors.extend(_validation_errors(row_plan.row, exc, COLUMN_OF_COMMUNITY_FIELD))
                continue
        applied.append(row_plan)
        if progress is not None:
            progress(done, total)


def _apply_listings(
    plan: ImportPlan,
    *,
    by: User | None,
    errors: list[RowError],
    applied: list[RowPlan],
    progress: Progress | None,
    skip_invalid: bool,
) -> None:
    total = len(plan.rows) + sum(1 for row_plan in plan.rows if row_plan.stops_changed)
    done = 0
    listings: dict[str, Listing] = {}
    _create_categories(plan, by=by)
    for row_plan in plan.rows:
        done += 1
        try:
            with _row_savepoint(skip_invalid):
                listing = _apply_listing(row_plan, by=by)
        except ValidationError as exc:
            errors.extend(_validation_errors(row_plan.row, exc))
            continue
        listings[row_plan.external_id] = listing
        applied.append(row_plan)
        if progress is not None:
            progress(done, total)
    existing = _stop_listings(plan)
    for row_plan in plan.rows:
        if not row_plan.stops_changed or row_plan.external_id not in listings:
            continue
        done += 1
        route = listings[row_plan.external_id]
        try:
            with _row_savepoint(skip_invalid):
                catalog_services.route_set_stops(route=route, stops=_stop_specs(row_plan, route, listings, existing))
        except (ValidationError, KeyError) as exc:
            message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else _("a stop could not be found")
            errors.append(RowError(row_plan.row, "stops", message))
        if progress is not None:
            progress(done, total)


def _create_categories(plan: ImportPlan, *, by: User | None) -> None:
    """The categories the officer chose to create for labels of the file, once each."""
    created: dict[int, Category] = {}
    for row_plan in plan.rows:
        category = row_plan.fields.get("category")
        if isinstance(category, NewCategory):
            if id(category) not in created:
                created[id(category)] = catalog_services.category_create(name=category.label, by=by)
            row_plan.fields["category"] = created[id(category)]


def _apply_listing(row_plan: RowPlan, *, by: User | None) -> Listing:
    if row_plan.action == Action.CREATE:
        assert row_plan.community is not None
        listing = catalog_services.listing_create(
            community=row_plan.community, kind=row_plan.kind, by=by, tags=row_plan.tags or (), **row_plan.fields
        )
    else:
        listing = row_plan.instance
        changes = {key: row_plan.fields[key] for key in row_plan.changes if key in row_plan.fields}
        tags = row_plan.tags if "tags" in row_plan.changes else None
        if changes or tags is not None:
            was_published = listing.status == Status.PUBLISHED
            listing = catalog_services.listing_update(listing=listing, by=by, tags=tags, **changes)
            # An officer's import is trusted: a published listing it changes stays published
            # (from the web page `by` is the officer, whom listing_update already trusts; on the
            # command line there is no user, so the publication is restored here).
            if was_published and listing.status != Status.PUBLISHED:
                listing = catalog_services.listing_publish_directly(listing=listing, by=None)
    if row_plan.publish and listing.status != Status.PUBLISHED:
        listing = catalog_services.listing_publish_directly(listing=listing, by=by)
    return listing


def _stop_listings(plan: ImportPlan) -> dict[int, Listing]:
    pks = sorted({pk for row_plan in plan.rows for kind, pk in row_plan.stops or () if kind == "listing"})
    found: dict[int, Listing] = {}
    for chunk in _chunks(pks):
        found.update(Listing.objects.in_bulk(chunk))
    return found


def _stop_specs(
    row_plan: RowPlan, route: Listing, created: dict[str, Listing], existing: dict[int, Listing]
) -> list[catalog_services.StopSpec]:
    # Keep the day and time notes of stops that stay (the file does not carry them).
    kept = {
        (stop.listing_id, stop.community_id): stop
        for stop in RouteStop.objects.filter(route=route).order_by("-position")
    }
    communities = Community.objects.in_bulk([pk for kind, pk in row_plan.stops or () if kind == "community"])
    specs = []
    for kind, key in row_plan.stops or ():
        listing = community = None
        if kind == "new":
            listing = created[key]
        elif kind == "listing":
            listing = existing[key]
        else:
            community = communities[key]
        old = kept.get((listing.pk if listing else None, community.pk if community else None))
        specs.append(
            catalog_services.StopSpec(
                community=community,
                listing=listing,
                day=old.day if old else 1,
                time_note_th=old.time_note_th if old else "",
                time_note_en=old.time_note_en if old else "",
            )
        )
    return specs
