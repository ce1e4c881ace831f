import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from chumchon.accounts.tests.factories import MembershipFactory, OrganisationFactory
from chumchon.knowledge import services
from chumchon.knowledge.markdown import render_markdown
from chumchon.knowledge.models import ArticleStatus, Comment, CommentStatus
from chumchon.places.tests.factories import CommunityFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def member(alice):
    organisation = OrganisationFactory(name="วิสาหกิจชุมชนทอผ้า")
    MembershipFactory(user=alice, organisation=organisation)
    CommunityFactory(organisation=organisation, slug="hat-siao")
    return alice


@pytest.fixture
def published(officer):
    article = services.article_create(
        by=officer,
        title_th="คู่มือการทอผ้าซิ่นตีนจก",
        title_en="A guide to teen jok weaving",
        body_th="# วิธีทอ\n\nผ้าซิ่นตีนจกของหาดเสี้ยว",
    )
    return services.article_submit(article=article, by=officer)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_it_never_lets_script_through_markdown():
    html = str(
        render_markdown(
            "<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1))"
            ' <img src=x onerror="alert(1)"> <a href="#" onclick="alert(1)">z</a> [ok](https://example.com)'
        )
    )
    assert "<script" not in html
    assert 'href="javascript' not in html.lower()
    assert "<img" not in html
    assert '<a href="#" onclick' not in html
    assert '<a href="https://example.com" rel="nofollow ugc noopener">ok</a>' in html


def test_it_publishes_officers_articles_at_once(client, published):
    assert published.status == ArticleStatus.PUBLISHED
    response = client.get("/knowledge/")
    assert "คู่มือการทอผ้าซิ่นตีนจก" in response.content.decode()
    detail = client.get(published.get_absolute_url()).content.decode()
    assert "<h1>วิธีทอ</h1>" in detail


def test_it_holds_community_posts_for_review(client, member, officer, charlie):
    article = services.article_create(by=member, title_th="เรื่องเล่าจากหาดเสี้ยว", body_th="ข้อความ")
    services.article_submit(article=article, by=member)
    assert article.status == ArticleStatus.PENDING
    assert "เรื่องเล่าจากหาดเสี้ยว" not in client.get("/knowledge/").content.decode()
    client.force_login(charlie)
    assert client.get(article.get_absolute_url()).status_code == 404
    client.force_login(officer)
    assert "เรื่องเล่าจากหาดเสี้ยว" in client.get("/knowledge/review/").content.decode()
    client.post(f"/knowledge/review/{article.pk}/", {"decision": "approve"})
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_it_returns_an_article_with_a_reason(member, officer):
    article = services.article_create(by=member, title_th="ร่าง")
    services.article_submit(article=article, by=member)
    with pytest.raises(ValidationError):
        services.article_reject(article=article, by=officer, reason=" ")
    services.article_reject(article=article, by=officer, reason="เพิ่มรูปภาพ")
    assert article.status == ArticleStatus.REJECTED


def test_it_refuses_writers_who_are_neither_officers_nor_community_members(client, bob):
    with pytest.raises(ValidationError):
        services.article_create(by=bob, title_th="โฆษณา")
    client.force_login(bob)
    assert client.get("/knowledge/new/").status_code == 404


def test_it_finds_articles_by_a_thai_query_without_spaces(client, published, officer):
    services.article_create(by=officer, title_th="ข่าวอื่น", body_th="ไม่เกี่ยวข้อง")
    other = services.article_create(by=officer, title_th="ข่าวตลาดนัด", body_th="ตลาด")
    services.article_submit(article=other, by=officer)
    page = client.get("/knowledge/", {"q": "ซิ่นตีนจก"}).content.decode()
    assert "คู่มือการทอผ้าซิ่นตีนจก" in page
    assert "ข่าวตลาดนัด" not in page
    assert "A guide to teen jok weaving" in client.get("/en/knowledge/", {"q": "weaving"}).content.decode()


def test_it_accepts_pdfs_and_refuses_fakes(published, officer, media):
    resource = services.resource_add(
        article=published, by=officer, upload=io.BytesIO(PDF), title="คู่มือ", filename="guide.pdf"
    )
    assert resource.kind == "pdf"
    with pytest.raises(ValidationError):
        services.resource_add(
            article=published, by=officer, upload=io.BytesIO(b"MZ not a pdf"), title="x", filename="x.pdf"
        )


def test_it_accepts_photos_as_resources(published, officer, media):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 20, 30)).save(buffer, "PNG")
    resource = services.resource_add(article=published, by=officer, upload=buffer, title="ลาย", filename="a.png")
    assert resource.kind == "image"


def test_it_uploads_a_pdf_through_the_edit_page(client, published, officer, media):
    client.force_login(officer)
    upload = SimpleUploadedFile("guide.pdf", PDF, content_type="application/pdf")
    client.post(f"/knowledge/edit/{published.pk}/files/", {"title": "คู่มือ PDF", "file": upload})
    assert "คู่มือ PDF" in client.get(published.get_absolute_url()).content.decode()


def test_it_moderates_comments(client, published, bob, officer):
    client.force_login(bob)
    client.post(f"{published.get_absolute_url()}comment/", {"text": "ขอสอบถามราคา"})
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING
    client.logout()
    assert "ขอสอบถามราคา" not in client.get(published.get_absolute_url()).content.decode()
    client.force_login(officer)
    client.post(f"/knowledge/comments/{comment.pk}/moderate/", {"decision": "approve"})
    client.logout()
    assert "ขอสอบถามราคา" in client.get(published.get_absolute_url()).content.decode()


def test_it_keeps_a_comment_it_cannot_take_and_says_why(client, published, bob):
    client.force_login(bob)
    long_text = "ขอสอบถามเรื่องการย้อมคราม " * 100  # more than 2,000 characters
    response = client.post(f"{published.get_absolute_url()}comment/", {"text": long_text})
    assert response.status_code == 400
    page = response.content.decode()
    assert "ขอสอบถามเรื่องการย้อมคราม" in page  # what was written is still in the box
    assert "ยาวได้ไม่เกิน 2000 ตัวอักษร" in page  # Django's own message, in Thai
    assert not Comment.objects.exists()


def test_it_rate_limits_comments_but_not_officers(client, published, bob, officer, monkeypatch):
    monkeypatch.setattr(services, "COMMENT_RATE_LIMIT", (2, 3600))
    client.force_login(bob)
    url = f"{published.get_absolute_url()}comment/"
    for n in range(2):
        assert client.post(url, {"text": f"คำถามที่ {n}"}).status_code == 302
    response = client.post(url, {"text": "คำถามที่สาม"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "คำถามที่สาม" in page and "กรุณารอสักครู่" in page
    assert Comment.objects.filter(author=bob).count() == 2
    client.force_login(officer)
    for n in range(3):
        assert client.post(url, {"text": f"คำตอบที่ {n}"}).status_code == 302
    assert Comment.objects.filter(author=officer).count() == 3


def test_it_serves_an_atom_feed(client, published):
    response = client.get("/knowledge/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "คู่มือการทอผ้าซิ่นตีนจก" in response.content.decode()


def test_it_lists_articles_in_a_bounded_number_of_queries(client, officer, django_assert_max_num_queries):
    for n in range(5):
        article = services.article_create(by=officer, title_th=f"บทความ {n}", slug=f"a-{n}")
        services.article_submit(article=article, by=officer)
    with django_assert_max_num_queries(12):
        client.get("/knowledge/")


def test_it_tells_listeners_when_an_article_is_published(officer, django_capture_on_commit_callbacks):
    from chumchon.knowledge.signals import article_saved

    seen = []

    def listener(sender, article, **kwargs):
        seen.append((article.title_th, article.is_published))

    article_saved.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            article = services.article_create(by=officer, title_th="ข่าว")
            services.article_submit(article=article, by=officer)
    finally:
        article_saved.disconnect(listener)
    assert ("ข่าว", True) in seen


def test_it_stores_resources_under_an_unguessable_folder():
    from chumchon.knowledge.models import Resource, resource_path

    first, second = resource_path(Resource(), "guide.pdf"), resource_path(Resource(), "guide.pdf")
    assert first != second
    assert first.endswith("/guide.pdf") and len(first.split("/")[1]) == 32
