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
    from chumchon.search.tests.judging import install

    return install(JUDGED)


@pytest.fixture
def search_officer(db: Any) -> Any:
    """A staff user (the demo data already has officer@example.com)."""
    from chumchon.accounts.tests.factories import UserFactory

    return UserFactory(email="search-officer@example.com", name="Search officer", is_staff=True)
