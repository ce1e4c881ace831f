"""The preview beside the Markdown editor, and the author hearing of comments and questions."""

import pytest

from chumchon.knowledge import services
from chumchon.knowledge.models import Article, Comment
from chumchon.notifications.models import Notification
from chumchon.notifications.notifier import notifier

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(officer):
    article = services.article_create(by=officer, title_th="คู่มือการทอผ้า", body_th="# วิธีทอ")
    return services.article_submit(article=article, by=officer)


def test_it_previews_the_text_as_the_article_page_shows_it_without_saving(client, officer, article):
    client.force_login(officer)
    typed = {
        "kind": article.kind,
        "title_th": "คู่มือการทอผ้า",
        "body_th": "## ขั้นตอน\n\n**ย้อมคราม** <b>x</b>",
        "preview": "1",
    }
    response = client.post(f"/knowledge/edit/{article.pk}/", typed)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h2>ขั้นตอน</h2>" in page and "<strong>ย้อมคราม</strong>" in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page  # HTML shown as text, as on the article page
    assert "## ขั้นตอน" in page  # the editor keeps what was typed
    article.refresh_from_db()
    assert article.body_th == "# วิธีทอ"  # nothing saved
    # The same renderer as the article page
    assert "<h1>วิธีทอ</h1>" in client.get(article.get_absolute_url()).content.decode()


def test_it_previews_a_new_article_before_its_first_save(client, officer):
    client.force_login(officer)
    response = client.post(
        "/en/knowledge/new/", {"kind": "guide", "title_th": "ใหม่", "body_en": "*Indigo*", "preview": "1"}
    )
    assert response.status_code == 200 and "<em>Indigo</em>" in response.content.decode()
    assert not Article.objects.exists()


def test_it_refreshes_the_preview_for_htmx_and_only_for_writers(client, officer, charlie):
    client.force_login(charlie)
    assert client.post("/knowledge/preview/", {"body_th": "# x"}).status_code == 404
    client.force_login(officer)
    response = client.post("/knowledge/preview/", {"body_th": "# หัวข้อ"}, HTTP_HX_REQUEST="true")
    assert "<h1>หัวข้อ</h1>" in response.content.decode() and "<html" not in response.content.decode()


def test_it_tells_the_author_of_a_comment_once_it_is_approved(client, article, officer, bob, settings, mailoutbox):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.force_login(bob)
    client.post(f"{article.get_absolute_url()}comment/", {"text": "ขอสอบถามว่าใช้ครามจากที่ไหนคะ"})
    assert not Notification.objects.filter(recipient=officer).exists()  # waiting for moderation
    comment = Comment.objects.get()
    client.force_login(officer)
    client.post(f"/knowledge/comments/{comment.pk}/moderate/", {"decision": "approve"})
    notification = Notification.objects.get(recipient=officer)
    notice = notifier.describe(notification, language="en")
    assert notice.subject == "New comment on “คู่มือการทอผ้า”"
    assert "wrote a comment or question on your article" in notice.text
    assert "ขอสอบถามว่าใช้ครามจากที่ไหนคะ" in notice.text
    assert notice.url.endswith(f"{article.get_absolute_url()}#comment-{comment.pk}")
    # An officer's own comment on her article tells no one
    services.comment_add(article=article, by=officer, text_="ขอบคุณค่ะ")
    assert Notification.objects.filter(recipient=officer).count() == 1
