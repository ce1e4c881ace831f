"""The community filters are one FilterSet: the communities page and the API give the same
communities and refuse the same values with the same words."""

import re

import pytest

pytestmark = pytest.mark.django_db


def page_slugs(html: str) -> set[str]:
    return set(re.findall(r'href="/c/([^/"]+)/"', html))


@pytest.mark.parametrize(
    "params",
    [{"province": "สุโขทัย", "district": "ศรีสัชนาลัย"}, {"area": "nan-old-city"}, {"province": "64"}],
)
def test_the_communities_page_and_the_api_filter_alike(client, demo_data, params):
    response = client.get("/communities/", params)
    assert response.status_code == 200
    data = client.get("/api/v1/communities/", {**params, "page_size": 100}).json()
    assert 0 < data["count"] < 24  # one page of the communities page
    assert page_slugs(response.content.decode()) == {item["slug"] for item in data["results"]}


def test_a_misspelt_province_is_named_next_to_its_field_and_by_the_api(client, demo_data):
    response = client.get("/en/communities/", {"province": "Sukhotai"})
    assert response.status_code == 400
    assert 'id="c-province-error">No province is called “Sukhotai”.</span>' in response.content.decode()
    response = client.get("/api/v1/communities/", {"province": "Sukhotai"}, headers={"accept-language": "en"})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "province", "code": "invalid", "message": "No province is called “Sukhotai”."}
    ]


def test_the_filters_narrow_lists_only(client, demo_data):
    assert client.get("/api/v1/districts/6401/", {"province": "Nan"}).json()["name_en"] == "Mueang Sukhothai"
