"""The REST API's one error handler (settings.REST_FRAMEWORK["EXCEPTION_HANDLER"]).

Every API error, whatever raised it, answers one body shape (documented in docs/architecture.md
and as the `Error` component of the OpenAPI schema):

    {"detail": "<one sentence>", "code": "<machine code>",
     "errors": [{"field": "<dotted field name or null>", "code": "<code>", "message": "<message>"}]}

Messages are in the request's language (Thai unless Accept-Language asks for English). Services
raise Django's `ValidationError` (400), `PermissionDenied` (403), `Http404` (404) or `RateLimited`
(429): views and viewsets let them through and this handler answers.
"""

from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from chumchon.core.json_bounds import BodyRefused
from chumchon.core.ratelimit import RateLimited

ErrorItem = dict[str, str | None]


def _summaries() -> dict[str, str]:
    """The `detail` sentence of each kind of error (evaluated per request, in its language)."""
    return {
        "invalid": _("Some of the values sent are not valid."),
        "parse_error": _("The request body could not be read."),
        "not_authenticated": _("Sign in, or send an API token, to do this."),
        "authentication_failed": _("The sign-in details or API token are not valid."),
        "permission_denied": _("You are not allowed to do this."),
        "not_found": _("Nothing was found at this address."),
        "method_not_allowed": _("This address does not accept this method."),
        "not_acceptable": _("This address cannot answer in the format asked for."),
        "unsupported_media_type": _("This kind of request body is not accepted here."),
        "throttled": _("Too many requests in a short time."),
        "rate_limited": _("Too many requests in a short time."),
    }


def error_body(*, code: str, errors: list[ErrorItem], detail: str | None = None) -> dict[str, Any]:
    """The documented error shape; `detail` defaults to the summary of `code`."""
    return {
        "detail": detail or _summaries().get(code, _("The request could not be completed.")),
        "code": code,
        "errors": errors,
    }


def _flatten(detail: Any, field: str | None = None) -> list[ErrorItem]:
    """DRF's nested error details as one list, with dotted field names (`lines.0.quantity`)."""
    if isinstance(detail, dict):
        return [item for key, value in detail.items() for item in _flatten(value, _join(field, key))]
    if isinstance(detail, list):
        if detail and all(isinstance(value, dict | list) for value in detail):  # a list of nested objects
            return [item for index, value in enumerate(detail) for item in _flatten(value, _join(field, str(index)))]
        return [item for value in detail for item in _flatten(value, field)]
    code = getattr(detail, "code", None) or "invalid"
    return [{"field": field, "code": str(code), "message": force_str(detail)}]


def _join(parent: str | None, key: str) -> str | None:
    from rest_framework.settings import api_settings

    if key in (api_settings.NON_FIELD_ERRORS_KEY, "__all__", "detail"):
        return parent
    return f"{parent}.{key}" if parent else key


def _django_validation_items(error: DjangoValidationError) -> list[ErrorItem]:
    if hasattr(error, "error_dict"):
        return [
            {"field": _join(None, field), "code": item.code or "invalid", "message": message}
            for field, items in error.error_dict.items()
            for item in items
            for message in item.messages
        ]
    return [
        {"field": None, "code": item.code or "invalid", "message": message}
        for item in error.error_list
        for message in item.messages
    ]


def _own_message(exc: exceptions.APIException, code: str) -> str:
    """The exception's message, unless it is DRF's default wording, which its Thai catalogue only
    partly translates: then our own sentence for the kind of error."""
    message = force_str(exc.detail) if isinstance(exc.detail, str) else ""
    # A parse error's detail is the JSON decoder's, in English whatever the request's language.
    # (A body refused for its bounds says which bound, in the request's language.)
    if (
        not message
        or message == force_str(exc.default_detail)
        or (isinstance(exc, exceptions.ParseError) and not isinstance(exc, BodyRefused))
    ):
        return _summaries().get(code, message)
    return message


def _throttled_message(wait: int) -> str:
    return ngettext(
        "Too many requests in a short time: try again in %(seconds)d second.",
        "Too many requests in a short time: try again in %(seconds)d seconds.",
        wait,
    ) % {"seconds": wait}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler (status, WWW-Authenticate, Retry-After, transaction rollback), then our body."""
    if isinstance(exc, RateLimited):
        items = _django_validation_items(exc)
        response = drf_exception_handler(exceptions.Throttled(wait=exc.retry_after), context)
        assert response is not None  # DRF answers every APIException
        response.data = error_body(code="rate_limited", errors=items, detail=_validation_detail(items))
        return response
    if isinstance(exc, DjangoValidationError):
        items = _django_validation_items(exc)
        response = drf_exception_handler(exceptions.ValidationError(), context)
        assert response is not None  # DRF answers every APIException
        response.data = error_body(code="invalid", errors=items, detail=_validation_detail(items))
        return response
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        message = force_str(exc) if exc.args else None
        exc = exceptions.PermissionDenied(detail=message)

    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    code = _code_of(exc)
    if isinstance(exc, exceptions.ValidationError):
        items = _flatten(exc.detail)
        response.data = error_body(code=code, errors=items, detail=_validation_detail(items))
    elif isinstance(exc, exceptions.Throttled):
        seconds: float | None = getattr(exc, "wait", None)  # DRF sets it; its stubs omit it
        wait = math.ceil(seconds) if seconds is not None else 60
        response["Retry-After"] = str(wait)
        message = _throttled_message(wait)
        response.data = error_body(code=code, errors=[{"field": None, "code": code, "message": message}])
    else:
        message = _own_message(exc, code)
        response.data = error_body(
            code=code, errors=[{"field": None, "code": code, "message": message}], detail=message
        )
    return response


def _code_of(exc: exceptions.APIException) -> str:
    if isinstance(exc, exceptions.ValidationError):
        return "invalid"
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed) and exc.status_code == 403:
        # No authenticator asked for credentials (no WWW-Authenticate): DRF answers 403.
        return "permission_denied"
    return str(exc.default_code)


def _validation_detail(items: list[ErrorItem]) -> str:
    """One message not tied to a field says it all; otherwise a summary (the fields are in `errors`)."""
    if len(items) == 1 and items[0]["field"] is None and items[0]["message"]:
        return items[0]["message"]
    return _summaries()["invalid"]
