"""Every write about people, organisations, consent and the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chumchon.accounts.models import (
    ApiKeyScope,
    AuditEntry,
    Consent,
    Membership,
    MembershipRole,
    Organisation,
    Role,
    User,
    UserAPIKey,
)


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    summary: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary[:300],
        before=before,
        after=after,
    )


@transaction.atomic
def consent_record(*, user: User, notice_version: str) -> Consent:
    return Consent.objects.create(user=user, notice_version=notice_version)


@transaction.atomic
def user_complete_signup(*, user: User, name: str, role: str, notice_version: str) -> User:
    """Store what a person told us at sign-up, with their consent to the privacy notice."""
    if role not in Role.values:
        raise ValidationError(_("Choose whether you are a community seller, a business buyer or a tourist."))
    user.name = name.strip()
    user.role = role
    user.save(update_fields=["name", "role"])
    consent_record(user=user, notice_version=notice_version)
    return user


@transaction.atomic
def user_update_profile(*, user: User, name: str, role: str, phone: str, line_id: str, language: str) -> User:
    user.name = name.strip()
    user.role = role
    user.phone = phone.strip()
    user.line_id = line_id.strip()
    user.language = language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["name", "role", "phone", "line_id", "language"])
    return user


@transaction.atomic
def user_erase(*, user: User) -> None:
    """Erase a person's personal data at their request (PDPA) and close the account.

    Every app's rules (`chumchon/<app>/personal_data.py`) run in this one transaction: the person's
    rows are deleted or anonymised, records others keep are cleaned of the person's identifiers, and
    the account row itself is anonymised last (kept as a placeholder author, login made impossible).
    """
    from chumchon.accounts import personal_data

    audit_record(actor=user, action="account.erase", obj=user, summary="Account erased at the person's request")
    personal_data.erase(user)


@transaction.atomic
def organisation_create(*, by: User, name: str, kind: str, **details: Any) -> Organisation:
    """Create an organisation whose first owner is the person creating it."""
    organisation = Organisation(name=name.strip(), kind=kind, **details)
    organisation.full_clean()
    organisation.save()
    Membership.objects.create(user=by, organisation=organisation, role=MembershipRole.OWNER)
    return organisation


ORGANISATION_EDITABLE_FIELDS = ("name", "kind", "description", "phone", "email", "line_id", "website", "promptpay_id")


@transaction.atomic
def organisation_update(*, organisation: Organisation, by: User, **changes: Any) -> Organisation:
    before = {field: getattr(organisation, field) for field in changes}
    for field, value in changes.items():
        if field not in ORGANISATION_EDITABLE_FIELDS:
            raise ValueError(f"{field} cannot be changed here")
        setattr(organisation, field, value)
    organisation.full_clean()
    organisation.save()
    if by.is_staff and not organisation.memberships.filter(user=by).exists():
        audit_record(actor=by, action="organisation.update", obj=organisation, before=before, after=changes)
    return organisation


@transaction.atomic
def membership_add(*, organisation: Organisation, email: str, role: str, by: User) -> Membership:
    """Add an existing account to an organisation by its e-mail address."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise ValidationError(
            _("No account uses %(email)s. Ask the person to sign up first, then add them.") % {"email": email}
        )
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        raise ValidationError(_("%(email)s is already a member.") % {"email": email})
    return Membership.objects.create(organisation=organisation, user=user, role=role)


@transaction.atomic
def membership_remove(*, membership: Membership, by: User, allow_last_owner: bool = False) -> None:
    if membership.role == MembershipRole.OWNER and not allow_last_owner:
        owners = Membership.objects.select_for_update().filter(
            organisation=membership.organisation, role=MembershipRole.OWNER
        )
        if owners.count() <= 1:
            raise ValidationError(_("An organisation needs at least one owner: make someone else an owner first."))
    membership.delete()


API_KEY_LIFETIMES_DAYS = (30, 90, 365)


@transaction.atomic
def api_key_create(
    *,
    user: User,
    name: str,
    scope: str,
    lifetime_days: int,
    organisation: Organisation | None = None,
) -> tuple[UserAPIKey, str]:
    """A new API key for the person (or, for a partner system, an organisation the person owns).

    Returns the key row and the key itself, to be shown once: only its hash is kept."""
    if scope not in ApiKeyScope.values:
        raise ValidationError(_("Choose read-only or read-and-write access."))
    if lifetime_days not in API_KEY_LIFETIMES_DAYS:
        raise ValidationError(_("Choose how long the key works: 30, 90 or 365 days."))
    if (
        organisation is not None
        and not Membership.objects.filter(user=user, organisation=organisation, role=MembershipRole.OWNER).exists()
    ):
        raise ValidationError(_("Only an owner of the organisation can make keys for it."))
    api_key: UserAPIKey
    api_key, key = UserAPIKey.objects.create_key(  # type: ignore[assignment]  # the library types its abstract base
        user=user,
        organisation=organisation,
        name=name.strip()[:50] or _("API key"),
        scope=scope,
        expiry_date=timezone.now() + dt.timedelta(days=lifetime_days),
    )
    return api_key, key


@transaction.atomic
def api_key_revoke(*, api_key: UserAPIKey, by: User) -> UserAPIKey:
    """The key stops working for good (a revoked key cannot be restored)."""
    if api_key.revoked:
        return api_key
    api_key.revoked = True
    api_key.revoked_at = timezone.now()
    api_key.save(update_fields=["revoked", "revoked_at"])
    if by.pk != api_key.user_id:
        audit_record(actor=by, action="api_key.revoke", obj=api_key, summary=f"Revoked API key {api_key.prefix}")
    return api_key
