"""Every API error answers one body: {"detail", "code", "errors": [{"field", "code", "message"}]},
in Thai unless the caller asks for English."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.test import APIClient, APIRequestFactory

from chumchon.core.api_errors import exception_handler

pytestmark = pytest.mark.django_db

THAI = re.compile("[\u0e00-\u0e7f]")
LANGUAGES = ["th", "en"]


def assert_error(response: Any, status: int, code: str, language: str) -> dict[str, Any]:
    """The one documented shape, with people's words in the asked-for language."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"detail", "code", "errors"}
    assert body["code"] == code
    assert isinstance(body["detail"], str) and body["detail"]
    assert body["errors"], body
    for error in body["errors"]:
        assert set(error) == {"field", "code", "message"}
        assert error["field"] is None or isinstance(error["field"], str)
        assert isinstance(error["code"], str) and error["code"]
    texts = [body["detail"]] + [error["message"] for error in body["errors"]]
    if language == "th":
        assert THAI.search(body["detail"]), body
    else:
        assert not any(THAI.search(text) for text in texts), body
    return body


def call(client: APIClient, method: str, url: str, language: str, **kwargs: Any) -> Any:
    return getattr(client, method)(url, headers={"Accept-Language": language}, **kwargs)


@pytest.fixture
def community(alice: Any) -> Any:
    from chumchon.accounts.services import organisation_create
    from chumchon.places.tests.factories import CommunityFactory

    organisation = organisation_create(by=alice, name="วิสาหกิจชุมชนทอผ้า", kind="community_enterprise")
    return CommunityFactory(name_th="ชุมชนทอผ้า", name_en="Weavers", slug="weavers", organisation=organisation)


@pytest.fixture
def conversation(bob: Any, community: Any) -> Any:
    from chumchon.inquiries.services import conversation_start

    return conversation_start(buyer=bob, community=community, body="ขอราคาส่งครับ", kind="question")


def signed_in(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


# --- Each kind of error -------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_names_each_missing_field_of_a_bad_post(language, bob, community):
    response = call(
        signed_in(bob), "post", "/api/v1/conversations/", language, data={"community": "weavers"}, format="json"
    )
    body = assert_error(response, 400, "invalid", language)
    assert body["errors"] == [
        {"field": "body", "code": "required", "message": "ฟิลด์นี้จำเป็น" if language == "th" else "This field is required."}
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_flattens_nested_errors_to_dotted_field_names(language, alice, conversation):
    data = {"conversation": conversation.pk, "valid_until": "2099-01-31", "lines": [{"description": "ผ้า"}]}
    response = call(signed_in(alice), "post", "/api/v1/quotes/", language, data=data, format="json")
    body = assert_error(response, 400, "invalid", language)
    assert {error["field"] for error in body["errors"]} == {"lines.0.quantity", "lines.0.unit_price"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_names_a_matching_registration_for_an_unknown_event(language, alice):
    data = {"event": "no-such-event", "organisation": 1, "role": "seller"}
    response = call(signed_in(alice), "post", "/api/v1/matching/registrations/", language, data=data, format="json")
    body = assert_error(response, 400, "invalid", language)
    assert "event" in {error["field"] for error in body["errors"]}


def test_it_answers_a_services_validation_error_per_field():
    """Django's ValidationError from a service: one entry per field, `__all__` as null."""
    from django.utils import translation

    request = APIRequestFactory().post("/api/v1/anything/")
    error = DjangoValidationError(
        {"title": [DjangoValidationError("Too long.", code="max_length")], "__all__": ["Closed."]}
    )
    with translation.override("en"):
        response = exception_handler(error, {"request": request, "view": None})
    assert response is not None and response.status_code == 400
    assert response.data["code"] == "invalid"
    assert response.data["errors"] == [
        {"field": "title", "code": "max_length", "message": "Too long."},
        {"field": None, "code": "invalid", "message": "Closed."},
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_asks_a_visitor_to_sign_in_before_writing(language, community):
    response = call(APIClient(), "post", "/api/v1/conversations/", language, data={"community": "weavers", "body": "x"})
    assert_error(response, 401, "not_authenticated", language)
    assert response["WWW-Authenticate"] == "Api-Key"


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_refuses_a_bad_token(language):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = call(client, "get", "/api/v1/conversations/", language)
    assert_error(response, 401, "authentication_failed", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_refuses_a_writer_without_the_right(language, bob):
    response = call(signed_in(bob), "post", "/api/v1/articles/", language, data={"title_th": "x"}, format="json")
    assert_error(response, 403, "permission_denied", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_services_permission_denied_is_a_403(language, alice, bob, conversation):
    """The buyer may not send a quote: the service raises PermissionDenied."""
    data = {"conversation": conversation.pk, "valid_until": "2099-01-31", "lines": []}
    response = call(signed_in(bob), "post", "/api/v1/quotes/", language, data=data, format="json")
    assert_error(response, 403, "permission_denied", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_someone_elses_conversation_is_a_404(language, charlie, conversation):
    response = call(signed_in(charlie), "get", f"/api/v1/conversations/{conversation.pk}/", language)
    assert_error(response, 404, "not_found", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unknown_api_address_is_a_404_of_the_same_shape(language, settings):
    settings.DEBUG = False
    response = call(APIClient(), "get", "/api/v1/no-such-thing/", language)
    assert_error(response, 404, "not_found", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_refuses_a_method_the_address_does_not_take(language, bob):
    response = call(signed_in(bob), "delete", "/api/v1/provinces/", language)
    assert_error(response, 405, "method_not_allowed", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_says_a_body_could_not_be_read(language, bob):
    response = call(
        signed_in(bob), "post", "/api/v1/conversations/", language, data="{not json", content_type="application/json"
    )
    assert_error(response, 400, "parse_error", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_refuses_a_kind_of_body_it_does_not_read(language, bob):
    response = call(signed_in(bob), "post", "/api/v1/conversations/", language, data="hello", content_type="text/plain")
    assert_error(response, 415, "unsupported_media_type", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_too_many_messages_is_a_429_with_retry_after(language, bob, conversation, settings):
    settings.RATE_LIMITS = {"message": (1, 600)}
    client = signed_in(bob)
    url = f"/api/v1/conversations/{conversation.pk}/messages/"
    assert call(client, "post", url, language, data={"body": "1"}, format="json").status_code == 201
    response = call(client, "post", url, language, data={"body": "2"}, format="json")
    body = assert_error(response, 429, "rate_limited", language)
    assert body["errors"][0]["code"] == "rate_limited"
    assert 0 < int(response["Retry-After"]) <= 600
