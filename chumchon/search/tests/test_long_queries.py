"""Hardening (issue 22): a very long `q` is cut to the first MAX_QUERY_WORDS words, says so, and never
answers 500 (SQLite refused 1,000 words with "Expression tree is too large")."""

from __future__ import annotations

from typing import Any

import pytest

from chumchon.search.text import MAX_QUERY_WORDS, limit_words

pytestmark = pytest.mark.django_db

THAI_WORDS = " ".join(["ผ้า", "ทอ", "มือ", "สุโขทัย", "สังคโลก"] * 200)  # 1,000 words
ENGLISH_WORDS = " ".join(f"word{i}" for i in range(1000))
LONG_TEXT = "ผ้าทอมือ" * 2500  # 20,000 characters without a space
LONG_SPACED = ("a " * 10_000)[:20_000]  # 20,000 characters, 10,000 one-letter words

HTML_PAGES = ["/knowledge/", "/en/knowledge/", "/search/", "/en/search/", "/search/suggest/"]
API_ENDPOINTS = ["/api/v1/listings/", "/api/v1/articles/", "/api/v1/search/suggest"]
QUERIES = {
    "1000 Thai words": THAI_WORDS,
    "1000 English words": ENGLISH_WORDS,
    "20000 characters": LONG_TEXT,
    "20000 characters of one-letter words": LONG_SPACED,
    "NUL byte": "ผ้า\x00ทอ",
    "only a NUL byte": "\x00",
}


def test_limit_words_keeps_the_first_words_and_says_whether_it_cut() -> None:
    assert limit_words("ผ้า  ทอ มือ") == ("ผ้า ทอ มือ", False, 3)
    cut = limit_words(ENGLISH_WORDS)
    assert cut.was_cut and cut.text.split() == [f"word{i}" for i in range(MAX_QUERY_WORDS)]
    assert cut.words == MAX_QUERY_WORDS
    # Thai has no spaces: a run counts as its words, and is cut inside.
    cut = limit_words(LONG_TEXT)
    assert cut.was_cut and cut.words == MAX_QUERY_WORDS and LONG_TEXT.startswith(cut.text)


def test_html_pages_answer_200(client: Any, demo_data: Any) -> None:
    # One test (not one per case): loading the demo data is what takes the time.
    for url in HTML_PAGES:
        for name, query in QUERIES.items():
            assert client.get(url, {"q": query}).status_code == 200, (url, name)


def test_api_answers_200_or_a_clear_400(client: Any, demo_data: Any) -> None:
    for url in API_ENDPOINTS:
        for name, query in QUERIES.items():
            response = client.get(url, {"q": query})
            assert response.status_code in (200, 400), (url, name, response.content[:300])
            if response.status_code == 400:
                assert "q" in response.json(), (url, name)


@pytest.mark.parametrize("url", ["/knowledge/", "/search/"])
def test_a_cut_query_is_named_on_the_page(client: Any, demo_data: Any, url: str) -> None:
    body = client.get("/en" + url, {"q": ENGLISH_WORDS}).content.decode()
    assert f"Only the first {MAX_QUERY_WORDS} words were searched" in body
    body = client.get(url, {"q": ENGLISH_WORDS}).content.decode()
    assert f"ค้นหาเฉพาะ {MAX_QUERY_WORDS} คำแรก" in body
    body = client.get("/en" + url, {"q": "silk scarf"}).content.decode()
    assert "were searched" not in body


def test_a_long_query_still_finds_what_its_first_words_find(client: Any, demo_data: Any) -> None:
    from chumchon.knowledge.models import Article

    article = Article.objects.published().first()
    assert article is not None
    word = article.search_text.split()[0]
    found = client.get("/knowledge/", {"q": (word + " ") * 1000}).context["page_obj"].object_list
    assert article in found
    short = client.get("/search/", {"q": "ผ้า"}).context["page"].object_list
    long = client.get("/search/", {"q": "ผ้า " * 1000}).context["page"].object_list
    assert short and list(long) == list(short)
