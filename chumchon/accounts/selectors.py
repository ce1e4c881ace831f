"""Reads about people and organisations."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from chumchon.accounts.models import Membership, MembershipRole, Organisation, User


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


def user_personal_data(user: User) -> dict[str, Any]:
    """Everything the platform holds about a person, for the PDPA data-portability download."""
    from allauth.account.models import EmailAddress

    from chumchon.inquiries import selectors as inquiries_selectors

    return {
        "account": {
            "email": user.email,
            "name": user.name,
            "role": user.role,
            "phone": user.phone,
            "line_id": user.line_id,
            "language": user.language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "is_officer": user.is_staff,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user)
        ],
        "organisations": [
            {
                "name": membership.organisation.name,
                "kind": membership.organisation.kind,
                "role": membership.role,
                "joined_at": membership.joined_at.isoformat(),
            }
            for membership in organisations_of(user)
        ],
        "consents": [
            {
                "notice_version": consent.notice_version,
                "accepted_at": consent.accepted_at.isoformat(),
                "withdrawn_at": consent.withdrawn_at.isoformat() if consent.withdrawn_at else None,
            }
            for consent in user.consents.all()
        ],
        "direct_contact": inquiries_selectors.personal_data(user),
    }
