"""The waiting list: registrations beyond a role's cap wait in line; when a place opens, the first
in line moves up (to "waiting for approval", so the organiser still approves as for everyone), and
officers may admit someone from the list by hand, beyond the cap."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chumchon.accounts.models import User
from chumchon.accounts.services import audit_record
from chumchon.matching.models import Event, EventStatus, Registration, RegistrationStatus, Role

from ._common import _link, _notify

#: The registrations that hold one of a role's places.
HOLDING = (RegistrationStatus.PENDING, RegistrationStatus.APPROVED)


def role_cap(event: Event, role: str) -> int | None:
    return event.buyer_cap if role == Role.BUYER else event.seller_cap


def role_is_full(event: Event, role: str) -> bool:
    cap = role_cap(event, role)
    return cap is not None and event.registrations.filter(role=role, status__in=HOLDING).count() >= cap


def waitlist_position(registration: Registration) -> int | None:
    """Where the registration stands in its role's line (1 is next), or None when not waiting."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id, role=registration.role, status=RegistrationStatus.WAITLISTED
    ).filter(created_at__lte=registration.created_at)
    return ahead.exclude(created_at=registration.created_at, pk__gt=registration.pk).count()


def waitlist_promote_next(*, event: Event, role: str, by: User | None) -> list[Registration]:
    """Move the first in line up while the role has free places (a place opened: a registration
    was withdrawn or rejected, or the cap raised). Each is told. Returns those moved up."""
    with transaction.atomic():
        # The event row serialises this with registrations coming in (`registration_create`).
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.status == EventStatus.CLOSED or role_cap(event, role) is None:
            return []
        moved: list[Registration] = []
        while not role_is_full(event, role):
            first = (
                event.registrations.filter(role=role, status=RegistrationStatus.WAITLISTED)
                .select_for_update()
                .order_by("created_at", "pk")
                .first()
            )
            if first is None:
                break
            first.status = RegistrationStatus.PENDING
            first.save(update_fields=["status"])
            audit_record(actor=by, action="matching.waitlist_promote", obj=first, summary=str(first))
            moved.append(first)
        if moved:
            _notify(
                registrations=moved,
                actor=None,
                detail=f"waitlist_promoted:{event.pk}",
                link=_link("event", slug=event.slug),
            )
        return moved


@transaction.atomic
def registration_promote(*, registration: Registration, by: User) -> Registration:
    """An officer admits someone from the waiting list: approved at once, beyond the cap if need be."""
    if not by.is_staff:
        raise ValidationError(_("Only the organiser's staff can admit someone from the waiting list."))
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.WAITLISTED:
        raise ValidationError(_("This registration is not on the waiting list."))
    registration.status = RegistrationStatus.APPROVED
    registration.save(update_fields=["status"])
    audit_record(actor=by, action="matching.waitlist_admit", obj=registration, summary=str(registration))
    _notify(
        registrations=[registration],
        actor=by,
        detail="registration_approved",
        link=_link("event", slug=registration.event.slug),
    )
    return registration
