"""Fuzz the API from its own OpenAPI schema: no server errors, responses conform to the schema.

Run by `make test` on SQLite and on PostgreSQL (CI runs both), anonymously and signed in as a
seller (the demo data is loaded once for the module; each case runs in a savepoint), with both valid and
invalid data (schemathesis' positive and negative modes) and Hypothesis derandomized: the same examples every run, so a failure found once is found again.
Marked `schema` (`pytest -m schema` runs only these).

Unknown filter values (a misspelt province) are answered with a 400 that names the value; that is
deliberate, so the "schema-valid request rejected" check is not among those run. Every 4xx answer,
documented or not, must have the one error body (chumchon/core/api_errors.py).
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from chumchon.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)


def error_body_shape(ctx, response, case):
    """A 4xx body is {"detail": str, "code": str, "errors": [{"field": str|null, "code": str, "message": str}]}."""
    if not 400 <= response.status_code < 500:
        return None
    body = response.json()
    assert isinstance(body, dict) and set(body) == {"detail", "code", "errors"}, body
    assert isinstance(body["detail"], str) and isinstance(body["code"], str) and isinstance(body["errors"], list), body
    for error in body["errors"]:
        assert set(error) == {"field", "code", "message"}, body
        assert error["field"] is None or isinstance(error["field"], str), body
        assert isinstance(error["code"], str) and isinstance(error["message"], str), body
    return None


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    error_body_shape,
]


@pytest.fixture(scope="module")
def demo_data_once(django_db_setup, django_db_blocker):
    """The demo data, loaded once for the module in a transaction rolled back at its end: each case
    runs in a savepoint inside it (its writes are undone), instead of loading the data again for each
    of the schema's operations (about 200: minutes of CI time on PostgreSQL)."""
    from django.core.management import call_command
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("demo_load", verbosity=0)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def keep_test_connection():
    """Django's test client stops request_started/finished from closing the connection (which
    would end the test's transaction on PostgreSQL); calling the WSGI app directly needs the same."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def signed_in_headers(email: str) -> dict[str, str]:
    """Headers of a signed-in caller: a session cookie, and a CSRF token that the API's session
    authentication asks of writes. The one place that says how the fuzzer signs in (swap it for an
    API key's header when the API's key authentication is what to exercise)."""
    from django.contrib.auth import get_user_model
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(email=email))
    csrf = _get_new_csrf_string()
    cookies = f"{settings_module().SESSION_COOKIE_NAME}={client.cookies[settings_module().SESSION_COOKIE_NAME].value}"
    return {"Cookie": f"{cookies}; {settings_module().CSRF_COOKIE_NAME}={csrf}", "X-CSRFToken": csrf}


def settings_module():  # django.conf.settings, named apart from hypothesis' settings
    from django.conf import settings as django_settings

    return django_settings


def fuzz(examples: int) -> settings:
    """Hypothesis derandomized (a fixed seed per test): the same examples on every run and machine."""
    return settings(max_examples=examples, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


@pytest.mark.schema
@pytest.mark.django_db
@schema.parametrize()
@fuzz(20)
def test_it_conforms_to_its_schema(case, demo_data_once, keep_test_connection):
    case.call_and_validate(checks=CHECKS)


@pytest.mark.schema
@pytest.mark.django_db
@schema.parametrize()
@fuzz(15)
def test_it_conforms_to_its_schema_signed_in(case, demo_data_once, keep_test_connection):
    case.call_and_validate(checks=CHECKS, headers=signed_in_headers("seller@example.com"))
