import pytest

pytestmark = pytest.mark.django_db


def test_it_drops_nul_characters_from_filters(client, demo_data):
    response = client.get("/api/v1/communities/", {"province": "สุโข\x00ทัย"})
    assert response.status_code == 200
    assert response.json()["count"] >= 11


def test_it_answers_a_path_with_nul_as_not_found(client):
    assert client.get("/api/v1/provinces/6%004/").status_code == 404


def test_it_answers_a_search_for_nul_sensibly(client):
    assert client.get("/search/", {"q": "\x00"}).status_code == 200
    assert client.get("/api/v1/search/suggest", {"q": "ผ้า\x00"}).status_code == 200


def test_it_answers_api_responses_in_the_language_asked_for(client):
    response = client.get("/api/v1/districts/", {"province": "Nowhere"}, headers={"accept-language": "en"})
    assert response["Content-Language"] == "en"


def test_signing_out_tells_the_browser_to_clear_what_it_saved(client, alice):
    client.force_login(alice)
    assert "Clear-Site-Data" not in client.get("/")
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "Clear-Site-Data" not in client.get("/")  # only the sign-out itself
