"""Every write to the creative-city programme: MOUs, review meetings, action items, reminders."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chumchon.accounts.models import User
from chumchon.accounts.services import audit_record
from chumchon.notifications.models import Event
from chumchon.notifications.notifier import notify
from chumchon.places.models import CreativeCity
from chumchon.programmes.models import ActionItem, ActionStatus, Mou, ReadinessItem, ReadinessStatus, ReviewMeeting
from chumchon.programmes.notifications import overdue_detail

MAX_PDF_BYTES = 20 * 1024 * 1024


def _require_officer(user: User) -> None:
    if not user.is_staff:
        raise ValidationError(_("Only officers can change the creative-city programme."))


def _checked_pdf(upload: IO[bytes]) -> bytes:
    upload.seek(0, 2)
    size = upload.tell()
    upload.seek(0)
    if size > MAX_PDF_BYTES:
        raise ValidationError(_("PDF files can be at most 20 MB."))
    data = upload.read()
    if not data.startswith(b"%PDF-"):
        raise ValidationError(_("This file is not a PDF document."))
    return data


@transaction.atomic
def mou_create(
    *,
    by: User,
    title: str,
    parties: Iterable[str],
    signed_on: dt.date,
    duration_years: int = 4,
    cities: Iterable[CreativeCity] = (),
    document: IO[bytes] | None = None,
) -> Mou:
    _require_officer(by)
    if duration_years < 1:
        raise ValidationError(_("An MOU lasts at least one year."))
    mou = Mou(title=title, parties="\n".join(p.strip() for p in parties if p.strip()), signed_on=signed_on)
    mou.duration_years = duration_years
    mou.full_clean(exclude=["document"])
    if document is not None:
        mou.document.save("mou.pdf", ContentFile(_checked_pdf(document)), save=False)
    mou.save()
    mou.cities.set(list(cities))
    audit_record(actor=by, action="programmes.mou_create", obj=mou, summary=title)
    return mou


@transaction.atomic
def meeting_create(
    *,
    by: User,
    mou: Mou,
    held_on: dt.date,
    title: str,
    attendees: Iterable[str] = (),
    minutes: str = "",
    decisions: str = "",
) -> ReviewMeeting:
    _require_officer(by)
    meeting = ReviewMeeting(
        mou=mou,
        held_on=held_on,
        title=title,
        attendees="\n".join(a.strip() for a in attendees if a.strip()),
        minutes=minutes,
        decisions=decisions,
    )
    meeting.full_clean()
    meeting.save()
    audit_record(actor=by, action="programmes.meeting_create", obj=meeting, summary=title)
    return meeting


@transaction.atomic
def action_item_create(
    *,
    by: User,
    meeting: ReviewMeeting,
    title: str,
    owner: User,
    due_on: dt.date,
    city: CreativeCity | None = None,
) -> ActionItem:
    _require_officer(by)
    item = ActionItem(meeting=meeting, title=title, owner=owner, due_on=due_on, city=city)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def action_item_mark_done(*, item: ActionItem, by: User) -> ActionItem:
    """The owner or an officer marks an item done."""
    if by != item.owner and not by.is_staff:
        raise ValidationError(_("Only the owner or an officer can mark this action done."))
    if item.status != ActionStatus.DONE:
        item.status = ActionStatus.DONE
        item.done_on = timezone.localdate()
        item.save(update_fields=["status", "done_on"])
        audit_record(actor=by, action="programmes.action_done", obj=item, summary=item.title)
    return item


@transaction.atomic
def action_items_remind_overdue(*, today: dt.date | None = None) -> int:
    """Remind each owner of their overdue items, at most once a day: one notification listing them
    (in-app, and by e-mail and LINE after the transaction commits, in the owner's language).

    Returns the number of owners reminded.
    """
    today = today or timezone.localdate()
    items = (
        ActionItem.objects.overdue(today)
        .exclude(last_reminded_on=today)
        .select_related("owner", "meeting", "city")
        .select_for_update(of=("self",))
    )
    by_owner: dict[int, list[ActionItem]] = defaultdict(list)
    for item in items:
        by_owner[item.owner_id].append(item)
    reminded = 0
    for owner_items in by_owner.values():
        owner = owner_items[0].owner
        if not owner.is_active:
            continue
        notify(event=Event.PROGRAMMES, recipients=[owner], detail=overdue_detail(owner_items))
        reminded += 1
    ActionItem.objects.filter(pk__in=[i.pk for items_ in by_owner.values() for i in items_]).update(
        last_reminded_on=today
    )
    return reminded


@transaction.atomic
def readiness_item_create(
    *,
    by: User,
    city: CreativeCity,
    criterion: str,
    owner: User | None = None,
    status: str = ReadinessStatus.NOT_STARTED,
) -> ReadinessItem:
    _require_officer(by)
    item = ReadinessItem(city=city, criterion=criterion, owner=owner, status=status)
    item.full_clean(exclude=["evidence"])
    item.save()
    return item


@transaction.atomic
def readiness_item_update(
    *, item: ReadinessItem, by: User, status: str | None = None, evidence: IO[bytes] | None = None
) -> ReadinessItem:
    """Officers set the status and attach evidence (a PDF, stored privately)."""
    _require_officer(by)
    if status is not None:
        item.status = status
    if evidence is not None:
        item.evidence.save("evidence.pdf", ContentFile(_checked_pdf(evidence)), save=False)
    item.full_clean()
    item.save()
    audit_record(actor=by, action="programmes.readiness_update", obj=item, summary=item.get_status_display())
    return item
