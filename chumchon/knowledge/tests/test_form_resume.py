"""A writer or reader whose session expired while she typed finds it again after signing in (issue 22)."""

import pytest

from chumchon.core.tests.form_resume import send_after_expiry
from chumchon.knowledge import services
from chumchon.knowledge.models import Article, Comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(officer):
    article = services.article_create(by=officer, title_th="คู่มือการทอผ้า", body_th="# วิธีทอ")
    return services.article_submit(article=article, by=officer)


def test_a_new_article_keeps_what_was_typed(client, officer):
    typed = {"kind": "guide", "title_th": "การย้อมครามธรรมชาติ", "body_th": "หมักครามสิบสี่วัน แล้วจึงย้อม"}
    html = send_after_expiry(client, officer, page="/knowledge/new/", action="/knowledge/new/", data=typed)
    assert "การย้อมครามธรรมชาติ" in html and "หมักครามสิบสี่วัน แล้วจึงย้อม" in html
    assert not Article.objects.exists()  # filled in, not saved: she checks it and saves it herself


def test_the_article_editor_keeps_what_was_typed(client, officer, article):
    page = f"/knowledge/edit/{article.pk}/"
    typed = {"kind": article.kind, "title_th": "คู่มือการทอผ้า", "body_th": "## ขั้นตอนใหม่ที่ยาวมาก"}
    html = send_after_expiry(client, officer, page=page, action=page, data=typed)
    assert "## ขั้นตอนใหม่ที่ยาวมาก" in html
    article.refresh_from_db()
    assert article.body_th == "# วิธีทอ"


def test_a_comment_keeps_what_was_typed(client, bob, article):
    page = article.get_absolute_url()
    text = "ขอสอบถามว่าใช้ครามจากที่ไหนคะ ซื้อได้ที่ตลาดไหน"
    html = send_after_expiry(client, bob, page=page, action=f"{page}comment/", data={"text": text})
    assert text in html
    assert not Comment.objects.exists()
    assert text not in client.get(page).content.decode()  # given back once
