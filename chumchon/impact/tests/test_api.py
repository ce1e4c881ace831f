import datetime as dt

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_it_gives_officers_the_same_figures_as_the_dashboard(api, officer, weavers, potters, record, deal, survey):
    record(weavers, dt.date(2025, 10, 1), "1000", visitors=5)
    deal(potters, dt.date(2026, 9, 30), "3000")
    survey(weavers, ["0", "0", "0", "8000"])
    api.force_authenticate(officer)
    data = api.get("/api/v1/impact/figures/?fiscal_year=2569").json()
    assert data["totals"]["income"] == "4000.00" and data["totals"]["visitors"] == 5
    assert data["start"] == "2025-10-01" and data["end"] == "2026-09-30"
    assert len(data["months"]) == 12 and data["months"][0]["income"] == "1000.00"
    assert data["households"]["gini"] == "0.7500"
    assert data["communities_distribution"]["gini"] == "0.2500"  # 1,000 and 3,000
    assert [row["id"] for row in data["communities"]] == ["ko-noi", "hat-siao"]
    assert {row["id"] for row in data["districts"]} == {"6401", "6405"}


def test_it_lets_members_read_only_their_own_community(api, alice, charlie, weavers, potters):
    api.force_authenticate(alice)
    assert api.get("/api/v1/impact/figures/?community=hat-siao").status_code == 200
    assert api.get("/api/v1/impact/figures/?community=ko-noi").status_code == 404
    assert api.get("/api/v1/impact/figures/").status_code == 404
    api.force_authenticate(charlie)
    assert api.get("/api/v1/impact/figures/?community=hat-siao").status_code == 404
    api.force_authenticate(None)
    assert api.get("/api/v1/impact/figures/").status_code == 404


def test_it_answers_bad_filters_with_400(api, officer, weavers):
    api.force_authenticate(officer)
    response = api.get("/api/v1/impact/figures/?fiscal_year=9999&province=atlantis", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert {error["field"] for error in response.json()["errors"]} == {"fiscal_year", "province"}


def test_it_documents_the_endpoint(api):
    schema = api.get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/impact/figures/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"fiscal_year", "area", "province", "district", "community"}
    assert {"200", "400", "404"} <= set(operation["responses"])
