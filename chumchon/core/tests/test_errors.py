import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):
    settings.DEBUG = False


def test_it_shows_a_thai_404_page(client, production):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "ไม่พบหน้าที่คุณต้องการ" in response.content.decode()


def test_it_shows_an_english_404_page(client, production):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_it_shows_a_bilingual_500_page(production, monkeypatch):
    from chumchon.core import views

    monkeypatch.setattr(views.places, "communities_for_browse", lambda: 1 / 0)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "ขออภัย เกิดข้อผิดพลาดในระบบ" in html
    assert "Sorry, something went wrong" in html


def test_it_shows_a_403_page_in_english(rf, production):
    from django.utils import translation

    from chumchon.core.views import permission_denied

    with translation.override("en"):
        request = rf.get("/en/")
        from django.contrib.auth.models import AnonymousUser

        request.user = AnonymousUser()
        response = permission_denied(request)
    assert response.status_code == 403
    assert "You are not allowed" in response.content.decode()
