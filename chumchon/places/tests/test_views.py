import pytest

from chumchon.places.tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db


def test_it_shows_a_community_with_its_contact_channels(client):
    community = CommunityFactory.create(phone="055-123 456", line_id="@weavers", email="hello@example.com")
    html = client.get(community.get_absolute_url()).content.decode()
    assert community.name_th in html
    assert 'href="tel:055123456"' in html
    assert 'href="https://line.me/R/ti/p/@weavers"' in html
    assert 'href="mailto:hello@example.com"' in html


def test_it_notes_when_the_story_is_only_in_thai(client):
    community = CommunityFactory.create(story_th="เรื่องเล่า", story_en="")
    html = client.get("/en" + community.get_absolute_url()).content.decode()
    assert "not yet available in English" in html
    assert "เรื่องเล่า" in html


def test_it_escapes_what_a_community_wrote(client):
    community = CommunityFactory.create(story_th="<script>alert(1)</script>")
    html = client.get(community.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html


def test_it_hides_unpublished_communities(client):
    community = CommunityFactory.create(is_published=False)
    assert client.get(community.get_absolute_url()).status_code == 404


def test_it_browses_by_province_and_district(client, demo_data):
    html = client.get("/communities/sukhothai/").content.decode()
    assert "ศรีสัชนาลัย" in html and "ชุมชนผ้าซิ่นตีนจกหาดเสี้ยว" in html
    assert "ชุมชนผ้าลายน้ำไหลเมืองน่าน" not in html
    html = client.get("/communities/sukhothai/khiri-mat/").content.decode()
    assert "ชุมชนปั้นหม้อทุ่งหลวง" in html and "ชุมชนผ้าซิ่นตีนจกหาดเสี้ยว" not in html


def test_it_shows_an_empty_district_kindly(client, db):
    response = client.get("/communities/sukhothai/si-nakhon/")
    assert "ยังไม่มีชุมชนเผยแพร่ในพื้นที่นี้" in response.content.decode()


def test_it_paginates_long_lists(client):
    CommunityFactory.create_batch(30)
    html = client.get("/communities/?page=2").content.decode()
    assert "หน้า 2 จาก 2" in html


@pytest.mark.parametrize(
    "url", ["/communities/", "/communities/sukhothai/", "/communities/sukhothai/mueang-sukhothai/"]
)
def test_it_runs_the_same_number_of_queries_whatever_the_number_of_communities(client, url, django_assert_num_queries):
    CommunityFactory.create_batch(3)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    CommunityFactory.create_batch(20)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_it_lists_creative_cities_with_buddhist_era_years(client, demo_data):
    html = client.get("/creative-cities/").content.decode()
    assert "เมืองสร้างสรรค์ของยูเนสโกตั้งแต่ปี 2562" in html  # Sukhothai, 2019
    assert "ปีงบประมาณ 2564" in html  # Nan, candidate
    html = client.get("/en/creative-cities/").content.decode()
    assert "UNESCO Creative City since 2019" in html


def test_it_lists_communities_in_thai_alphabetical_order(client):
    for name in ("ชุมชนขนมไทย", "ชุมชนเกาะยาว", "ชุมชนไก่ชน", "ชุมชนกาแฟ"):
        CommunityFactory.create(name_th=name)
    html = client.get("/communities/").content.decode()
    positions = [html.index(name) for name in ("ชุมชนกาแฟ", "ชุมชนเกาะยาว", "ชุมชนไก่ชน", "ชุมชนขนมไทย")]
    assert positions == sorted(positions)  # code points would put เกาะ and ไก่ after ขนม
