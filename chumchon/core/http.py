"""Typed requests of a signed-in person, so views use `request.user` as a `User` without casts.

In the manner of healthchecks' `AuthenticatedHttpRequest`: the annotation is a promise that the
view cannot be reached anonymously, kept by `@login_required` (HTML views) or by the viewset's
`permission_classes = [IsAuthenticated]` (API). Where a view also serves visitors, narrow with
`if request.user.is_authenticated:` instead, which mypy understands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request

if TYPE_CHECKING:  # core has no domain models at run time; this is only the type
    from chumchon.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view decorated with `@login_required` (or a decorator that implies it)."""

    user: User


class AuthenticatedRequest(Request):
    """The DRF request of an API view whose permissions require a signed-in caller.

    DRF's own method signatures (`create`, `list`, ...) take a `Request`; in those, use
    `self.request.user` after annotating the viewset with `request: AuthenticatedRequest`.
    """

    user: User


def signed_in_user(request: Request) -> User:
    """The caller of an API write that its permission class lets only signed-in people make
    (IsAuthenticatedOrReadOnly and the like), for the hooks DRF gives no request argument to."""
    user = request.user
    if not user.is_authenticated:
        raise NotAuthenticated
    return user
