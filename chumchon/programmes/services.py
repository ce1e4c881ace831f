"""Every write to the creative-city programme: MOUs, review meetings, action items, readiness, a city's
path to the network, reminders. Each change is audited."""

from __future__ import annotations

import datetime as dt
import enum
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
from chumchon.places.models import CreativeCity, CreativeCityStatus
from chumchon.programmes.models import (
    ActionItem,
    ActionStatus,
    CityStage,
    CityStatusChange,
    Mou,
    ReadinessItem,
    ReadinessStatus,
    ReviewMeeting,
    ReviewState,
)
from chumchon.programmes.notifications import overdue_detail, review_overdue_detail

MAX_PDF_BYTES = 20 * 1024 * 1024


class Unchanged(enum.Enum):
    """For an optional argument whose None means "no one": leave the field as it is."""

    UNCHANGED = enum.auto()


UNCHANGED = Unchanged.UNCHANGED


def _require_officer(user: User) -> None:
    if not user.is_staff:
        raise ValidationError(_("Only officers can change the creative-city programme."))


def _checked_pdf(upload: IO[bytes], field: str) -> bytes:
    """The upload's bytes, if it is a PDF of at most 20 MB; else an error on the form's `field`."""
    upload.seek(0, 2)
    size = upload.tell()
    upload.seek(0)
    if size > MAX_PDF_BYTES:
        raise ValidationError({field: _("PDF files can be at most 20 MB.")})
    data = upload.read()
    if not data.startswith(b"%PDF-"):
        raise ValidationError({field: _("This file is not a PDF document.")})
    return data


def _lines(values: Iterable[str]) -> str:
    return "\n".join(value.strip() for value in values if value.strip())


def _check_mou(mou: Mou) -> None:
    errors: dict[str, list[str]] = {}
    if mou.duration_years < 1:
        errors["duration_years"] = [_("An MOU lasts at least one year.")]
    if len(mou.party_list) < 1:
        errors["parties"] = [_("Name at least one partner.")]
    if errors:
        raise ValidationError(errors)
    mou.full_clean(exclude=["document"])


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
    coordinator: User | None = None,
) -> Mou:
    """Record a signed MOU; its coordinator (by default the officer recording it) convenes the reviews."""
    _require_officer(by)
    mou = Mou(title=title, parties=_lines(parties), signed_on=signed_on, duration_years=duration_years)
    mou.coordinator = coordinator or by
    _check_mou(mou)
    if document is not None:
        mou.document.save("mou.pdf", ContentFile(_checked_pdf(document, "document")), save=False)
    mou.save()
    mou.cities.set(list(cities))
    audit_record(actor=by, action="programmes.mou_create", obj=mou, summary=title)
    return mou


@transaction.atomic
def mou_update(
    *,
    mou: Mou,
    by: User,
    title: str,
    parties: Iterable[str],
    signed_on: dt.date,
    duration_years: int,
    cities: Iterable[CreativeCity],
    coordinator: User | None,
    document: IO[bytes] | None = None,
) -> Mou:
    """Correct an MOU; a new document replaces the old one (the old file is kept in storage)."""
    _require_officer(by)
    mou.title, mou.parties, mou.signed_on = title, _lines(parties), signed_on
    mou.duration_years, mou.coordinator = duration_years, coordinator
    _check_mou(mou)
    if document is not None:
        mou.document.save("mou.pdf", ContentFile(_checked_pdf(document, "document")), save=False)
    mou.save()
    mou.cities.set(list(cities))
    audit_record(actor=by, action="programmes.mou_update", obj=mou, summary=title)
    return mou


def _check_review_number(meeting: ReviewMeeting) -> None:
    number = meeting.review_number
    if number is not None and not 1 <= number <= meeting.mou.duration_years:
        raise ValidationError(
            {"review_number": _("This MOU has yearly reviews 1 to %(years)s.") % {"years": meeting.mou.duration_years}}
        )


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
    review_number: int | None = None,
) -> ReviewMeeting:
    """Record a meeting of an MOU; with `review_number` it is that yearly review, which is then held."""
    _require_officer(by)
    meeting = ReviewMeeting(
        mou=mou,
        held_on=held_on,
        title=title,
        attendees=_lines(attendees),
        minutes=minutes,
        decisions=decisions,
        review_number=review_number,
    )
    _check_review_number(meeting)
    meeting.full_clean()
    meeting.save()
    audit_record(actor=by, action="programmes.meeting_create", obj=meeting, summary=title)
    return meeting


# The name the programme pages and API speak of; the same service.
review_meeting_create = meeting_create


@transaction.atomic
def meeting_update(
    *,
    meeting: ReviewMeeting,
    by: User,
    held_on: dt.date,
    title: str,
    attendees: Iterable[str],
    minutes: str,
    decisions: str,
    review_number: int | None,
) -> ReviewMeeting:
    """Correct a meeting or write its minutes and decisions."""
    _require_officer(by)
    meeting.held_on, meeting.title, meeting.attendees = held_on, title, _lines(attendees)
    meeting.minutes, meeting.decisions, meeting.review_number = minutes, decisions, review_number
    _check_review_number(meeting)
    meeting.full_clean()
    meeting.save()
    audit_record(actor=by, action="programmes.meeting_update", obj=meeting, summary=title)
    return meeting


review_meeting_update = meeting_update


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
    item.full_clean(exclude=["evidence"])
    item.save()
    audit_record(actor=by, action="programmes.action_create", obj=item, summary=title)
    return item


def _set_status(item: ActionItem, status: str) -> None:
    if status == ActionStatus.DONE and item.status != ActionStatus.DONE:
        item.done_on = timezone.localdate()
    elif status == ActionStatus.OPEN:
        item.done_on = None
    item.status = status


@transaction.atomic
def action_item_update(
    *,
    item: ActionItem,
    by: User,
    title: str,
    owner: User,
    due_on: dt.date,
    status: str,
    city: CreativeCity | None = None,
    evidence: IO[bytes] | None = None,
) -> ActionItem:
    """Officers change an item's owner, due date or status, and attach evidence (a private PDF)."""
    _require_officer(by)
    item.title, item.owner, item.due_on, item.city = title, owner, due_on, city
    _set_status(item, status)
    if evidence is not None:
        item.evidence.save("evidence.pdf", ContentFile(_checked_pdf(evidence, "evidence")), save=False)
    item.full_clean()
    item.save()
    audit_record(actor=by, action="programmes.action_update", obj=item, summary=item.title)
    return item


@transaction.atomic
def action_item_mark_done(*, item: ActionItem, by: User, evidence: IO[bytes] | None = None) -> ActionItem:
    """The owner or an officer marks an item done, with evidence if they have it."""
    if by != item.owner and not by.is_staff:
        raise ValidationError(_("Only the owner or an officer can mark this action done."))
    if evidence is not None:
        item.evidence.save("evidence.pdf", ContentFile(_checked_pdf(evidence, "evidence")), save=False)
    if item.status != ActionStatus.DONE or evidence is not None:
        _set_status(item, ActionStatus.DONE)
        item.save(update_fields=["status", "done_on", "evidence"])
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
    evidence: IO[bytes] | None = None,
) -> ReadinessItem:
    _require_officer(by)
    item = ReadinessItem(city=city, criterion=criterion, owner=owner, status=status)
    item.full_clean(exclude=["evidence"])
    if evidence is not None:
        item.evidence.save("evidence.pdf", ContentFile(_checked_pdf(evidence, "evidence")), save=False)
    item.save()
    audit_record(actor=by, action="programmes.readiness_create", obj=item, summary=criterion)
    return item


@transaction.atomic
def readiness_item_update(
    *,
    item: ReadinessItem,
    by: User,
    status: str | None = None,
    evidence: IO[bytes] | None = None,
    criterion: str | None = None,
    owner: User | Unchanged | None = UNCHANGED,
) -> ReadinessItem:
    """Officers set the status, reword the criterion, change its owner and attach evidence (a private PDF)."""
    _require_officer(by)
    if status is not None:
        item.status = status
    if criterion is not None:
        item.criterion = criterion
    if not isinstance(owner, Unchanged):
        item.owner = owner
    if evidence is not None:
        item.evidence.save("evidence.pdf", ContentFile(_checked_pdf(evidence, "evidence")), save=False)
    item.full_clean()
    item.save()
    audit_record(actor=by, action="programmes.readiness_update", obj=item, summary=item.get_status_display())
    return item


@transaction.atomic
def mou_reviews_remind_overdue(*, today: dt.date | None = None) -> int:
    """Remind each MOU's coordinator, at most once a day, that its next yearly review is overdue
    (in-app, and by e-mail and LINE after the transaction commits). Returns the number of reminders.
    """
    today = today or timezone.localdate()
    mous = (
        Mou.objects.filter(coordinator__is_active=True)
        .exclude(last_review_reminded_on=today)
        .select_related("coordinator")
        .prefetch_related("meetings")
        .select_for_update(of=("self",))
    )
    reminded: list[int] = []
    for mou in mous:
        review = mou.next_review()
        if review is None or review.state(today) != ReviewState.OVERDUE or mou.coordinator is None:
            continue
        notify(event=Event.PROGRAMMES, recipients=[mou.coordinator], detail=review_overdue_detail(review))
        reminded.append(mou.pk)
    Mou.objects.filter(pk__in=reminded).update(last_review_reminded_on=today)
    return len(reminded)


@transaction.atomic
def city_stage_record(
    *,
    by: User,
    city: CreativeCity,
    stage: str,
    on: dt.date,
    notes: str = "",
    target_fiscal_year: int | None = None,
    field: str = "",
) -> CityStatusChange:
    """Record a step on the city's path. A candidate's target year and a designation (field, year)
    are also written on the city, which the rest of the site reads."""
    _require_officer(by)
    change = CityStatusChange(city=city, stage=stage, on=on, notes=notes)
    if stage == CityStage.CANDIDATE:
        change.target_fiscal_year = target_fiscal_year or city.target_fiscal_year
        if not change.target_fiscal_year:
            raise ValidationError({"target_fiscal_year": _("A candidate needs a target fiscal year.")})
    if stage == CityStage.DESIGNATED:
        change.field = field or city.field
    change.full_clean()
    change.save()
    if stage == CityStage.CANDIDATE:
        city.status, city.target_fiscal_year = CreativeCityStatus.CANDIDATE, change.target_fiscal_year
    elif stage == CityStage.DESIGNATED:
        city.status, city.member_since, city.field = CreativeCityStatus.MEMBER, on.year, change.field
    city.full_clean()
    city.save()
    audit_record(actor=by, action="programmes.city_stage", obj=change, summary=change.get_stage_display())
    return change
