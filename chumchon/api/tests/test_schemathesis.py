"""Fuzz the API from its own OpenAPI schema: no server errors, responses conform to the schema.

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


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
def test_it_conforms_to_its_schema(case, demo_data, keep_test_connection):
    case.call_and_validate(checks=CHECKS)
