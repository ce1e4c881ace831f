"""Registration: organisations registering, their representatives, approval and withdrawal."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chumchon.accounts.models import Membership, Organisation, User
from chumchon.accounts.services import audit_record
from chumchon.matching.models import Event, MeetingRequest, Registration, RegistrationStatus, RequestStatus, Role

from ._common import _link, _notify
from .participants import check_type, default_type
from .requests import request_cancel
from .waitlist import HOLDING, role_is_full, waitlist_promote_next

REGISTRATION_FIELDS = ("offers_text", "seeks_text", "languages", "booth", "max_meetings", "standby", "community")
REGISTRATION_M2M = ("offers", "seeks_categories", "seeks_themes", "seeks_areas", "seeks_provinces", "sessions")


def _set_registration_fields(registration: Registration, fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(REGISTRATION_FIELDS) - set(REGISTRATION_M2M) - {"unavailable_slots"}
    if unknown:
        raise TypeError(f"unknown registration fields: {sorted(unknown)}")
    for name in REGISTRATION_FIELDS:
        if name in fields:
            setattr(registration, name, fields[name])
    languages = [code.strip().lower() for code in registration.languages.split(",") if code.strip()]
    registration.languages = ",".join(dict.fromkeys(languages)) or "th"
    return {name: fields[name] for name in (*REGISTRATION_M2M, "unavailable_slots") if name in fields}


def _save_registration_relations(registration: Registration, relations: dict[str, Any]) -> None:
    event = registration.event
    offers = relations.get("offers")
    if offers is not None:
        foreign = [listing for listing in offers if listing.community.organisation_id != registration.organisation_id]
        if foreign:
            raise ValidationError(_("You can only offer your own organisation's listings."))
    sessions = relations.get("sessions")
    if sessions is not None and any(session.event_id != event.pk for session in sessions):
        raise ValidationError(_("Choose sessions of this event."))
    slots = relations.get("unavailable_slots")
    if slots is not None and any(slot.event_id != event.pk for slot in slots):
        raise ValidationError(_("Choose time slots of this event."))
    for name, values in relations.items():
        getattr(registration, name).set(values)


def _check_caps(event: Event, role: str, *, exclude: int | None = None) -> None:
    cap = event.buyer_cap if role == Role.BUYER else event.seller_cap
    if cap is None:
        return
    taken = event.registrations.filter(role=role, status__in=[RegistrationStatus.PENDING, RegistrationStatus.APPROVED])
    if exclude:
        taken = taken.exclude(pk=exclude)
    if taken.count() >= cap:
        raise ValidationError(_("All places for this role are taken."))


@transaction.atomic
def registration_create(
    *, event: Event, organisation: Organisation, role: str, by: User, participant_type: str = "", **fields: Any
) -> Registration:
    """Register an organisation the person belongs to; officers approve it before it counts.
    Without a participant type, the one `participants.default_type` gives."""
    # Lock the event row so that two last-minute registrations cannot both take the last place.
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not by.is_staff and not Membership.objects.filter(user=by, organisation=organisation).exists():
        raise ValidationError(_("You can only register an organisation you belong to."))
    if not event.registration_is_open():
        raise ValidationError(_("Registration for this event is closed."))
    if role not in Role.values:
        raise ValidationError(_("Choose whether you take part as a buyer or a seller."))
    if not event.admits(role):
        raise ValidationError(_("This event does not take registrations for this role."))
    participant_type = participant_type or default_type(event, role)
    check_type(event, participant_type)
    if event.registrations.filter(organisation=organisation).exists():
        raise ValidationError(_("%(name)s is already registered for this event.") % {"name": organisation})
    registration = Registration(
        event=event, organisation=organisation, role=role, participant_type=participant_type, registered_by=by
    )
    if role_is_full(event, role):  # in line for the first place that opens (services.waitlist)
        registration.status = RegistrationStatus.WAITLISTED
    relations = _set_registration_fields(registration, fields)
    registration.full_clean(exclude=["event", "organisation", "registered_by"])
    registration.save()
    registration.representatives.add(by)
    if "sessions" not in relations:
        relations["sessions"] = list(event.sessions.all())
    _save_registration_relations(registration, relations)
    return registration


@transaction.atomic
def registration_update(
    *, registration: Registration, by: User, participant_type: str = "", **fields: Any
) -> Registration:
    """Change what the registration says; a new participant type must be one the event admits."""
    if participant_type and participant_type != registration.participant_type:
        check_type(registration.event, participant_type)
        registration.participant_type = participant_type
    relations = _set_registration_fields(registration, fields)
    registration.full_clean(exclude=["event", "organisation", "registered_by"])
    registration.save()
    _save_registration_relations(registration, relations)
    return registration


@transaction.atomic
def registration_set_representatives(*, registration: Registration, people: Sequence[User], by: User) -> None:
    """Who attends for the organisation; each must be one of its members."""
    members = set(Membership.objects.filter(organisation=registration.organisation).values_list("user_id", flat=True))
    if not people:
        raise ValidationError(_("Name at least one representative."))
    if any(person.pk not in members for person in people):
        raise ValidationError(_("Representatives must be members of the organisation."))
    registration.representatives.set(people)


@transaction.atomic
def registration_approve(*, registration: Registration, by: User, notify: bool = True) -> Registration:
    if registration.status == RegistrationStatus.APPROVED:
        return registration
    _check_caps(registration.event, registration.role, exclude=registration.pk)
    registration.status = RegistrationStatus.APPROVED
    registration.rejection_reason = ""
    registration.save(update_fields=["status", "rejection_reason"])
    audit_record(actor=by, action="matching.registration_approve", obj=registration, summary=str(registration))
    if notify:
        _notify(
            registrations=[registration],
            actor=by,
            detail="registration_approved",
            link=_link("event", slug=registration.event.slug),
        )
    return registration


@transaction.atomic
def registrations_approve(*, registrations: Sequence[Registration], by: User) -> list[Registration]:
    """Approve several registrations at once, each audited and notified as a single approval is;
    all or none (a full role refuses the whole batch)."""
    return [registration_approve(registration=registration, by=by) for registration in registrations]


@transaction.atomic
def registration_reject(*, registration: Registration, by: User, reason: str) -> Registration:
    if not reason.strip():
        raise ValidationError(_("Say why the registration is rejected."))
    held_a_place = registration.status in HOLDING
    registration.status = RegistrationStatus.REJECTED
    registration.rejection_reason = reason.strip()[:300]
    registration.save(update_fields=["status", "rejection_reason"])
    _cancel_requests_of(registration, by=by)
    if held_a_place:
        waitlist_promote_next(event=registration.event, role=registration.role, by=by)
    audit_record(actor=by, action="matching.registration_reject", obj=registration, summary=reason[:200])
    _notify(
        registrations=[registration],
        actor=by,
        detail="registration_rejected",
        link=_link("event", slug=registration.event.slug),
    )
    return registration


@transaction.atomic
def registrations_reject(*, registrations: Sequence[Registration], by: User, reason: str) -> list[Registration]:
    """Reject several registrations with one reason, each audited and told as a single rejection is."""
    if not reason.strip():
        raise ValidationError(_("Say why the registration is rejected."))
    return [registration_reject(registration=registration, by=by, reason=reason) for registration in registrations]


@transaction.atomic
def registration_cancel(*, registration: Registration, by: User) -> Registration:
    """The participant withdraws: their requests are withdrawn and their meetings cancelled."""
    held_a_place = registration.status in HOLDING
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status"])
    _cancel_requests_of(registration, by=by)
    if held_a_place:
        waitlist_promote_next(event=registration.event, role=registration.role, by=by)
    return registration


def _cancel_requests_of(registration: Registration, *, by: User) -> None:
    requests = list(
        MeetingRequest.objects.involving(registration).filter(
            status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED]
        )
    )
    for meeting_request in requests:
        request_cancel(meeting_request=meeting_request, by=by, notify=True)
