"""Applying a plan through the places and catalog services: everything or nothing.

On PostgreSQL a plan is applied in one transaction. SQLite has one write lock for the whole
database, and an import of thousands of rows held it for minutes (every login and message of the
site failed meanwhile), so there a plan is applied in short transactions (`_Writer`: at most
CHUNK_SECONDS or CHUNK_ROWS rows each), and each one records in `ImportUndo`, in the same
transaction, what it created and what it changed. If a later part fails, or the worker dies (the
stalled-job sweep then calls `import_undo`), the earlier parts are undone from those entries, again
in short transactions. Meanwhile the rows written so far are visible to others, who may edit them:
the undo takes back only what is still as the import wrote it (`import_undo`). Invitations to take
communities over are sent only once every row is written.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chumchon.accounts.models import User
from chumchon.catalog import services as catalog_services
from chumchon.catalog.imports.columns import COLUMN_OF_COMMUNITY_FIELD, COMMUNITIES
from chumchon.catalog.imports.errors import RowError
from chumchon.catalog.imports.labels import NewCategory
from chumchon.catalog.imports.planning import Action, ImportPlan, RowPlan
from chumchon.catalog.imports.references import _chunks
from chumchon.catalog.models import Category, ImportUndo, Listing, RouteStop, Status
from chumchon.catalog.signals import import_chunk_committing, records_changed
from chumchon.core.db import refresh_planner_statistics
from chumchon.places import invitations
from chumchon.places import services as places_services
from chumchon.places.models import Community, CommunityInvitation

logger = logging.getLogger(__name__)


@dataclass
class ImportResult:
    """What an import did: the counts, and the problems of the rows it skipped (or of the whole file)."""

    written: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    longest_transaction: float = 0.0  # seconds: how long the write lock was held at most


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


# A short transaction ends after this long or this many rows (SQLite), then indexes its rows for
# search (about as long again). One listing row takes 3-20 ms (more on a busy machine).
CHUNK_SECONDS = 0.3
CHUNK_ROWS = 200
# Then the import leaves the lock free this long: a writer waiting for it (a login, a message) polls
# every 100 ms once it has waited a little (SQLite's busy handler), and would otherwise find the lock
# taken again at once by the import's next transaction, for minutes (measured: waits of 63 s).
CHUNK_PAUSE = 0.15


def _chunked_by_default() -> bool:
    return connection.vendor == "sqlite"


class _ExactEncoder(DjangoJSONEncoder):
    """Times to the microsecond (Django's encoder keeps milliseconds): a record is restored exactly."""

    def default(self, o: Any) -> Any:
        if isinstance(o, (dt.datetime, dt.time)):
            return o.isoformat()
        return super().default(o)


def _as_json(records: Any) -> Any:
    return json.loads(json.dumps(records, cls=_ExactEncoder))


def _record_state(model: type[models.Model], pk: int) -> Any:
    """A record as an undo entry keeps it (its fields and many-to-many relations); None if it is gone."""
    record = model._base_manager.filter(pk=pk).first()
    return None if record is None else _as_json(serializers.serialize("python", [record]))[0]


def _stops_state(route_id: int) -> Any:
    return _as_json(serializers.serialize("python", RouteStop.objects.filter(route_id=route_id).order_by("position")))


def _set_after(entries: list[ImportUndo]) -> None:
    """Give each entry of a chunk its `after`: the record (or a route's stops) as its row left it,
    what the undo may take back. Nobody else writes while the chunk's transaction is open (it holds
    SQLite's write lock), so that is what the next row writing the same record found (its
    `before`) or, for the last, the record now: read at the end of the chunk, a query per model
    (read after every row, they had made a first import of 1,000 listings 45 % slower)."""
    last: dict[tuple[str, str, int], ImportUndo] = {}
    for entry in entries:
        key = ("stops" if entry.action == ImportUndo.STOPS else "record", entry.model, entry.object_id)
        previous = last.get(key)
        if previous is not None and entry.action != ImportUndo.CREATED:
            previous.after = entry.before
        last[key] = entry
    records: dict[str, list[int]] = {}
    routes: list[int] = []
    for kind, label, pk in last:
        if kind == "stops":
            routes.append(pk)
        else:
            records.setdefault(label, []).append(pk)
    states: dict[tuple[str, str, int], Any] = {}
    for label, pks in records.items():
        model = apps.get_model(label)
        found = model._base_manager.filter(pk__in=pks).prefetch_related(*(f.name for f in model._meta.many_to_many))
        for state in _as_json(serializers.serialize("python", found)):
            states["record", label, state["pk"]] = state
    if routes:
        stops: dict[int, list[Any]] = {pk: [] for pk in routes}
        found_stops = RouteStop.objects.filter(route_id__in=routes).order_by("route_id", "position")
        for stop in _as_json(serializers.serialize("python", found_stops)):
            stops[stop["fields"]["route"]].append(stop)
        states.update({("stops", Listing._meta.label_lower, pk): value for pk, value in stops.items()})
    for key, entry in last.items():
        entry.after = states.get(key)


class _Writer:
    """The transactions an import writes in: one for everything, or (`chunked`) short ones whose
    writes are recorded in `ImportUndo` under `run`, so that `import_undo` can take them back."""

    def __init__(self, *, chunked: bool, skip_invalid: bool, run: str) -> None:
        self.chunked = chunked
        self.skip_invalid = skip_invalid
        self.run = run
        self.longest = 0.0
        self._stack: ExitStack | None = None
        self._opened = 0.0
        self._rows = 0
        self._chunk_entries: list[ImportUndo] = []
        self._row_entries: list[ImportUndo] = []

    def __enter__(self) -> _Writer:
        self._begin()
        return self

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> None:
        self._end(kind, exc, tb)

    def _begin(self) -> None:
        self._stack = ExitStack()
        self._stack.enter_context(transaction.atomic())
        self._opened = time.monotonic()
        self._rows = 0

    def _end(self, kind: Any = None, exc: Any = None, tb: Any = None) -> None:
        if self._stack is None:
            return
        stack, self._stack = self._stack, None
        if kind is None and self.chunked:
            _set_after(self._chunk_entries)
            ImportUndo.objects.bulk_create(self._chunk_entries, batch_size=500)
            # The search index follows in this transaction rather than in another one right after it.
            import_chunk_committing.send(sender=_Writer)
        self._chunk_entries = []
        stack.__exit__(kind, exc, tb)
        self.longest = max(self.longest, time.monotonic() - self._opened)
        if self.chunked and not transaction.get_connection().in_atomic_block:
            time.sleep(CHUNK_PAUSE)

    @contextmanager
    def row(self) -> Iterator[None]:
        """One row: undone alone when it fails (with `skip_invalid`, and whenever chunked, as its
        transaction may commit before the import knows whether it stands)."""
        if self._stack is None:
            self._begin()
        self._row_entries = []
        savepoint = transaction.atomic() if self.chunked or self.skip_invalid else nullcontext()
        with savepoint:
            yield
        self._chunk_entries += self._row_entries
        self._rows += 1
        if self.chunked and (self._rows >= CHUNK_ROWS or time.monotonic() - self._opened >= CHUNK_SECONDS):
            self._end()

    def created(self, obj: models.Model) -> None:
        if self.chunked:
            self._row_entries.append(self._entry(ImportUndo.CREATED, obj))

    def changing(self, obj: models.Model) -> None:
        """Before `obj` changes: keep it as it is (its fields and many-to-many relations)."""
        if self.chunked:
            before = _as_json(serializers.serialize("python", [obj]))[0]
            self._row_entries.append(self._entry(ImportUndo.CHANGED, obj, before))

    def changing_stops(self, route: Listing) -> None:
        if self.chunked:
            before = _as_json(serializers.serialize("python", RouteStop.objects.filter(route=route)))
            self._row_entries.append(self._entry(ImportUndo.STOPS, route, before))

    def _entry(self, action: str, obj: models.Model, before: Any = None) -> ImportUndo:
        return ImportUndo(run=self.run, action=action, model=obj._meta.label_lower, object_id=obj.pk, before=before)


def import_apply(
    plan: ImportPlan,
    *,
    by: User | None,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    run: str = "",
    chunked: bool | None = None,
) -> ImportResult:
    """Apply a plan: everything or, when any row fails, nothing.

    With `skip_invalid` the valid rows are written and the others reported. A problem with the file
    itself (unknown or missing columns, unreadable file) always stops the import. `chunked` (by
    default on SQLite): in short transactions, undone from `ImportUndo` entries under `run` (a job's
    `import_run_key`; a random one by default) if the import fails.
    """
    if plan.blocked or (plan.errors and not skip_invalid):
        return ImportResult(written=False, errors=list(plan.errors))
    errors = list(plan.errors)
    skipped = set(plan.invalid_rows)
    applied: list[RowPlan] = []
    writer = _Writer(
        chunked=_chunked_by_default() if chunked is None else chunked,
        skip_invalid=skip_invalid,
        run=run or f"run-{uuid.uuid4().hex}",
    )
    try:
        with writer:
            if plan.kind == COMMUNITIES:
                _apply_communities(plan, by=by, errors=errors, applied=applied, progress=progress, writer=writer)
            else:
                _apply_listings(plan, by=by, errors=errors, applied=applied, progress=progress, writer=writer)
            if len(errors) > len(plan.errors) and not skip_invalid:
                raise _Rollback
    except _Rollback:
        undone = import_undo(writer.run)
        if undone.kept:
            errors.append(undone.kept_error())
        return ImportResult(
            written=False, errors=sorted(errors, key=lambda error: error.row), longest_transaction=writer.longest
        )
    except BaseException:
        import_undo(writer.run)
        raise
    ImportUndo.objects.filter(run=writer.run).delete()
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
        longest_transaction=writer.longest,
    )


@dataclass
class UndoResult:
    """What `import_undo` did: how many entries it took back, and how many records it left (wholly
    or in part) as someone edited them after the import wrote them."""

    undone: int = 0
    kept_records: set[tuple[str, int]] = field(default_factory=set)  # (model, key): a route's fields and stops once

    @property
    def kept(self) -> int:
        return len(self.kept_records)

    def kept_error(self) -> RowError:
        """What the officer reads on the job's page about the records kept."""
        message = ngettext(
            "%(count)d record was edited by someone after the import wrote it: those edits were kept, "
            "and only the rest of what the import wrote was taken back.",
            "%(count)d records were edited by someone after the import wrote them: those edits were kept, "
            "and only the rest of what the import wrote was taken back.",
            self.kept,
        ) % {"count": self.kept}
        return RowError(0, "", message)


def import_undo(run: str) -> UndoResult:
    """Take back what an import applied in short transactions wrote, newest first, in short
    transactions. Safe to call again after an interruption.

    Meanwhile the records were on the site, and a seller or an officer may have edited them; an
    edit made after the import is never lost (entries with `after`; older ones restore `before`):
    - a record the import changed gets back only the fields the import changed and that are still
      as the import wrote them; a field edited since keeps the edit (and its `updated_at`);
    - a record the import created is deleted, unless it was edited since or something now refers to
      it (a listing added to an imported community, a photo, a booking, a kept route's stop): then
      it is kept as it is;
    - route stops the import set are restored unless they were changed since;
    - a record deleted since stays deleted.
    Each record kept (wholly or in part) counts in `kept`, and is logged.
    """
    result = UndoResult()
    entries = ImportUndo.objects.filter(run=run)
    # Stops first: a stop of an existing route may name a listing or community the import created.
    while True:
        with transaction.atomic():
            batch = list(entries.filter(action=ImportUndo.STOPS).order_by("-id")[:CHUNK_ROWS])
            for entry in batch:
                if entry.after is not None and not _same_stops(_stops_state(entry.object_id), entry.after):
                    _kept(result, entry)
                    continue
                RouteStop.objects.filter(route_id=entry.object_id).delete()
                for stop in serializers.deserialize("python", entry.before):
                    stop.save()
            records_changed.send(sender=ImportUndo, listing_ids=[entry.object_id for entry in batch], community_ids=[])
            ImportUndo.objects.filter(pk__in=[entry.pk for entry in batch]).delete()
        result.undone += len(batch)
        if not batch:
            break
    created_routes = entries.filter(action=ImportUndo.CREATED, model=Listing._meta.label_lower)
    taken_back = [entry.object_id for entry in created_routes if not _edited_since(Listing, entry)]
    for chunk in _chunks(taken_back):
        with transaction.atomic():
            RouteStop.objects.filter(route_id__in=chunk).delete()
    while True:
        with transaction.atomic():
            batch, started = [], time.monotonic()
            for entry in entries.order_by("-id")[:CHUNK_ROWS]:
                # Comparing with what the import wrote reads each record: a short transaction by time too.
                if batch and time.monotonic() - started >= CHUNK_SECONDS:
                    break
                batch.append(entry)
                model = apps.get_model(entry.model)
                if entry.action == ImportUndo.CREATED:
                    if _edited_since(model, entry) or (entry.after is not None and _in_use(model, entry.object_id)):
                        _kept(result, entry)
                    else:
                        model._base_manager.filter(pk=entry.object_id).delete()
                elif entry.after is None:
                    for record in serializers.deserialize("python", [entry.before]):
                        record.save()
                elif not _restore_unedited(model, entry):
                    _kept(result, entry)
            records_changed.send(
                sender=ImportUndo,
                listing_ids=[e.object_id for e in batch if e.model == Listing._meta.label_lower],
                community_ids=[e.object_id for e in batch if e.model == Community._meta.label_lower],
            )
            ImportUndo.objects.filter(pk__in=[entry.pk for entry in batch]).delete()
        result.undone += len(batch)
        if not batch:
            break
    return result


def _kept(result: UndoResult, entry: ImportUndo) -> None:
    logger.warning("undoing import %s: %s %s edited since the import, kept", entry.run, entry.model, entry.object_id)
    result.kept_records.add((entry.model, entry.object_id))


def _automatic(model: type[models.Model]) -> set[str]:
    """Fields every save sets (`updated_at`): they tell of an edit, they are not one."""
    return {field.name for field in model._meta.concrete_fields if getattr(field, "auto_now", False)}


def _value(state: Any, name: str) -> Any:
    value = state["fields"].get(name)
    return sorted(value, key=str) if isinstance(value, list) else value  # many-to-many: any order


def _edited_fields(model: type[models.Model], after: Any, now: Any) -> set[str]:
    """The fields of the record, other than automatic ones, that differ from what the import left."""
    return {name for name in after["fields"] if _value(now, name) != _value(after, name)} - _automatic(model)


def _edited_since(model: type[models.Model], entry: ImportUndo) -> bool:
    if entry.after is None:
        return False  # an older entry: taken back as before
    now = _record_state(model, entry.object_id)
    return now is not None and bool(_edited_fields(model, entry.after, now))


def _in_use(model: type[models.Model], pk: int) -> bool:
    """Whether other records refer to this one (its deletion would take them with it, or fail)."""
    return any(
        relation.related_model._base_manager.filter(**{relation.field.name: pk}).exists()
        for relation in model._meta.related_objects
    )


def _same_stops(now: Any, after: Any) -> bool:
    def key(stops: Any) -> list[Any]:
        return sorted((sorted(stop["fields"].items()) for stop in stops), key=str)

    return key(now) == key(after)


def _restore_unedited(model: type[models.Model], entry: ImportUndo) -> bool:
    """Give back to a changed record its fields as they were before the import, only those the
    import changed and nobody edited since; whether the record was wholly restored."""
    after: Any = entry.after
    now = _record_state(model, entry.object_id)
    if now is None:
        return False  # deleted since: it stays deleted
    changed = {name for name in after["fields"] if _value(entry.before, name) != _value(after, name)}
    edited = _edited_fields(model, after, now) & changed
    # An edit since also set `updated_at`, which then stays the edit's.
    restore = {name for name in changed if _value(now, name) == _value(after, name)}
    (before,) = serializers.deserialize("python", [entry.before])
    many = before.m2m_data or {}
    record = model._base_manager.get(pk=entry.object_id)
    fields = sorted(name for name in restore if name not in many)
    for name in fields:
        field = model._meta.get_field(name)
        assert isinstance(field, models.Field)
        setattr(record, field.attname, getattr(before.object, field.attname))
    if fields:
        # raw: exactly the values kept (no `auto_now`), as `DeserializedObject.save` does
        models.Model.save_base(record, raw=True, update_fields=fields)
    for name in sorted(restore & set(many)):
        getattr(record, name).set(many[name])
    return not edited


def _validation_errors(row: int, exc: ValidationError, column_of: dict[str, str] | None = None) -> list[RowError]:
    column_of = column_of or {}
    if hasattr(exc, "error_dict"):
        return [
            RowError(row, column_of.get(name, name) if name != "__all__" else "", message)
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return [RowError(row, "", message) for message in exc.messages]


def _apply_communities(
    plan: ImportPlan,
    *,
    by: User | None,
    errors: list[RowError],
    applied: list[RowPlan],
    progress: Progress | None,
    writer: _Writer,
) -> None:
    total = len(plan.rows)
    invites: list[tuple[Community, str]] = []
    for done, row_plan in enumerate(plan.rows, start=1):
        if row_plan.action != Action.UNCHANGED:
            try:
                with writer.row():
                    if row_plan.action == Action.CREATE:
                        community = places_services.community_create(by=by, **row_plan.fields)
                        writer.created(community)
                    else:
                        community = row_plan.instance
                        changes = {key: row_plan.fields[key] for key in row_plan.changes if key in row_plan.fields}
                        if changes:
                            writer.changing(Community.objects.get(pk=community.pk))
                            community = places_services.community_update(community=community, by=by, **changes)
            except ValidationError as exc:
                errors.extend(_validation_errors(row_plan.row, exc, COLUMN_OF_COMMUNITY_FIELD))
                continue
            if row_plan.invite:
                invites.append((community, row_plan.invite))
        applied.append(row_plan)
        if progress is not None:
            progress(done, total)
    if len(errors) > len(plan.errors) and not writer.skip_invalid:
        return  # nothing is kept: nobody is invited
    # Sent by a worker once the transaction commits (never twice): only when every row is written.
    language = translation.get_language() or "th"
    for community, email in invites:
        with writer.row():
            invitation = CommunityInvitation.objects.filter(community=community, email=email).first()
            if invitation is not None:
                writer.changing(invitation)
            sent = invitations.community_invite(community=community, email=email, by=by, language=language)
            if sent and invitation is None:
                writer.created(CommunityInvitation.objects.get(community=community, email=email))


def _apply_listings(
    plan: ImportPlan,
    *,
    by: User | None,
    errors: list[RowError],
    applied: list[RowPlan],
    progress: Progress | None,
    writer: _Writer,
) -> None:
    total = len(plan.rows) + sum(1 for row_plan in plan.rows if row_plan.stops_changed)
    done = 0
    listings: dict[str, Listing] = {}
    with writer.row():
        _create_categories(plan, by=by, writer=writer)
    for row_plan in plan.rows:
        done += 1
        try:
            with writer.row():
                listing = _apply_listing(row_plan, by=by, writer=writer)
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
            with writer.row():
                if row_plan.action != Action.CREATE:
                    writer.changing_stops(route)
                catalog_services.route_set_stops(route=route, stops=_stop_specs(row_plan, route, listings, existing))
        except (ValidationError, KeyError) as exc:
            message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else _("a stop could not be found")
            errors.append(RowError(row_plan.row, "stops", message))
        if progress is not None:
            progress(done, total)


def _create_categories(plan: ImportPlan, *, by: User | None, writer: _Writer) -> None:
    """The categories the officer chose to create for labels of the file, once each."""
    created: dict[int, Category] = {}
    for row_plan in plan.rows:
        category = row_plan.fields.get("category")
        if isinstance(category, NewCategory):
            if id(category) not in created:
                created[id(category)] = catalog_services.category_create(name=category.label, by=by)
                writer.created(created[id(category)])
            row_plan.fields["category"] = created[id(category)]


def _apply_listing(row_plan: RowPlan, *, by: User | None, writer: _Writer) -> Listing:
    if row_plan.action == Action.CREATE:
        assert row_plan.community is not None
        listing = catalog_services.listing_create(
            community=row_plan.community, kind=row_plan.kind, by=by, tags=row_plan.tags or (), **row_plan.fields
        )
        writer.created(listing)
    else:
        listing = row_plan.instance
        changes = {key: row_plan.fields[key] for key in row_plan.changes if key in row_plan.fields}
        tags = row_plan.tags if "tags" in row_plan.changes else None
        if changes or tags is not None or (row_plan.publish and listing.status != Status.PUBLISHED):
            writer.changing(Listing.objects.get(pk=listing.pk))
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
