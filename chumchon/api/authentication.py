"""API keys: `Authorization: Api-Key <key>` (also `Token <key>` or `Bearer <key>`, as clients of the
old clear-text tokens sent them), checked against the hashes in `accounts.UserAPIKey`.

A key is made by its owner (account page "API keys" or `POST /api/v1/accounts/api-keys/`) and shown
once; only its hash and its prefix are stored. A read-only key is refused (403) on every unsafe
method, whatever the view's own permissions, so that no viewset can forget the scope.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request

from chumchon.accounts.models import Membership, User, UserAPIKey

KEYWORDS = ("api-key", "token", "bearer")
PREFIX_LENGTH = 8
# How stale "last used" may get before a request writes it again (one write per key per few minutes).
LAST_USED_PRECISION = dt.timedelta(minutes=5)


def key_lookup(key: str) -> UserAPIKey | None:
    """The usable key that `key` is, or None. New keys are `prefix.secret`; keys converted from the old
    tokens are 40 hex digits whose first 8 are their prefix."""
    prefix = key.partition(".")[0][:PREFIX_LENGTH]
    if len(prefix) < PREFIX_LENGTH:
        return None
    api_key = (
        UserAPIKey.objects.filter(prefix=prefix, revoked=False)
        .filter(Q(expiry_date__isnull=True) | Q(expiry_date__gt=timezone.now()))
        .select_related("user")
        .first()
    )
    if api_key is None or not api_key.is_valid(key):
        return None
    return api_key


class ApiKeyAuthentication(BaseAuthentication):
    keyword = "Api-Key"

    def authenticate(self, request: Request) -> tuple[User, UserAPIKey] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].decode("latin-1").lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid API key header: give the key after “Api-Key ”."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid API key.")) from None
        api_key = key_lookup(key)
        if api_key is None or not api_key.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked API key."))
        if (
            api_key.organisation_id is not None
            and not Membership.objects.filter(user=api_key.user, organisation_id=api_key.organisation_id).exists()
        ):
            raise exceptions.AuthenticationFailed(_("This organisation key's owner has left the organisation."))
        if request.method not in SAFE_METHODS and not api_key.can_write:
            raise exceptions.PermissionDenied(_("This API key is read-only: make a key with write access."))
        now = timezone.now()
        if api_key.last_used_at is None or now - api_key.last_used_at > LAST_USED_PRECISION:
            UserAPIKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        return api_key.user, api_key

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class ApiKeyScheme(OpenApiAuthenticationExtension):
    """The OpenAPI security scheme of API keys."""

    target_class = "chumchon.api.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "`Api-Key <key>`. Make a key on the account page “API keys” (shown once). Read-only keys "
                "are refused (403) on POST, PUT, PATCH and DELETE."
            ),
        }
