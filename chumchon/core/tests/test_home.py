import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

HOME_QUERY_BUDGET = 10
HOME_WEIGHT_BUDGET = 100 * 1024


def test_it_serves_the_thai_home_page_by_default(client, demo_data):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="th">' in html
    assert "ชุมชนผ้าซิ่นตีนจกหาดเสี้ยว" in html


def test_it_serves_the_english_home_page_under_en(client, demo_data):
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html
    assert "Meet Thailand" in html


def test_it_links_to_the_same_page_in_the_other_language(client, demo_data):
    html = client.get("/communities/sukhothai/").content.decode()
    assert 'href="/en/communities/sukhothai/"' in html
    html = client.get("/en/communities/sukhothai/").content.decode()
    assert 'href="/communities/sukhothai/"' in html


def test_it_runs_at_most_ten_queries(client, demo_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(HOME_QUERY_BUDGET):
        client.get("/")


def test_it_weighs_under_100_kb_with_its_css_and_js(client, demo_data):
    html = client.get("/").content
    total = len(html)
    for asset in re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html):
        path = finders.find(asset.decode())
        assert path, asset
        with open(path, "rb") as handle:
            total += len(handle.read())
    assert total <= HOME_WEIGHT_BUDGET


def test_it_loads_nothing_from_other_sites(client, demo_data):
    html = client.get("/").content.decode()
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html.split("<main")[0])
    assert not re.search(r'<(?:script|link|img)[^>]+(?:src|href)="(?:https?:)?//', html)


def test_it_offers_a_skip_link_and_landmarks(client, demo_data):
    html = client.get("/").content.decode()
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<nav" in html and "<footer" in html


def test_it_shows_an_empty_state_without_communities(client, db):
    html = client.get("/").content.decode()
    assert "ยังไม่มีชุมชนเผยแพร่" in html
