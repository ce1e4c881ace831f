"""`export_listings`: the import's columns, and importing the export changes nothing."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from chumchon.catalog import services
from chumchon.catalog.imports.columns import LISTING_COLUMNS
from chumchon.catalog.models import Listing, Status
from chumchon.places.tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


def run(command: str, *args: str) -> str:
    out = io.StringIO()
    call_command(command, *args, "--language", "en", stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


@pytest.fixture
def catalog(officer):
    """Imported listings, plus a seller's own listings (no external_id) in a community made on the platform."""
    run("import_communities", str(DATA / "communities.csv"))
    run("import_listings", str(DATA / "listings.csv"))
    community = CommunityFactory.create()  # no external_id
    own = services.listing_create(
        community=community,
        kind="product",
        by=None,
        title_th="ตะกร้าไม้ไผ่  สานมือ",
        description_th='บรรทัดแรก\r\nบรรทัดที่สอง, มี "เครื่องหมาย"',
        price="120.5",
        tags=["Bamboo", "จักสาน"],
    )
    services.listing_publish_directly(listing=own, by=officer)
    route = services.listing_create(community=community, kind="route", by=None, title_th="ทริปสั้น")
    services.route_set_stops(
        route=route,
        stops=[
            services.StopSpec(listing=own, day=1, time_note_th="เช้า"),
            services.StopSpec(community=community, day=2),
            services.StopSpec(listing=Listing.objects.get(external_id="p-001"), day=2),
        ],
    )
    return own, route


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_it_reimports_an_export_as_unchanged(catalog, tmp_path, suffix):
    path = tmp_path / f"listings{suffix}"
    assert run("export_listings", str(path)) == f"exported 5 listing(s) to {path}"
    before = list(Listing.objects.order_by("id").values_list("id", "updated_at", "status"))

    assert run("import_listings", str(path)) == "created 0, updated 0, unchanged 5"

    assert list(Listing.objects.order_by("id").values_list("id", "updated_at", "status")) == before
    _own, route = catalog
    assert [(stop.day, stop.time_note_th) for stop in route.stops.all()] == [(1, "เช้า"), (2, ""), (2, "")]


def test_it_writes_the_columns_of_the_import_in_order(catalog, tmp_path):
    path = tmp_path / "listings.csv"
    run("export_listings", str(path))
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(LISTING_COLUMNS)
    by_id = {row["external_id"]: row for row in rows}
    own, route = catalog
    assert by_id[f"listing:{own.pk}"]["community"] == f"community:{own.community_id}"
    assert by_id[f"listing:{own.pk}"]["tags"] == "Bamboo, จักสาน"
    assert by_id[f"listing:{own.pk}"]["price"] == "120.50"
    assert by_id[f"listing:{route.pk}"]["stops"] == f"listing:{own.pk}; community:{own.community_id}; p-001"
    assert by_id["r-001"]["stops"] == "p-001; e-001; skt-02"


def test_it_makes_a_readable_workbook(catalog, tmp_path):
    path = tmp_path / "listings.xlsx"
    run("export_listings", str(path))
    sheet = openpyxl.load_workbook(path).active
    header = [cell.value for cell in sheet[1]]
    assert header == list(LISTING_COLUMNS)
    assert sheet["A1"].font.bold
    assert "ห้ามซ้ำ" in sheet["A1"].comment.text
    assert sheet.freeze_panes == "A2"


def test_it_exports_only_published_listings_when_asked(catalog, tmp_path):
    path = tmp_path / "published.csv"
    assert run("export_listings", str(path), "--published-only").startswith("exported 1 listing(s)")
    assert Listing.objects.filter(status=Status.PUBLISHED).count() == 1


def test_it_refuses_other_file_types(db, tmp_path):
    with pytest.raises(CommandError, match=r"writes \.xlsx or \.csv"):
        run("export_listings", str(tmp_path / "listings.json"))


def test_it_changes_an_imported_export_when_an_officer_edits_it(catalog, tmp_path):
    path = tmp_path / "listings.csv"
    run("export_listings", str(path))
    text = path.read_text(encoding="utf-8-sig").replace(",120.50,", ",135.00,")
    path.write_text(text, encoding="utf-8")
    assert run("import_listings", str(path)) == "created 0, updated 1, unchanged 4"
    own, _route = catalog
    own.refresh_from_db()
    assert str(own.price) == "135.00"
    assert own.external_id is None  # a platform id is not written back as an external_id
    assert own.status == Status.PUBLISHED
