"""The article filters are one FilterSet: the knowledge page and the API give the same articles."""

import re

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("params", [{"topic": "weaving"}, {"city": "sukhothai", "kind": "guide"}, {"q": "ผ้า"}])
def test_the_knowledge_page_and_the_api_filter_alike(client, demo_data, params):
    html = client.get("/knowledge/", params).content.decode()
    data = APIClient().get("/api/v1/articles/", {**params, "page_size": 100}).json()
    assert 0 < data["count"] <= 20  # one page of the knowledge page
    on_page = set(re.findall(r'<h2><a href="/knowledge/([^/"]+)/">', html))
    assert on_page == {item["slug"] for item in data["results"]}


def test_an_unknown_topic_is_named_on_the_page_and_by_the_api(client, demo_data):
    response = client.get("/en/knowledge/", {"topic": "weving"})
    assert response.status_code == 400
    assert 'id="k-topic-error">No topic is called “weving”.</span>' in response.content.decode()
    response = APIClient().get("/api/v1/articles/", {"topic": "weving"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "topic", "code": "invalid", "message": "No topic is called “weving”."}
    ]
