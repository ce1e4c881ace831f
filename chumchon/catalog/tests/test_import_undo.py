"""Undoing an import that stopped half-way (SQLite's short transactions) takes back only what the
import wrote: a seller's or an officer's edit made since is kept, and the job's page says so."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from chumchon.catalog import services as catalog_services
from chumchon.catalog.imports import applying, services
from chumchon.catalog.imports.applying import UndoResult, import_apply
from chumchon.catalog.imports.planning import plan_file
from chumchon.catalog.models import ImportJob, ImportStatus, ImportUndo, Listing

pytestmark = pytest.mark.django_db(transaction=True)

DATA = Path(__file__).parent / "data"
HEADER = "external_id,community,kind,title_th,description_th,category,tags,price,price_unit"


def listing_row(number: int, *, title: str, description: str, price: int) -> str:
    return f"w-{number:02d},skt-01,product,{title} {number},{description},textiles,ผ้าทอ,{price},piece"


@pytest.fixture
def listings(places_data: Any) -> None:
    """Two communities, and three published listings as the first import left them."""
    plan = plan_file(kind="communities", name="c.csv", data=(DATA / "communities.csv").read_bytes())
    assert import_apply(plan, by=None).written
    rows = [listing_row(i, title="ผ้าทอ", description="ผ้าฝ้ายย้อมคราม", price=100 + i) for i in range(3)]
    plan = plan_file(kind="listings", name="first.csv", data="\n".join([HEADER, *rows]).encode(), publish=True)
    assert import_apply(plan, by=None).written


def changing_file() -> bytes:
    """New prices and descriptions for the three listings, and two new listings."""
    rows = [listing_row(i, title="ผ้าทอ", description="คำบรรยายจากไฟล์", price=500 + i) for i in range(3)]
    rows += [listing_row(i, title="ผ้าใหม่", description="ใหม่", price=900) for i in (10, 11)]
    return "\n".join([HEADER, *rows]).encode()


def listing(external_id: str) -> dict[str, Any]:
    record = Listing.objects.get(external_id=external_id)
    fields = {key: value for key, value in vars(record).items() if not key.startswith("_")}
    return {**fields, "tags": sorted(record.tags.values_list("name", flat=True))}


@pytest.fixture(autouse=True)
def worker_here(settings, tmp_path):
    """Heartbeats in the test's folder; a task enqueued (the undo) runs at once."""
    settings.VAR_DIR = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def stopped_job(monkeypatch: Any, *, language: str = "en") -> ImportJob:
    """A job whose worker died at the last row of `changing_file` (the undo entries of the others stay)."""
    job = ImportJob.objects.create(
        kind="listings",
        status=ImportStatus.RUNNING,
        original_name="change.csv",
        language=language,
        started_at=timezone.now() - timedelta(hours=1),
    )
    plan = plan_file(kind="listings", name="change.csv", data=changing_file(), publish=True)
    real_create = catalog_services.listing_create

    def create(**kwargs: Any) -> Listing:
        if kwargs["external_id"] == "w-11":
            raise SystemExit  # killed: nothing of the import's own code runs after it
        return real_create(**kwargs)

    monkeypatch.setattr(applying, "CHUNK_ROWS", 1)  # every row before it is committed
    monkeypatch.setattr(catalog_services, "listing_create", create)
    monkeypatch.setattr(applying, "import_undo", lambda run: UndoResult())
    with pytest.raises(SystemExit):
        import_apply(plan, by=None, run=services.import_run_key(job.pk), chunked=True)
    monkeypatch.undo()
    assert Listing.objects.get(external_id="w-00").price == Decimal("500")
    assert ImportUndo.objects.filter(run=services.import_run_key(job.pk)).exists()
    return job


def test_it_keeps_a_sellers_edit_made_after_the_import_and_takes_back_the_rest(listings, monkeypatch, alice):
    before = {external_id: listing(external_id) for external_id in ("w-00", "w-01", "w-02")}
    job = stopped_job(monkeypatch)
    # The seller corrects the description the import wrote, before the stopped import is undone.
    catalog_services.listing_update(
        listing=Listing.objects.get(external_id="w-00"), by=alice, description_th="คำบรรยายที่ผู้ขายแก้"
    )

    assert services.import_jobs_fail_stalled() == 1

    edited = Listing.objects.get(external_id="w-00")
    assert edited.price == Decimal("100")  # the import's price is taken back
    assert edited.description_th == "คำบรรยายที่ผู้ขายแก้"  # the seller's edit stays
    assert listing("w-01") == before["w-01"]  # untouched since: exactly as before the import
    assert listing("w-02") == before["w-02"]
    assert not Listing.objects.filter(external_id__in=["w-10", "w-11"]).exists()
    assert not ImportUndo.objects.exists()
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.errors[-1]["message"] == (
        "1 record was edited by someone after the import wrote it: those edits were kept, "
        "and only the rest of what the import wrote was taken back."
    )
    with translation.override("th"):
        assert "1 รายการ" in UndoResult(kept_records={("catalog.listing", 1)}).kept_error().message


def test_a_listing_the_import_created_and_the_seller_edited_since_is_kept(listings, monkeypatch, alice):
    before = {external_id: listing(external_id) for external_id in ("w-00", "w-01", "w-02")}
    job = stopped_job(monkeypatch, language="th")
    catalog_services.listing_update(listing=Listing.objects.get(external_id="w-10"), by=alice, title_th="ผ้าทอลายใหม่")

    assert services.import_job_undo(job_id=job.pk) == 0  # not failed yet: nothing is undone
    assert services.import_jobs_fail_stalled() == 1

    assert Listing.objects.get(external_id="w-10").title_th == "ผ้าทอลายใหม่"
    assert not Listing.objects.filter(external_id="w-11").exists()
    assert {external_id: listing(external_id) for external_id in before} == before
    job.refresh_from_db()
    assert job.errors[-1]["message"].startswith("1 รายการ")


def test_an_import_refused_half_way_keeps_an_edit_made_meanwhile(listings, monkeypatch, alice):
    """Undone at once (a row refused): the seller edited a listing the import had already written."""
    monkeypatch.setattr(applying, "CHUNK_ROWS", 1)  # each row committed: the seller can edit between two
    real_create = catalog_services.listing_create

    def create(**kwargs: Any) -> Listing:
        if kwargs["external_id"] == "w-11":
            raise ValidationError({"title_th": "refused"})
        return real_create(**kwargs)

    def progress(done: int, total: int) -> None:
        if done == 2:  # w-01 written, its transaction committed
            catalog_services.listing_update(listing=Listing.objects.get(external_id="w-01"), by=alice, price=Decimal(7))

    monkeypatch.setattr(catalog_services, "listing_create", create)
    plan = plan_file(kind="listings", name="change.csv", data=changing_file(), publish=True)
    with translation.override("en"):
        result = import_apply(plan, by=None, chunked=True, progress=progress)

    assert not result.written
    assert result.errors[0].message.startswith("1 record was edited")
    edited = Listing.objects.get(external_id="w-01")
    assert (edited.price, edited.description_th) == (Decimal(7), "ผ้าฝ้ายย้อมคราม")
    assert not Listing.objects.filter(external_id="w-10").exists()
    assert not ImportUndo.objects.exists()


def test_a_route_whose_price_and_stops_were_both_edited_since_counts_once(places_data, monkeypatch, alice):
    """A route the import changed (its price and its stops), edited since in both: both edits stay,
    and the job's page counts one record kept, not one per kind of change."""
    from chumchon.places.models import Community

    plan = plan_file(kind="communities", name="c.csv", data=(DATA / "communities.csv").read_bytes())
    assert import_apply(plan, by=None).written
    plan = plan_file(kind="listings", name="l.csv", data=(DATA / "listings.csv").read_bytes(), publish=True)
    assert import_apply(plan, by=None).written
    header, *rows = (DATA / "listings.csv").read_text(encoding="utf-8").splitlines()
    route_row = next(row for row in rows if row.startswith("r-001,"))
    changed = route_row.replace(",1200,", ",1500,").replace("p-001; e-001; skt-02", "e-001; skt-02")
    job = ImportJob.objects.create(
        kind="listings", status=ImportStatus.RUNNING, original_name="r.csv", language="en",
        started_at=timezone.now() - timedelta(hours=1),
    )  # fmt: skip

    def progress(done: int, total: int) -> None:
        if done == total:  # the route's stops written and committed: then the worker is killed
            raise SystemExit

    monkeypatch.setattr(applying, "CHUNK_ROWS", 1)
    monkeypatch.setattr(applying, "import_undo", lambda run: UndoResult())
    plan = plan_file(kind="listings", name="r.csv", data="\n".join([header, changed]).encode(), publish=True)
    with pytest.raises(SystemExit):
        import_apply(plan, by=None, run=services.import_run_key(job.pk), chunked=True, progress=progress)
    monkeypatch.undo()
    route = Listing.objects.get(external_id="r-001")
    assert route.price == Decimal("1500") and route.stops.count() == 2
    # The seller edits both before the stopped import is undone.
    catalog_services.listing_update(listing=route, by=alice, price=Decimal("1300"))
    catalog_services.route_set_stops(
        route=route, stops=[catalog_services.StopSpec(community=Community.objects.get(external_id="skt-02"))]
    )

    assert services.import_jobs_fail_stalled() == 1

    route.refresh_from_db()
    assert route.price == Decimal("1300")
    assert [stop.community_id for stop in route.stops.all()] == [Community.objects.get(external_id="skt-02").pk]
    job.refresh_from_db()
    assert job.errors[-1]["message"].startswith("1 record was edited")
