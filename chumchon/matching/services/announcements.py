"""Messages to groups of participants: the organiser's announcements and the automatic nudge to
those who have not asked for a meeting yet."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from chumchon.accounts.models import User
from chumchon.accounts.services import audit_record
from chumchon.matching.models import (
    GROUP_AUDIENCES,
    Announcement,
    AnnouncementAudience,
    Event,
    EventStatus,
    MeetingRequest,
    Registration,
    RequestStatus,
    Role,
)

from ._common import _link, _notify

#: The nudge goes out this many days before the event's first session (once per participant).
NUDGE_DAYS_BEFORE = 5


def announcement_audience(event: Event, audience: str) -> QuerySet[Registration]:
    """The approved registrations an announcement to `audience` reaches."""
    registrations = event.registrations.approved()
    if audience == AnnouncementAudience.BUYERS:
        return registrations.filter(role=Role.BUYER)
    if audience == AnnouncementAudience.SELLERS:
        return registrations.filter(role=Role.SELLER)
    if audience == AnnouncementAudience.NOT_CHECKED_IN:
        return registrations.filter(checked_in_at__isnull=True)
    if audience == AnnouncementAudience.NO_MEETINGS:
        accepted = MeetingRequest.objects.filter(status=RequestStatus.ACCEPTED)
        return registrations.exclude(Exists(accepted.filter(a=OuterRef("pk")))).exclude(
            Exists(accepted.filter(b=OuterRef("pk")))
        )
    return registrations


def announcement_counts(event: Event) -> dict[str, int]:
    """How many each audience reaches now, for the form."""
    return {value: announcement_audience(event, value).count() for value, _label in GROUP_AUDIENCES}


@transaction.atomic
def announcement_send(*, event: Event, audience: str, subject: str, body: str, by: User) -> Announcement:
    """Send a message to a group of the event's participants (in-app, and by e-mail and LINE
    through the worker, as each person chose). Returns the announcement with its recipient count."""
    if not by.is_staff:
        raise ValidationError(_("Only the organiser's staff can send announcements."))
    subject, body = subject.strip(), body.strip()
    if audience not in dict(GROUP_AUDIENCES):
        raise ValidationError({"audience": _("Choose who the message goes to.")})
    if not subject:
        raise ValidationError({"subject": _("Write a subject.")})
    if not body:
        raise ValidationError({"body": _("Write the message.")})
    registrations = list(announcement_audience(event, audience).select_related("organisation"))
    if not registrations:
        raise ValidationError({"audience": _("Nobody is in this group yet: nothing was sent.")})
    announcement = Announcement.objects.create(
        event=event,
        audience=audience,
        subject=subject[:120],
        body=body[:2000],
        sent_by=by,
        recipients=len(registrations),
    )
    _notify(
        registrations=registrations,
        actor=by,
        detail=f"announcement:{announcement.pk}",
        link=_link("event", slug=event.slug),
    )
    audit_record(
        actor=by, action="matching.announce", obj=event, summary=f"{audience}: {len(registrations)} · {subject[:80]}"
    )
    return announcement


@transaction.atomic
def announcement_send_to(
    *, event: Event, registrations: list[Registration], subject: str, body: str, by: User
) -> Announcement:
    """Send a message to chosen registrations of the event (ticked on the organiser's list), as
    `announcement_send` sends one to a group."""
    if not by.is_staff:
        raise ValidationError(_("Only the organiser's staff can send announcements."))
    subject, body = subject.strip(), body.strip()
    if not subject or not body:
        raise ValidationError(_("Write a subject and a message."))
    chosen = [registration for registration in registrations if registration.event_id == event.pk]
    if not chosen:
        raise ValidationError(_("Tick at least one registration."))
    announcement = Announcement.objects.create(
        event=event,
        audience=AnnouncementAudience.CHOSEN,
        subject=subject[:120],
        body=body[:2000],
        sent_by=by,
        recipients=len(chosen),
    )
    _notify(
        registrations=chosen, actor=by, detail=f"announcement:{announcement.pk}", link=_link("event", slug=event.slug)
    )
    audit_record(actor=by, action="matching.announce", obj=event, summary=f"chosen: {len(chosen)} · {subject[:80]}")
    return announcement


def registrations_nudge(*, now: dt.datetime | None = None) -> int:
    """Once per participant, a few days before the event: those approved who have sent or
    accepted no meeting request yet are told how to find partners. Safe to run every day (the
    `nudged_at` claim is a conditional update). Returns how many were nudged."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    events = Event.objects.filter(status=EventStatus.OPEN, sessions__date__gte=today).distinct()
    nudged = 0
    for event in events:
        first = event.sessions.order_by("date").values_list("date", flat=True).first()
        if first is None or (first - today).days > NUDGE_DAYS_BEFORE:
            continue
        requests = MeetingRequest.objects.filter(status__in=(RequestStatus.PENDING, RequestStatus.ACCEPTED))
        idle = (
            event.registrations.approved()
            .filter(nudged_at__isnull=True)
            .exclude(Exists(requests.filter(a=OuterRef("pk"))))
            .exclude(Exists(requests.filter(b=OuterRef("pk"))))
        )
        with transaction.atomic():
            ids = list(idle.values_list("pk", flat=True))
            claimed = Registration.objects.filter(pk__in=ids, nudged_at__isnull=True).update(nudged_at=now)
            if not claimed:
                continue
            _notify(
                registrations=Registration.objects.filter(pk__in=ids),
                actor=None,
                detail=f"nudge:{event.pk}",
                link=_link("participants", slug=event.slug),
            )
        nudged += claimed
    return nudged
