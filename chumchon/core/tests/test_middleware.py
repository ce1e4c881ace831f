import pytest

pytestmark = pytest.mark.django_db


def test_it_drops_nul_characters_from_filters(client, demo_data):
    response = client.get("/api/v1/communities/", {"province": "สุโข\x00ทัย"})
    assert response.status_code == 200
    assert response.json()["count"] >= 11


def test_it_answers_a_path_with_nul_as_not_found(client):
    assert client.get("/api/v1/provinces/6%004/").status_code == 404


def test_it_answers_a_search_for_nul_sensibly(client):
    assert client.get("/search/", {"q": "\x00"}).status_code == 200
    assert client.get("/api/v1/search/suggest", {"q": "ผ้า\x00"}).status_code == 200


def test_it_answers_api_responses_in_the_language_asked_for(client):
    response = client.get("/api/v1/districts/", {"province": "Nowhere"}, headers={"accept-language": "en"})
    assert response["Content-Language"] == "en"


def test_signing_out_tells_the_browser_to_clear_what_it_saved(client, alice):
    client.force_login(alice)
    assert "Clear-Site-Data" not in client.get("/")
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "Clear-Site-Data" not in client.get("/")  # only the sign-out itself


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("/accounts/login/", {"login": "alice@example.com\x00", "password": "x"}),  # text
        ("/en/accounts/login/", {"login\x00": "alice@example.com", "password": "x"}),  # a field's name
        ("/staff/import/", {"kind": "listings\x00"}),  # a choice
        ("/inbox/new/", {"community": "1\x00", "body": "สวัสดี"}),  # a model choice: a 500 on PostgreSQL before
        ("/staff/import/1/categories/", {"label-0": "ผ้า", "choice-0": "textiles\x00"}),  # a slug
    ],
)
def test_a_form_posted_with_nul_is_refused_with_400_never_500(client, officer, path, form):
    if "/login/" not in path:
        client.force_login(officer)
    response = client.post(path, form)
    assert response.status_code == 400
    english = path.startswith("/en/")
    assert ("The form holds a NUL character" if english else "แบบฟอร์มมีอักขระ NUL") in response.content.decode()


def test_a_multipart_form_posted_with_nul_is_refused(client, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer)
    upload = SimpleUploadedFile("a.csv", b"external_id\n")
    response = client.post("/staff/import/", {"kind": "communities\x00", "file": upload})
    assert response.status_code == 400


def test_an_api_form_body_with_nul_gets_the_apis_error_shape(client, alice):
    # {"event": "a\x00b"} as a form body was a 500 on PostgreSQL before.
    client.force_login(alice)
    response = client.post("/api/v1/matching/registrations/", {"event": "a\x00b"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_forms_without_nul_are_read_as_before(client, alice):
    from chumchon.accounts.tests.factories import PASSWORD

    response = client.post("/accounts/login/", {"login": "alice@example.com", "password": PASSWORD})
    assert response.status_code == 302
