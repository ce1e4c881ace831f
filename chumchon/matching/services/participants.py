"""Participant types: which types an event admits and which may meet which (see
`models.participants`); the checks the registration, request and on-the-day services share."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from chumchon.matching.models import Event, ParticipantType, Registration, Role


def default_type(event: Event, role: str) -> str:
    """The type of a registration that did not say: the only one the event admits, or else what
    the side usually is (sellers are community groups, buyers businesses)."""
    admitted = event.admitted_types()
    if len(admitted) == 1:
        return admitted[0]
    usual = ParticipantType.COMMUNITY if role == Role.SELLER else ParticipantType.BUSINESS
    return usual if usual in admitted else ParticipantType.OTHER


def check_type(event: Event, participant_type: str) -> None:
    if participant_type not in ParticipantType.values:
        raise ValidationError(_("Choose what type of participant you are."))
    if not event.admits_type(participant_type):
        raise ValidationError(
            _("This event does not take registrations from %(type)s participants; it takes: %(admitted)s.")
            % {
                "type": ParticipantType(participant_type).label,
                "admitted": ", ".join(str(ParticipantType(value).label) for value in event.admitted_types()),
            }
        )


def check_pair(first: Registration, second: Registration) -> None:
    """Refuse a meeting between two types the event does not let meet."""
    event = first.event
    if not event.may_meet(first.participant_type, second.participant_type):
        raise ValidationError(
            _("At this event, %(first)s participants do not meet %(second)s participants.")
            % {
                "first": ParticipantType(first.participant_type).label,
                "second": ParticipantType(second.participant_type).label,
            }
        )


def may_meet(first: Registration, second: Registration) -> bool:
    return first.event.may_meet(first.participant_type, second.participant_type)
