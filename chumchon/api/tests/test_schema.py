import re

import pytest

pytestmark = pytest.mark.django_db


def test_it_serves_an_openapi_3_schema_as_json(client):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/provinces/", "/api/v1/districts/", "/api/v1/communities/"} <= set(schema["paths"])


def test_it_serves_swagger_ui_from_this_site(client):
    html = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(asset.startswith("/") for asset in assets), assets
    for asset in assets:
        if asset.startswith("/static/"):
            assert client.get(asset).status_code == 200, asset


def test_it_answers_unknown_api_urls_with_json(client, settings):
    settings.DEBUG = False
    response = client.get("/api/v1/communities/not.a.slug/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()
