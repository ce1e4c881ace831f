import pytest
from rest_framework.test import APIClient

from chumchon.knowledge import services
from chumchon.knowledge.models import Article

pytestmark = pytest.mark.django_db


def test_it_lists_published_articles_with_safe_html(officer):
    article = services.article_create(by=officer, title_th="คู่มือย้อมคราม", body_th="**หมัก** <script>x</script>")
    services.article_submit(article=article, by=officer)
    services.article_create(by=officer, title_th="ร่างลับ")
    data = APIClient().get("/api/v1/articles/", {"q": "ย้อมคราม"}).json()
    assert data["count"] == 1
    assert "<strong>หมัก</strong>" in data["results"][0]["html"]
    assert "<script>" not in data["results"][0]["html"]
    assert APIClient().get("/api/v1/articles/").json()["count"] == 1


def test_it_lets_only_officers_write(officer, alice):
    client = APIClient()
    client.force_authenticate(alice)
    assert client.post("/api/v1/articles/", {"title_th": "x"}, format="json").status_code == 403
    client.force_authenticate(officer)
    response = client.post("/api/v1/articles/", {"title_th": "ข่าวใหม่", "body_th": "ข้อความ"}, format="json")
    assert response.status_code == 201, response.content
    assert Article.objects.get().is_published
