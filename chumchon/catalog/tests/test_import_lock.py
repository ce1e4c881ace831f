"""A big import on SQLite writes in short transactions: the site keeps answering meanwhile, and an
import that fails half-way still leaves nothing behind (its earlier transactions are undone)."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.utils import timezone

from chumchon.accounts.services import organisation_create
from chumchon.accounts.tests.factories import PASSWORD
from chumchon.catalog import services as catalog_services
from chumchon.catalog.imports import applying, services
from chumchon.catalog.imports.applying import import_apply
from chumchon.catalog.imports.planning import plan_file
from chumchon.catalog.models import ImportJob, ImportStatus, ImportUndo, Listing, RouteStop
from chumchon.inquiries.models import Message
from chumchon.inquiries.services import conversation_start
from chumchon.places.models import Community
from chumchon.places.tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db(transaction=True)

DATA = Path(__file__).parent / "data"
HEADER = "external_id,community,kind,title_th,category,tags,price,price_unit,stops"


def listings_csv(rows: int, *, title: str = "ผ้าทอลาย", first: int = 0, extra: str = "") -> bytes:
    lines = [HEADER]
    lines += [
        f"w-{i:05d},skt-0{1 + i % 2},product,{title} {i},textiles,ผ้าทอ,{100 + i},piece," for i in range(first, rows)
    ]
    return ("\n".join(lines) + "\n" + extra).encode()


@pytest.fixture
def communities(places_data: Any) -> None:
    plan = plan_file(kind="communities", name="c.csv", data=(DATA / "communities.csv").read_bytes())
    assert import_apply(plan, by=None).written


@pytest.fixture
def setting_up(settings, tmp_path):
    """Media and heartbeats in the test's folder: the worker started after this gets the same."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"


@pytest.mark.worker
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's single write lock is what is tested")
def test_the_site_answers_logins_and_messages_during_a_big_import(setting_up, communities, alice, bob, db_worker):
    organisation = organisation_create(by=alice, name="วิสาหกิจชุมชนทอผ้า", kind="community_enterprise")
    community = CommunityFactory.create(organisation=organisation)
    conversation = conversation_start(buyer=bob, community=community, body="สวัสดีครับ")
    job = services.import_job_enqueue(kind="listings", name="big.csv", data=listings_csv(3000), publish=True)

    deadline = time.monotonic() + 120
    while not Listing.objects.exists():  # the worker has checked the file and committed its first rows
        assert time.monotonic() < deadline and db_worker.process.poll() is None, db_worker.output()
        time.sleep(0.05)
    client = Client()
    started = time.monotonic()
    response = client.post("/accounts/login/", {"login": "bob@example.com", "password": PASSWORD})
    assert response.status_code == 302
    response = client.post(f"/inbox/{conversation.pk}/reply/", {"body": "ยังอยู่ไหมครับ"})
    assert response.status_code == 302
    answered_in = time.monotonic() - started
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING, "the import ended before the site was tried: give it more rows"
    assert Message.objects.filter(conversation=conversation, body="ยังอยู่ไหมครับ").exists()
    assert answered_in < 5  # each request waited for one short transaction at most, never for the import

    deadline = time.monotonic() + 600
    while job.status == ImportStatus.RUNNING:
        assert time.monotonic() < deadline and db_worker.process.poll() is None, db_worker.output()
        time.sleep(0.2)
        job.refresh_from_db()
    assert (job.status, job.created_count) == (ImportStatus.DONE, 3000)
    assert Listing.objects.published().count() == 3000
    assert not ImportUndo.objects.exists()


def state() -> dict[str, Any]:
    """Everything an import may change, as it is in the database."""
    listings = {
        listing.external_id: (
            {key: value for key, value in vars(listing).items() if not key.startswith("_")},
            sorted(listing.tags.values_list("name", flat=True)),
        )
        for listing in Listing.objects.all()
    }
    stops = sorted(RouteStop.objects.values_list("route_id", "position", "listing_id", "community_id", "day"))
    communities = {
        community.pk: {key: value for key, value in vars(community).items() if not key.startswith("_")}
        for community in Community.objects.all()
    }
    return {"listings": listings, "stops": stops, "communities": communities}


def differences(now: Any, before: Any) -> Any:
    if isinstance(now, tuple):
        return [differences(a, b) for a, b in zip(now, before, strict=True)]
    if isinstance(now, dict):
        return {key: (now[key], before.get(key)) for key in now if now[key] != before.get(key)}
    return (now, before) if now != before else None


def assert_same(now: dict[str, Any], before: dict[str, Any]) -> None:
    assert now.keys() == before.keys()
    for part in now:
        assert sorted(now[part], key=str) == sorted(before[part], key=str), part
        if isinstance(now[part], dict):
            for key in now[part]:
                assert now[part][key] == before[part][key], (part, key, differences(now[part][key], before[part][key]))


@pytest.fixture
def existing(communities) -> dict[str, Any]:
    """Ten listings (two of them drafts) and a route through two of them, before the import."""
    route = "r-1,skt-01,route,เส้นทางเดิม,day-trip,,1500,person,w-00000;w-00001\n"
    plan = plan_file(kind="listings", name="first.csv", data=listings_csv(8, extra=route), publish=True)
    assert import_apply(plan, by=None).written
    drafts = (
        HEADER + "\nw-00008,skt-01,product,ร่าง 8,textiles,,8,piece,\nw-00009,skt-02,product,ร่าง 9,textiles,,9,piece,\n"
    )
    plan = plan_file(kind="listings", name="drafts.csv", data=drafts.encode())
    assert import_apply(plan, by=None).written
    return state()


def changing_file() -> bytes:
    """Changes the ten listings (titles, tags, publication), moves the route's stops, adds 40."""
    route = "r-1,skt-01,route,เส้นทางใหม่,day-trip,ใหม่,1600,person,w-00030;skt-02;w-00002\n"
    lines = [HEADER]
    lines += [f"w-{i:05d},skt-0{1 + i % 2},product,ผ้าใหม่ {i},textiles,ใหม่,{200 + i},piece," for i in range(50)]
    return ("\n".join(lines) + "\n" + route).encode()


@pytest.mark.parametrize("how", ["a row is refused", "an unexpected error"])
def test_an_import_failing_half_way_leaves_everything_as_it_was(existing, monkeypatch, how):
    monkeypatch.setattr(applying, "CHUNK_ROWS", 3)  # many short transactions
    real_create = catalog_services.listing_create
    calls = 0

    def failing_create(**kwargs: Any) -> Listing:
        nonlocal calls
        calls += 1
        if calls == 35:  # well after several transactions committed
            if how == "an unexpected error":
                raise RuntimeError("the disk is full")
            raise ValidationError({"title_th": "refused"})
        return real_create(**kwargs)

    monkeypatch.setattr(catalog_services, "listing_create", failing_create)
    plan = plan_file(kind="listings", name="change.csv", data=changing_file(), publish=True)
    assert not plan.errors

    if how == "an unexpected error":
        with pytest.raises(RuntimeError):
            import_apply(plan, by=None, chunked=True)
    else:
        result = import_apply(plan, by=None, chunked=True)
        assert not result.written
        assert [(error.row, error.message) for error in result.errors] == [(2 + 44, "refused")]  # w-00044

    assert calls >= 35
    assert_same(state(), existing)
    assert not ImportUndo.objects.exists()
    assert not Listing.objects.filter(title_th__startswith="ผ้าใหม่").exists()


def test_an_import_in_short_transactions_keeps_everything_when_it_succeeds(existing, monkeypatch):
    monkeypatch.setattr(applying, "CHUNK_ROWS", 3)
    plan = plan_file(kind="listings", name="change.csv", data=changing_file(), publish=True)
    result = import_apply(plan, by=None, chunked=True)

    assert result.written and (result.created, result.updated) == (40, 11)
    assert Listing.objects.published().filter(title_th__startswith="ผ้าใหม่").count() == 50
    route = Listing.objects.get(external_id="r-1")
    assert [
        (stop.listing and stop.listing.external_id, stop.community_id is not None) for stop in route.stops.all()
    ] == [
        ("w-00030", False),
        (None, True),
        ("w-00002", False),
    ]
    assert not ImportUndo.objects.exists()


def test_what_a_stopped_worker_wrote_is_undone_by_the_stalled_job_sweep(existing, monkeypatch, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    monkeypatch.setattr(applying, "CHUNK_ROWS", 3)
    job = ImportJob.objects.create(
        kind="listings",
        status=ImportStatus.RUNNING,
        original_name="change.csv",
        started_at=timezone.now() - timedelta(hours=1),
    )
    plan = plan_file(kind="listings", name="change.csv", data=changing_file(), publish=True)

    def dies(**kwargs: Any) -> Listing:
        raise SystemExit  # the worker is killed half-way: nothing of the import's own code runs after it

    real_create = catalog_services.listing_create
    calls = 0

    def create(**kwargs: Any) -> Listing:
        nonlocal calls
        calls += 1
        return dies() if calls == 20 else real_create(**kwargs)

    monkeypatch.setattr(catalog_services, "listing_create", create)
    monkeypatch.setattr(applying, "import_undo", lambda run: 0)
    with pytest.raises(SystemExit):
        import_apply(plan, by=None, run=services.import_run_key(job.pk), chunked=True)
    assert ImportUndo.objects.filter(run=services.import_run_key(job.pk)).exists()
    monkeypatch.undo()

    assert services.import_jobs_fail_stalled() == 1
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert not ImportUndo.objects.exists()
    assert_same(state(), existing)
