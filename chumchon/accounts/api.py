"""REST API for a person's own API keys: list them (prefix and dates, never the key), make one (the key
is in that one answer only) and revoke one. Someone else's key is a 404, officers' included."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from chumchon.accounts import selectors, services
from chumchon.accounts.models import ApiKeyScope, MembershipRole, Organisation, UserAPIKey
from chumchon.core.http import AuthenticatedRequest, signed_in_user


class ApiKeySerializer(serializers.ModelSerializer[UserAPIKey]):
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    lifetime_days = serializers.ChoiceField(
        choices=list(services.API_KEY_LIFETIMES_DAYS), write_only=True, default=90, help_text="30, 90 or 365"
    )
    scope = serializers.ChoiceField(choices=ApiKeyScope.choices, default=ApiKeyScope.READ)

    class Meta:
        model = UserAPIKey
        fields = [
            "prefix",
            "name",
            "scope",
            "organisation",
            "lifetime_days",
            "created",
            "expiry_date",
            "last_used_at",
            "revoked",
        ]
        read_only_fields = ["prefix", "created", "expiry_date", "last_used_at", "revoked"]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            owned = Organisation.objects.filter(memberships__user=request.user, memberships__role=MembershipRole.OWNER)
            fields["organisation"].queryset = owned  # type: ignore[attr-defined]
        return fields


class NewApiKeySerializer(ApiKeySerializer):
    key = serializers.CharField(read_only=True, help_text="The key itself: shown in this answer only.")

    class Meta(ApiKeySerializer.Meta):
        fields = [*ApiKeySerializer.Meta.fields, "key"]


class ApiKeyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[UserAPIKey]):
    """Your API keys. Send one as `Authorization: Api-Key <key>`; a read-only key cannot write."""

    serializer_class = ApiKeySerializer
    permission_classes = [permissions.IsAuthenticated]
    lookup_field = "prefix"
    queryset = UserAPIKey.objects.none()
    request: AuthenticatedRequest

    def get_queryset(self) -> Any:
        return selectors.api_keys_of(self.request.user)

    @extend_schema(request=ApiKeySerializer, responses={201: NewApiKeySerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ApiKeySerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            api_key, key = services.api_key_create(
                user=signed_in_user(request),
                name=data["name"],
                scope=data["scope"],
                lifetime_days=int(data["lifetime_days"]),
                organisation=data.get("organisation"),
            )
        except ValidationError as exc:
            raise ApiValidationError(exc.messages) from exc
        body = dict(ApiKeySerializer(api_key, context=self.get_serializer_context()).data)
        body["key"] = key
        response = Response(body, status=status.HTTP_201_CREATED)
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(request=None, responses={200: ApiKeySerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, prefix: str | None = None) -> Response:
        api_key = self.get_object()
        services.api_key_revoke(api_key=api_key, by=signed_in_user(request))
        return Response(ApiKeySerializer(api_key, context=self.get_serializer_context()).data)


def register(router: BaseRouter) -> None:
    router.register("accounts/api-keys", ApiKeyViewSet, basename="api-key")
