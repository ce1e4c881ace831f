import pytest

pytestmark = pytest.mark.django_db


def test_it_refuses_nul_characters_in_api_filters_with_a_clear_400(client):
    response = client.get("/api/v1/communities/", {"province": "สุโขทัย\x00"})
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


def test_it_answers_a_path_with_nul_as_not_found(client):
    assert client.get("/api/v1/provinces/6%004/").status_code == 404


def test_it_refuses_nul_characters_on_pages_too(client):
    assert client.get("/listings/", {"district": "\x00"}).status_code == 400


def test_it_answers_api_responses_in_the_language_asked_for(client):
    response = client.get("/api/v1/districts/", {"province": "Nowhere"}, headers={"accept-language": "en"})
    assert response["Content-Language"] == "en"
