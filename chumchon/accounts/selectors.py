"""Reads about people and organisations."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from chumchon.accounts.models import Membership, MembershipRole, Organisation, User, UserAPIKey


def organisations_of(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation").order_by("organisation__name")


def organisation_for_member(*, user: User, pk: int, owner: bool = False) -> Organisation:
    """The organisation if `user` belongs to it (as an owner when asked), else 404."""
    memberships = Membership.objects.filter(user=user, organisation_id=pk)
    if owner:
        memberships = memberships.filter(role=MembershipRole.OWNER)
    membership = memberships.select_related("organisation").first()
    if membership is None:
        raise Http404
    return membership.organisation


def api_keys_of(user: User) -> QuerySet[UserAPIKey]:
    """The person's own API keys, newest first (never anyone else's)."""
    return UserAPIKey.objects.filter(user=user).select_related("organisation").order_by("-created")


def user_personal_data(user: User) -> dict[str, Any]:
    """Everything the platform holds about a person, for the PDPA data-portability download: for
    every app, the person's rows under each registered rule (`chumchon/<app>/personal_data.py`)."""
    from django.utils import timezone

    from chumchon.accounts import personal_data

    return {"exported_at": timezone.now().isoformat(), **personal_data.export(user)}


def user_by_line_login(line_user_id: str) -> User | None:
    """The active person who signs in with this LINE account (LINE's user ID is the social account's uid)."""
    from allauth.socialaccount.models import SocialAccount

    account = (
        SocialAccount.objects.filter(provider="line", uid=line_user_id, user__is_active=True)
        .select_related("user")
        .first()
    )
    return account.user if account is not None else None
