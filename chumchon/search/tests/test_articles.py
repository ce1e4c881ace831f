import pytest

from chumchon.knowledge import services as knowledge

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide(officer):
    article = knowledge.article_create(
        by=officer, title_th="คู่มือย้อมผ้าด้วยครามธรรมชาติ", title_en="A guide to natural indigo dyeing",
        body_th="ขั้นตอนการก่อหม้อครามและการย้อมผ้าฝ้ายทอมือ",
    )  # fmt: skip
    return knowledge.article_submit(article=article, by=officer)


def test_it_shows_matching_articles_in_the_site_search(client, guide):
    html = client.get("/search/", {"q": "ย้อมคราม"}).content.decode()
    assert "คู่มือย้อมผ้าด้วยครามธรรมชาติ" in html
    assert "/knowledge/?q=" in html


def test_it_leaves_out_articles_that_are_not_published(client, officer):
    knowledge.article_create(by=officer, title_th="ร่างบทความเรื่องคราม")
    assert "ร่างบทความเรื่องคราม" not in client.get("/search/", {"q": "คราม"}).content.decode()


def test_it_finds_articles_in_english_too(client, guide):
    html = client.get("/en/search/", {"q": "indigo"}).content.decode()
    assert "A guide to natural indigo dyeing" in html
