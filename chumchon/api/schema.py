"""OpenAPI schema generation: every operation documents the errors it can return."""

from __future__ import annotations

from typing import Any, Literal

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated

DETAIL_ERROR = inline_serializer("ErrorDetail", fields={"detail": serializers.CharField()})
FIELD_ERRORS = inline_serializer(
    "FieldErrors",
    fields={"field_name": serializers.ListField(child=serializers.CharField(), required=False)},
)


class AutoSchema(SpectacularAutoSchema):
    """Adds 400 (bad filter values), 404 (unknown object or page), 401/403 on writes and 429 everywhere."""

    def _get_response_bodies(self, direction: Literal["request", "response"] = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        extra: dict[str, Any] = {}
        if self._is_list_view() or self.method in ("POST", "PUT", "PATCH"):
            extra["400"] = self._get_response_for_code(FIELD_ERRORS, "400")
        extra["404"] = self._get_response_for_code(DETAIL_ERROR, "404")
        if self.method not in ("GET", "HEAD", "OPTIONS") or self._needs_sign_in():
            extra["401"] = self._get_response_for_code(DETAIL_ERROR, "401")
            extra["403"] = self._get_response_for_code(DETAIL_ERROR, "403")
        extra["429"] = self._get_response_for_code(DETAIL_ERROR, "429")
        for code, response in extra.items():
            responses.setdefault(code, response)
        return responses

    def _needs_sign_in(self) -> bool:
        """Reads that are someone's own (their agenda, their requests) need a signed-in caller."""
        return any(isinstance(permission, IsAuthenticated) for permission in self.view.get_permissions())
