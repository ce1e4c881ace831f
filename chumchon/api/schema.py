"""OpenAPI schema generation: every operation documents the errors it can return."""

from __future__ import annotations

from typing import Any, Literal

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated


class ErrorItemSerializer(serializers.Serializer[Any]):
    """One problem: which field (dotted for nested values, null for the request as a whole)."""

    field = serializers.CharField(allow_null=True, help_text="Field name (`lines.0.quantity`), or null.")
    code = serializers.CharField(help_text="Machine code, e.g. `required`, `invalid`, `not_found`, `throttled`.")
    message = serializers.CharField(
        help_text="For people, in the request's language (Thai unless Accept-Language: en)."
    )


class ErrorSerializer(serializers.Serializer[Any]):
    """The body of every API error (see chumchon/core/api_errors.py and docs/architecture.md)."""

    detail = serializers.CharField(help_text="One sentence saying what went wrong.")
    code = serializers.CharField(help_text="Machine code of the error as a whole.")

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # Declared here, not as a class attribute, which would hide the serializer's own `.errors`.
        fields = super().get_fields()
        fields["errors"] = ErrorItemSerializer(many=True)
        return fields


class AutoSchema(SpectacularAutoSchema):
    """Adds 400 (bad values), 404 (unknown object or page), 401/403 on writes and 429 everywhere,
    all with the one `Error` body."""

    def _get_response_bodies(self, direction: Literal["request", "response"] = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        extra: dict[str, Any] = {}
        if self._is_list_view() or self.method in ("POST", "PUT", "PATCH"):
            extra["400"] = self._get_response_for_code(ErrorSerializer, "400")
        extra["404"] = self._get_response_for_code(ErrorSerializer, "404")
        if self.method not in ("GET", "HEAD", "OPTIONS") or self._needs_sign_in():
            extra["401"] = self._get_response_for_code(ErrorSerializer, "401")
            extra["403"] = self._get_response_for_code(ErrorSerializer, "403")
        extra["429"] = self._get_response_for_code(ErrorSerializer, "429")
        for code, response in extra.items():
            responses.setdefault(code, response)
        return responses

    def _needs_sign_in(self) -> bool:
        """Reads that are someone's own (their agenda, their requests) need a signed-in caller."""
        return any(isinstance(permission, IsAuthenticated) for permission in self.view.get_permissions())
