"""Group sessions: an officer sets one up (a host, a table, a slot, places for guests), approved
participants join or leave with one click, and the officer may cancel it. Everyone concerned is
told each time.

The one-to-one scheduling treats a group's slot as busy for its host and guests and its table as
taken in that slot: `group_busy_slots` and `group_tables` are what it asks (services.meetings,
services.scheduling, services.onsite and the optimiser).
"""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chumchon.accounts.models import User
from chumchon.matching.models import (
    GROUP_MAX_GUESTS,
    GROUP_MIN_GUESTS,
    Event,
    EventStatus,
    GroupGuest,
    GroupSession,
    GroupSessionStatus,
    Meeting,
    MeetingStatus,
    Registration,
    RegistrationStatus,
    Seat,
    Slot,
    Table,
)

from ._common import _agenda_link, _notify, _room_code

# --- what the one-to-one scheduling asks ----------------------------------------------------------


def group_busy_slots(registration: Registration) -> set[int]:
    """The slots a participant spends in open group sessions, as host or as guest."""
    groups = GroupSession.objects.active().filter(Q(host=registration) | Q(guests__registration=registration))
    return set(groups.values_list("slot_id", flat=True))


def group_busy_by_registration(event: Event) -> dict[int, set[int]]:
    """Every participant's group slots at once (for the optimiser): two queries."""
    busy: dict[int, set[int]] = defaultdict(set)
    groups = GroupSession.objects.active().filter(event=event)
    for host_id, slot_id in groups.values_list("host_id", "slot_id"):
        busy[host_id].add(slot_id)
    guests = GroupGuest.objects.filter(group__in=groups).values_list("registration_id", "slot_id")
    for registration_id, slot_id in guests:
        busy[registration_id].add(slot_id)
    return busy


def group_tables(event: Event, slot: Slot | None = None) -> dict[int, set[int]]:
    """The tables open group sessions hold, by slot (one slot's only when `slot` is given)."""
    groups = GroupSession.objects.active().filter(event=event, table__isnull=False)
    if slot is not None:
        groups = groups.filter(slot=slot)
    held: dict[int, set[int]] = defaultdict(set)
    for slot_id, table_id in groups.values_list("slot_id", "table_id"):
        held[slot_id].add(table_id)
    return held


def open_groups_for(registration: Registration) -> list[GroupSession]:
    """Group sessions the participant may join (or has joined), not yet over, in time order; each
    with `joined` set."""
    groups = (
        GroupSession.objects.active()
        .filter(event_id=registration.event_id, slot__ends_at__gt=timezone.now())
        .filter(Q(guest_role="") | Q(guest_role=registration.role))
        .exclude(host=registration)
        .select_related("slot", "table", "event", "host__organisation")
        .order_by("slot__starts_at", "pk")
    )
    joined = set(
        GroupGuest.objects.filter(registration=registration, released=False).values_list("group_id", flat=True)
    )
    rows = list(groups)
    for group in rows:
        group.joined = group.pk in joined  # type: ignore[attr-defined]
    return rows


def _meeting_in(registration: Registration, slot: Slot) -> Meeting | None:
    # A seat in a no-show meeting does not hold the slot (as on the desk).
    seat = (
        Seat.objects.filter(registration=registration, slot=slot, released=False)
        .exclude(meeting__status=MeetingStatus.NO_SHOW)
        .select_related("meeting__request__a__organisation", "meeting__request__b__organisation")
        .first()
    )
    return seat.meeting if seat is not None else None


def _check_free(registration: Registration, slot: Slot, *, you: bool) -> None:
    """Refuse someone who already has a meeting or a group in the slot, saying which."""
    meeting = _meeting_in(registration, slot)
    if meeting is not None:
        partner = meeting.request.other(registration).organisation
        if you:
            raise ValidationError(
                _("You already have a meeting with %(partner)s at %(time)s.") % {"partner": partner, "time": slot}
            )
        raise ValidationError(
            _("%(name)s already has a meeting with %(partner)s then.")
            % {"name": registration.organisation, "partner": partner}
        )
    if slot.pk in group_busy_slots(registration):
        if you:
            raise ValidationError(_("You are already in another group session at %(time)s.") % {"time": slot})
        raise ValidationError(_("%(name)s is already in a group session then.") % {"name": registration.organisation})


def _tell(group: GroupSession, registrations: list[Registration], *, detail: str, by: User | None) -> None:
    _notify(registrations=registrations, actor=by, detail=f"{detail}:{group.pk}", link=_agenda_link(group.event))


# --- writes ---------------------------------------------------------------------------------------


@transaction.atomic
def group_create(
    *,
    event: Event,
    slot: Slot,
    table: Table | None,
    host: Registration,
    title: str,
    capacity: int,
    by: User,
    guest_role: str = "",
    description: str = "",
) -> GroupSession:
    """Set up a group session: the host's slot and the table are taken. The host is told."""
    if not by.is_staff:
        raise ValidationError(_("Only the organiser's staff can set up group sessions."))
    if event.status == EventStatus.CLOSED:
        raise ValidationError(_("This event is closed."))
    host = Registration.objects.select_for_update().select_related("organisation").get(pk=host.pk)
    if host.event_id != event.pk or host.status != RegistrationStatus.APPROVED:
        raise ValidationError(_("The host must be an approved participant of this event."))
    if slot.event_id != event.pk:
        raise ValidationError(_("Choose a time slot of this event."))
    if not GROUP_MIN_GUESTS <= capacity <= GROUP_MAX_GUESTS:
        raise ValidationError(
            _("A group session has between %(least)s and %(most)s places for guests.")
            % {"least": GROUP_MIN_GUESTS, "most": GROUP_MAX_GUESTS}
        )
    if event.is_online:
        table = None
    elif table is None:
        raise ValidationError(_("Choose a table."))
    elif table.event_id != event.pk:
        raise ValidationError(_("Choose a table of this event."))
    else:
        # The table's row locked, as meeting_place locks it: a walk-in at this table then waits.
        table = Table.objects.select_for_update().get(pk=table.pk)
        clash = (
            Meeting.objects.filter(slot=slot, table=table)
            .exclude(status__in=(MeetingStatus.NO_SHOW, MeetingStatus.CANCELLED))
            .select_related("request__a__organisation", "request__b__organisation")
            .first()
        )
        if clash is not None:
            raise ValidationError(
                _("Table %(table)s is taken then by %(a)s and %(b)s.")
                % {"table": table.name, "a": clash.request.a.organisation, "b": clash.request.b.organisation}
            )
    _check_free(host, slot, you=False)
    try:
        with transaction.atomic():
            group = GroupSession.objects.create(
                event=event,
                slot=slot,
                table=table,
                host=host,
                title=title.strip(),
                description=description.strip(),
                capacity=capacity,
                guest_role=guest_role,
                room_code=_room_code(),
                created_by=by,
            )
    except IntegrityError:
        raise ValidationError(_("That table already holds a group session then.")) from None
    _tell(group, [host], detail="group_created", by=by)
    return group


def _joinable(group: GroupSession, registration: Registration) -> None:
    event = group.event
    if group.status != GroupSessionStatus.OPEN:
        raise ValidationError(_("This group session was cancelled."))
    if event.status == EventStatus.CLOSED:
        raise ValidationError(_("This event is closed."))
    if registration.event_id != event.pk or registration.status != RegistrationStatus.APPROVED:
        raise ValidationError(_("Only approved participants of this event can join."))
    if registration.pk == group.host_id:
        raise ValidationError(_("You host this group session."))
    if group.guest_role and registration.role != group.guest_role:
        raise ValidationError(
            _("This group session is for %(role)s participants.") % {"role": group.get_guest_role_display().lower()}
        )
    if group.slot.ends_at <= timezone.now():
        raise ValidationError(_("This group session is over."))


@transaction.atomic
def group_join(*, group: GroupSession, registration: Registration, by: User) -> GroupGuest:
    """Take a place in a group session. Never more guests than places, whatever the timing: the
    place is claimed by one conditional update. The guest and the host are told."""
    # The participant's row locked, as for a walk-in: a walk-in or another join at the same moment waits.
    registration = Registration.objects.select_for_update().select_related("organisation").get(pk=registration.pk)
    group = GroupSession.objects.select_related("event", "slot", "host").get(pk=group.pk)
    _joinable(group, registration)
    if group.guests.filter(registration=registration).exists():
        raise ValidationError(_("You have already joined this group session."))
    _check_free(registration, group.slot, you=True)
    claimed = GroupSession.objects.filter(
        pk=group.pk, status=GroupSessionStatus.OPEN, guest_count__lt=F("capacity")
    ).update(guest_count=F("guest_count") + 1)
    if not claimed:
        raise ValidationError(_("This group session is full."))
    try:
        with transaction.atomic():
            guest = GroupGuest.objects.create(group=group, registration=registration, slot=group.slot)
    except IntegrityError:
        raise ValidationError(
            _("You are already in another group session at %(time)s.") % {"time": group.slot}
        ) from None
    _tell(group, [registration], detail="group_joined", by=by)
    _tell(group, [group.host], detail="group_guest_joined", by=by)
    return guest


@transaction.atomic
def group_leave(*, group: GroupSession, registration: Registration, by: User) -> None:
    """Give a place back; the guest and the host are told."""
    group = GroupSession.objects.select_related("event", "host").get(pk=group.pk)
    # A released place (of a cancelled group) is no place to give back: guest_count is already 0.
    deleted, _rows = GroupGuest.objects.filter(group=group, registration=registration, released=False).delete()
    if not deleted:
        raise ValidationError(_("You have not joined this group session."))
    GroupSession.objects.filter(pk=group.pk).update(guest_count=F("guest_count") - 1)
    _tell(group, [registration], detail="group_left", by=by)
    _tell(group, [group.host], detail="group_guest_left", by=by)


@transaction.atomic
def group_cancel(*, group: GroupSession, by: User) -> int:
    """Cancel a group session: its slot and table are free again and the host and every guest are
    told. The guests' places are released, not deleted, so the group stays on their agendas and
    calendars marked cancelled. Returns how many participants were told."""
    if not by.is_staff:
        raise ValidationError(_("Only the organiser's staff can cancel group sessions."))
    group = GroupSession.objects.select_for_update().select_related("event", "host").get(pk=group.pk)
    if group.status != GroupSessionStatus.OPEN:
        raise ValidationError(_("This group session was already cancelled."))
    guests = [guest.registration for guest in group.guests.filter(released=False).select_related("registration")]
    group.guests.update(released=True)
    group.status = GroupSessionStatus.CANCELLED
    group.guest_count = 0
    group.cancelled_at = timezone.now()
    group.save(update_fields=["status", "guest_count", "cancelled_at"])
    told = [group.host, *guests]
    _tell(group, told, detail="group_cancelled", by=by)
    return len(told)
