"""Plans: every row of a file checked, and what it would change decided; nothing is written."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chumchon.catalog.imports.cells import (
    _LINE_ID,
    _PHONE,
    LATITUDE_RANGE,
    LONGITUDE_RANGE,
    _Cells,
    _did_you_mean,
)
from chumchon.catalog.imports.columns import (
    COLUMN_OF_COMMUNITY_FIELD,
    COMMUNITIES,
    COMMUNITY_FIELD_OF_COLUMN,
    COMMUNITY_REQUIRED,
    LISTING_REQUIRED,
    LISTINGS,
    check_columns,
)
from chumchon.catalog.imports.errors import ImportFileError, RowError
from chumchon.catalog.imports.labels import CategoryLabels
from chumchon.catalog.imports.places import _Names, _Places, _read_area
from chumchon.catalog.imports.reading import Table, read_table
from chumchon.catalog.imports.references import PLATFORM_ID, _by_external_id, _chunks, platform_reference
from chumchon.catalog.imports.runners import Runners
from chumchon.catalog.models import Kind, Listing, PriceUnit, RouteStop, Status
from chumchon.places.invitations import invitation_pending
from chumchon.places.models import Area, Community, CreativeCity


class Action(models.TextChoices):
    CREATE = "create", gettext_lazy("create")
    UPDATE = "update", gettext_lazy("update")
    UNCHANGED = "unchanged", gettext_lazy("unchanged")


@dataclass
class RowPlan:
    """What one valid row will do: create, update (which columns) or leave a record unchanged."""

    row: int
    external_id: str
    action: str
    label: str
    fields: dict[str, Any] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)
    instance: Any = None
    # Listings only
    kind: str = ""
    community: Community | None = None
    tags: list[str] | None = None
    stops: list[tuple[str, Any]] | None = None  # ("listing", pk) | ("community", pk) | ("new", external_id)
    stops_changed: bool = False
    publish: bool = False
    # Communities only: the e-mail of the person to invite to take the community over
    invite: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "external_id": self.external_id,
            "action": self.action,
            "label": self.label,
            "changes": [COLUMN_OF_COMMUNITY_FIELD.get(name, name) for name in self.changes],
            **({"invite": self.invite} if self.invite else {}),
        }


@dataclass
class ImportPlan:
    """Every row's plan and every problem found, before anything is written."""

    kind: str
    rows: list[RowPlan] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    blocked: bool = False  # a problem with the file itself: nothing can be imported, whatever the options
    row_count: int = 0
    # Listings: category labels naming no category, once each with how many rows use it (labels.py).
    unknown_categories: list[dict[str, Any]] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for plan in self.rows if plan.action == action)

    @property
    def invalid_rows(self) -> list[int]:
        return sorted({error.row for error in self.errors if error.row})

    @property
    def is_valid(self) -> bool:
        return not self.errors


def _same(current: Any, new: Any) -> bool:
    if isinstance(current, models.Model) or isinstance(new, models.Model):
        return getattr(current, "pk", None) == getattr(new, "pk", None)
    if current is None or new is None:
        return current in (None, "") and new in (None, "")
    if isinstance(current, str) and isinstance(new, str):
        # Web forms store line breaks as \r\n; Excel gives them back as \n.
        return current.replace("\r\n", "\n") == new.replace("\r\n", "\n")
    return bool(current == new)


def _check_external_id(cells: _Cells, seen: dict[str, int], model_name: str) -> str:
    external_id = cells.text("external_id", max_length=64, required=True)
    if not external_id:
        return ""
    match = PLATFORM_ID.match(external_id)
    if match is not None and match.group(1) != model_name:
        cells.error("external_id", _('"%(value)s" names a %(other)s, not a %(kind)s') % {
            "value": external_id, "other": match.group(1), "kind": model_name,
        })  # fmt: skip
    if external_id in seen:
        cells.error(
            "external_id",
            _('"%(value)s" appears again (first on row %(row)d)') % {"value": external_id, "row": seen[external_id]},
        )
    else:
        seen[external_id] = cells.row
    return external_id


def _start_plan(kind: str, table: Table) -> ImportPlan:
    plan = ImportPlan(kind=kind, row_count=len(table.rows))
    plan.errors = check_columns(table, kind)
    plan.blocked = bool(plan.errors)
    return plan


def _missing_required(cells: _Cells, required: Sequence[str]) -> None:
    """JSON objects may leave a key out; a required one is still required."""
    for column in required:
        if not cells.has(column):
            cells.error(column, _("this column is required"))


def plan_communities(table: Table) -> ImportPlan:
    """Check every community row and decide what it would change; writes nothing."""
    plan = _start_plan(COMMUNITIES, table)
    if plan.blocked:
        return plan
    places = _Places()
    existing = _by_external_id(Community, (values.get("external_id", "") for _number, values in table.rows))
    areas = {area.slug: area for area in Area.objects.all()}
    creative_cities = {city.slug: city for city in CreativeCity.objects.select_related("province")}
    areas_of_province: dict[int, list[Area]] = defaultdict(list)
    for area in Area.objects.prefetch_related("provinces").order_by("name_th"):
        for province in area.provinces.all():
            areas_of_province[province.pk].append(area)
    runners = Runners(table)
    seen: dict[str, int] = {}
    for number, values in table.rows:
        cells = _Cells(number, values, plan.errors)
        _missing_required(cells, COMMUNITY_REQUIRED)
        external_id = _check_external_id(cells, seen, "community")
        fields: dict[str, Any] = {}
        fields["name_th"] = cells.text("name_th", max_length=200, required=True)
        for column in ("name_en", "description_th", "description_en"):
            if cells.has(column):
                max_length = 200 if column == "name_en" else 20_000
                fields[COMMUNITY_FIELD_OF_COLUMN.get(column, column)] = cells.text(column, max_length=max_length)
        _read_places(cells, places, fields)
        if cells.has("latitude"):
            fields["latitude"] = cells.coordinate("latitude", LATITUDE_RANGE)
        if cells.has("longitude"):
            fields["longitude"] = cells.coordinate("longitude", LONGITUDE_RANGE)
        if cells.has("households"):
            fields["households"] = cells.whole("households", minimum=1)
        _read_contacts(cells, fields)
        if cells.has("area"):
            fields["area"] = _read_area(cells, areas, creative_cities, areas_of_province)
        organisation, invite = runners.read(cells) if cells.has("organisation") else (None, "")
        if organisation is not None:  # an empty cell leaves the runner alone
            fields["organisation"] = organisation
        if not cells.valid:
            continue
        instance = existing.get(external_id)
        if instance is None and PLATFORM_ID.match(external_id):
            cells.error("external_id", _("no community %(value)s on the platform") % {"value": external_id})
            continue
        row_plan = RowPlan(row=number, external_id=external_id, action=Action.CREATE, label=fields["name_th"])
        if instance is None:
            row_plan.fields = {"external_id": external_id, **fields}
        else:
            row_plan.instance = instance
            row_plan.fields = fields
            row_plan.changes = [key for key, value in fields.items() if not _same(getattr(instance, key), value)]
            if invite and not invitation_pending(community=instance, email=invite):
                row_plan.changes.append("invitation")
            row_plan.action = Action.UPDATE if row_plan.changes else Action.UNCHANGED
        row_plan.invite = invite if "invitation" in row_plan.changes or instance is None else ""
        plan.rows.append(row_plan)
    return plan


def _read_places(cells: _Cells, places: _Places, fields: dict[str, Any]) -> None:
    name = cells.raw("province")
    if not name:
        if cells.has("province"):
            cells.error("province", _("this column is required"))
        return
    province = places.provinces.find(name)
    if province is None:
        cells.error(
            "province",
            _did_you_mean(_('no province "%(value)s"') % {"value": name}, places.provinces.suggest(name)),
        )
        return
    fields["province"] = province
    districts = places.districts.get(province.pk, _Names([]))
    name = cells.raw("district")
    if not name:
        cells.error("district", _("this column is required"))
        return
    district = districts.find(name)
    if district is None:
        message = _('no district "%(value)s" in %(province)s') % {"value": name, "province": province.name}
        cells.error("district", _did_you_mean(message, districts.suggest(name)))
        return
    fields["district"] = district
    if not cells.has("subdistrict"):
        return
    name = cells.raw("subdistrict")
    if not name:
        fields["subdistrict"] = None
        return
    subdistricts = places.subdistricts(district)
    subdistrict = subdistricts.find(name)
    if subdistrict is None:
        elsewhere = places.subdistrict_anywhere(province, name)
        if elsewhere is not None:
            message = _("%(subdistrict)s is in the district of %(other)s, not in %(district)s") % {
                "subdistrict": elsewhere[1].name, "other": elsewhere[0].name, "district": district.name,
            }  # fmt: skip
            cells.error("subdistrict", message)
        else:
            message = _('no subdistrict "%(value)s" in %(district)s') % {"value": name, "district": district.name}
            cells.error("subdistrict", _did_you_mean(message, subdistricts.suggest(name)))
        return
    fields["subdistrict"] = subdistrict


def _read_contacts(cells: _Cells, fields: dict[str, Any]) -> None:
    if cells.has("phone"):
        phone = cells.text("phone", max_length=32)
        digits = sum(char.isdigit() for char in phone)
        if phone and (not _PHONE.match(phone) or not 9 <= digits <= 15):
            hint = _(" (a Thai number has 9 or 10 digits; format the column as text so that Excel keeps the 0)")
            cells.error(
                "phone", _('"%(value)s" is not a phone number') % {"value": phone} + (hint if digits < 9 else "")
            )
        fields["phone"] = phone
    if cells.has("line_id"):
        line_id = cells.text("line_id", max_length=64)
        if line_id and not _LINE_ID.match(line_id):
            cells.error(
                "line_id",
                _('"%(value)s" is not a LINE ID (letters, digits, . - _, or @ for an official account)')
                % {"value": line_id},
            )
        fields["line_id"] = line_id
    if cells.has("email"):
        email = cells.text("email", max_length=254)
        if email:
            try:
                validate_email(email)
            except ValidationError:
                cells.error("email", _('"%(value)s" is not an e-mail address') % {"value": email})
        fields["email"] = email
    if cells.has("website"):
        website = cells.text("website", max_length=200)
        if website and "://" not in website:
            website = "https://" + website  # officers write `example.com`; the link needs a scheme
        if website:
            try:
                URLValidator(schemes=["http", "https"])(website)
            except ValidationError:
                cells.error("website", _('"%(value)s" is not a web address') % {"value": cells.raw("website")})
        fields["website"] = website


# Kinds and price units as officers may write them in Thai.
_KIND_WORDS = {
    "สินค้า": Kind.PRODUCT, "ผลิตภัณฑ์": Kind.PRODUCT, "กิจกรรม": Kind.EXPERIENCE, "ประสบการณ์": Kind.EXPERIENCE,
    "เส้นทาง": Kind.ROUTE, "เส้นทางท่องเที่ยว": Kind.ROUTE,
}  # fmt: skip
_UNIT_WORDS = {
    "ชิ้น": PriceUnit.PIECE, "ชุด": PriceUnit.SET, "กิโลกรัม": PriceUnit.KG, "กก.": PriceUnit.KG, "คน": PriceUnit.PERSON,
    "ท่าน": PriceUnit.PERSON, "กลุ่ม": PriceUnit.GROUP, "คืน": PriceUnit.NIGHT,
}  # fmt: skip

_LISTING_TEXT = {"title_th": 200, "title_en": 200, "description_th": 20_000, "description_en": 20_000, "materials": 300}
_LISTING_MONEY = ("price", "wholesale_price")
_LISTING_WHOLE = {"min_order_qty": 1, "lead_time_days": 0, "stock": 0, "duration_minutes": 1, "capacity": 1}


def _split_tags(text: str) -> list[str]:
    tags: list[str] = []
    for name in text.replace("،", ",").split(","):
        name = " ".join(name.split())
        if name and name.casefold() not in {tag.casefold() for tag in tags}:
            tags.append(name)
    return tags


class _Catalog:
    """What listing rows refer to, loaded in a few queries for the whole file."""

    def __init__(self, table: Table, labels: CategoryLabels) -> None:
        self.labels = labels
        rows = [values for _number, values in table.rows]
        stop_ids = [ref for values in rows for ref in _split_stops(values.get("stops", ""))]
        self.listings = _by_external_id(Listing, [values.get("external_id", "") for values in rows] + stop_ids)
        self.communities = _by_external_id(Community, [values.get("community", "") for values in rows] + stop_ids)
        listing_ids = [listing.pk for listing in self.listings.values()]
        self.tags: dict[int, set[str]] = defaultdict(set)
        self.stops: dict[int, list[RouteStop]] = defaultdict(list)
        for chunk in _chunks(listing_ids):
            for listing_id, name in Listing.tags.through.objects.filter(listing_id__in=chunk).values_list(
                "listing_id", "tag__name"
            ):
                self.tags[listing_id].add(name.casefold())
            for stop in RouteStop.objects.filter(route_id__in=chunk).order_by("route_id", "position"):
                self.stops[stop.route_id].append(stop)

    def community_suggestion(self, reference: str) -> str | None:
        match = difflib.get_close_matches(reference, [key for key in self.communities if ":" not in key], n=1)
        return match[0] if match else None


def _split_stops(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def plan_listings(
    table: Table,
    *,
    publish: bool = False,
    category_choices: Mapping[str, str] | None = None,
    create_categories: bool = False,
) -> ImportPlan:
    """Check every listing row and decide what it would change; writes nothing.

    `category_choices` resolves category labels that name no category ({label: slug, or
    CREATE_CATEGORY}); `create_categories` creates a category for every such label."""
    plan = _start_plan(LISTINGS, table)
    if plan.blocked:
        return plan
    catalog = _Catalog(table, CategoryLabels(category_choices, create_all=create_categories))
    seen: dict[str, int] = {}
    seen_instances: dict[int, int] = {}
    raw_stops: dict[int, list[str]] = {}
    for number, values in table.rows:
        cells = _Cells(number, values, plan.errors)
        _missing_required(cells, LISTING_REQUIRED)
        external_id = _check_external_id(cells, seen, "listing")
        kind = _read_kind(cells)
        community = _read_community(cells, catalog)
        fields: dict[str, Any] = {}
        for column, max_length in _LISTING_TEXT.items():
            if cells.has(column) or column == "title_th":
                fields[column] = cells.text(column, max_length=max_length, required=column == "title_th")
        if cells.has("category"):
            fields["category"] = catalog.labels.read(cells)
        for column in _LISTING_MONEY:
            if cells.has(column):
                fields[column] = cells.money(column)
        if cells.has("price_unit"):
            fields["price_unit"] = _read_price_unit(cells)
        for column, minimum in _LISTING_WHOLE.items():
            if cells.has(column):
                fields[column] = cells.whole(column, minimum=minimum)
        tags = None
        if cells.has("tags"):
            tags = _split_tags(cells.raw("tags"))
            for name in tags:
                if len(name) > 60:
                    cells.error("tags", _('the tag "%(tag)s" is longer than 60 characters') % {"tag": name})
        stops = _split_stops(cells.raw("stops"))
        if stops and kind and kind != Kind.ROUTE:
            cells.error("stops", _("only routes have stops; this row is a %(kind)s") % {"kind": Kind(kind).label})
        instance = catalog.listings.get(external_id)
        if external_id and instance is None and PLATFORM_ID.match(external_id):
            cells.error("external_id", _("no listing %(value)s on the platform") % {"value": external_id})
        if instance is not None:
            # `abc` and `listing:42` may name the same listing; a duplicate id was reported above.
            first = seen_instances.setdefault(instance.pk, number)
            if first != number and seen.get(external_id) == number:
                cells.error("external_id", _("this listing is already on row %(row)d") % {"row": first})
            # The services change neither the kind nor the community of a listing: a different one
            # here is much more likely a mistyped id than a move.
            if kind and kind != instance.kind:
                cells.error(
                    "kind",
                    _('listing "%(id)s" is a %(current)s; the import cannot change its kind')
                    % {"id": external_id, "current": Kind(instance.kind).label},
                )
            if community is not None and community.pk != instance.community_id:
                cells.error(
                    "community",
                    _('listing "%(id)s" belongs to another community (%(current)s); the import cannot move it')
                    % {"id": external_id, "current": platform_reference(instance.community)},
                )
        if not cells.valid:
            continue
        row_plan = RowPlan(
            row=number,
            external_id=external_id,
            action=Action.CREATE,
            label=fields["title_th"],
            kind=kind,
            community=community,
            tags=tags,
            publish=publish,
        )
        if instance is None:
            row_plan.fields = {"external_id": external_id, **fields}
        else:
            row_plan.instance = instance
            row_plan.fields = fields
            row_plan.changes = [key for key, value in fields.items() if not _same(getattr(instance, key), value)]
            if tags is not None and {name.casefold() for name in tags} != catalog.tags.get(instance.pk, set()):
                row_plan.changes.append("tags")
            if publish and instance.status != Status.PUBLISHED:
                row_plan.changes.append("status")
        if kind == Kind.ROUTE and cells.has("stops"):
            raw_stops[number] = stops
        plan.rows.append(row_plan)
    row_of_id = {values.get("external_id", ""): number for number, values in reversed(table.rows)}
    _plan_stops(plan, catalog, raw_stops, row_of_id)
    plan.unknown_categories = catalog.labels.unknown_labels()
    for row_plan in plan.rows:
        if row_plan.instance is not None:
            row_plan.action = Action.UPDATE if row_plan.changes else Action.UNCHANGED
    return plan


def _read_kind(cells: _Cells) -> str:
    value = cells.raw("kind").strip()
    if not value:
        if cells.has("kind"):
            cells.error("kind", _("this column is required"))
        return ""
    kind = _KIND_WORDS.get(value) or (value.lower() if value.lower() in Kind.values else "")
    if not kind:
        cells.error("kind", _('"%(value)s" is not a kind: write product, experience or route') % {"value": value})
    return kind


def _read_community(cells: _Cells, catalog: _Catalog) -> Community | None:
    reference = cells.raw("community")
    if not reference:
        if cells.has("community"):
            cells.error("community", _("this column is required"))
        return None
    community = catalog.communities.get(reference)
    if community is None:
        message = _('no community with external_id "%(value)s" (import the communities first)') % {"value": reference}
        cells.error("community", _did_you_mean(message, catalog.community_suggestion(reference)))
    return community


def _read_price_unit(cells: _Cells) -> str:
    value = cells.raw("price_unit").strip()
    if not value:
        return ""
    unit = _UNIT_WORDS.get(value) or (value.lower() if value.lower() in PriceUnit.values else "")
    if not unit:
        cells.error(
            "price_unit",
            _('"%(value)s" is not a price unit: write %(units)s')
            % {"value": value, "units": ", ".join(PriceUnit.values)},
        )
    return unit


def _plan_stops(
    plan: ImportPlan, catalog: _Catalog, raw_stops: dict[int, list[str]], row_of_id: dict[str, int]
) -> None:
    """Resolve route stops once every row is known: a stop may be a listing created by this file."""
    in_file = {row_plan.external_id: row_plan for row_plan in plan.rows}
    valid: list[RowPlan] = []
    for row_plan in plan.rows:
        references = raw_stops.get(row_plan.row)
        if references is None:
            valid.append(row_plan)
            continue
        stops: list[tuple[str, Any]] = []
        problems: list[str] = []
        for reference in references:
            if reference == row_plan.external_id:
                problems.append(_('"%(value)s" is this route itself') % {"value": reference})
                continue
            target = in_file.get(reference)
            listing = catalog.listings.get(reference)
            if target is not None:
                stops.append(("listing", target.instance.pk) if target.instance else ("new", reference))
            elif listing is not None:
                if row_plan.instance is not None and listing.pk == row_plan.instance.pk:
                    problems.append(_('"%(value)s" is this route itself') % {"value": reference})
                else:
                    stops.append(("listing", listing.pk))
            elif reference in catalog.communities:
                stops.append(("community", catalog.communities[reference].pk))
            elif reference in row_of_id:
                problems.append(
                    _('"%(value)s" is on row %(row)d, which has errors')
                    % {"value": reference, "row": row_of_id[reference]}
                )
            else:
                problems.append(_('no listing or community with external_id "%(value)s"') % {"value": reference})
        if problems:
            for problem in problems:
                plan.errors.append(RowError(row_plan.row, "stops", problem))
            continue
        row_plan.stops = stops
        if row_plan.instance is not None:
            current = [
                ("listing", stop.listing_id) if stop.listing_id else ("community", stop.community_id)
                for stop in catalog.stops.get(row_plan.instance.pk, [])
            ]
            row_plan.stops_changed = current != stops
            if row_plan.stops_changed:
                row_plan.changes.append("stops")
        else:
            row_plan.stops_changed = bool(stops)
        valid.append(row_plan)
    plan.rows = valid
    plan.errors.sort(key=lambda error: error.row)


def plan_file(
    *,
    kind: str,
    name: str,
    data: bytes,
    publish: bool = False,
    category_choices: Mapping[str, str] | None = None,
    create_categories: bool = False,
    max_rows: int | None = None,
    on_read: Callable[[], None] | None = None,
) -> ImportPlan:
    """Read and check a file; problems with the file itself come back as the plan's errors.

    `on_read` is called between reading and checking (a progress bar's first step)."""
    try:
        table = read_table(name, data, max_rows=max_rows)
    except ImportFileError as exc:
        return ImportPlan(kind=kind, errors=exc.errors, blocked=True)
    if on_read is not None:
        on_read()
    if kind == COMMUNITIES:
        return plan_communities(table)
    return plan_listings(table, publish=publish, category_choices=category_choices, create_categories=create_categories)
