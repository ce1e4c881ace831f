from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

JUDGED = json.loads((Path(__file__).parent / "judged.json").read_text(encoding="utf-8"))


@pytest.fixture
def judged_catalog(demo_data: Any) -> dict[str, int]:
    """The demo catalogue plus the judged set's listings, published through the catalog services
    (so the index is kept in step by the signal): {external id: listing id}."""
    from chumchon.catalog import services
    from chumchon.catalog.models import Category, Listing
    from chumchon.places.models import Community

    communities = {c.external_id: c for c in Community.objects.all()}
    categories = {c.slug: c for c in Category.objects.all()}
    for spec in JUDGED["listings"]:
        listing = services.listing_create(
            community=communities[spec["community"]],
            kind=spec["kind"],
            by=None,
            tags=spec["tags"],
            external_id=spec["external_id"],
            title_th=spec["title_th"],
            title_en=spec["title_en"],
            description_th=spec["description_th"],
            description_en=spec["description_en"],
            category=categories[spec["category"]],
        )
        services.listing_publish_directly(listing=listing, by=None)
    return {
        external: pk
        for external, pk in Listing.objects.exclude(external_id=None).values_list("external_id", "id")
        if external
    }


@pytest.fixture
def search_officer(db: Any) -> Any:
    """A staff user (the demo data already has officer@example.com)."""
    from chumchon.accounts.tests.factories import UserFactory

    return UserFactory(email="search-officer@example.com", name="Search officer", is_staff=True)
