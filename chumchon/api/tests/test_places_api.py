import pytest

from chumchon.places.tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db


def test_it_lists_the_77_provinces(client):
    data = client.get("/api/v1/provinces/?page_size=100").json()
    assert data["count"] == 77
    assert {"code": "64", "name_th": "สุโขทัย", "name_en": "Sukhothai", "slug": "sukhothai"} in data["results"]


@pytest.mark.parametrize("province", ["สุโขทัย", "Sukhothai", "sukhothai", "64", "จ.สุโขทัย", "จังหวัดสุโขทัย"])
def test_it_lists_sukhothais_nine_districts_by_any_name(client, province):
    data = client.get("/api/v1/districts/", {"province": province}).json()
    assert data["count"] == 9
    assert data["results"][0] == {
        "code": "6401",
        "name_th": "เมืองสุโขทัย",
        "name_en": "Mueang Sukhothai",
        "slug": "mueang-sukhothai",
        "province": "64",
    }


def test_it_says_which_province_it_does_not_know(client):
    response = client.get("/api/v1/districts/", {"province": "Sukhotai"})
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "province", "code": "invalid", "message": "ไม่มีจังหวัดชื่อ “Sukhotai”"}]
    response = client.get("/api/v1/districts/", {"province": "Sukhotai"}, headers={"accept-language": "en"})
    assert response.json()["errors"] == [
        {"field": "province", "code": "invalid", "message": "No province is called “Sukhotai”."}
    ]


def test_it_filters_communities_by_province_district_and_area(client, demo_data):
    everything = client.get("/api/v1/communities/").json()["count"]
    sukhothai = client.get("/api/v1/communities/", {"province": "Sukhothai"}).json()
    assert 11 <= sukhothai["count"] < everything
    si_satchanalai = client.get("/api/v1/communities/", {"province": "สุโขทัย", "district": "ศรีสัชนาลัย"}).json()
    assert si_satchanalai["count"] == 3
    assert {item["district"]["name_en"] for item in si_satchanalai["results"]} == {"Si Satchanalai"}
    nan = client.get("/api/v1/communities/", {"area": "nan-old-city"}).json()
    assert [item["province"]["name_th"] for item in nan["results"]] == ["น่าน"]


def test_it_hides_unpublished_communities(client):
    CommunityFactory(is_published=False, name_en="Hidden")
    assert client.get("/api/v1/communities/").json()["count"] == 0


def test_it_pages_with_page_size_up_to_100(client):
    CommunityFactory.create_batch(105)
    data = client.get("/api/v1/communities/", {"page_size": 500}).json()
    assert data["count"] == 105
    assert len(data["results"]) == 100
    assert data["next"].endswith("page=2&page_size=500")
    assert len(client.get("/api/v1/communities/", {"page_size": 5}).json()["results"]) == 5


def test_it_runs_a_constant_number_of_queries(client, django_assert_num_queries):
    CommunityFactory.create_batch(3)
    with django_assert_num_queries(2):
        client.get("/api/v1/communities/")
    CommunityFactory.create_batch(30)
    with django_assert_num_queries(2):
        client.get("/api/v1/communities/")


def test_it_is_read_only_for_visitors(client, demo_data):
    assert client.post("/api/v1/communities/", {"name_th": "x"}).status_code == 401
