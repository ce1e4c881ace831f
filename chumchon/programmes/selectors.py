"""Reads for the programme pages and API, each checked against who is asking.

The programme is the agency's own business: MOUs, review meetings (with their minutes), readiness
and the cities' paths are for officers only; the owner of an action item sees and closes their own items.
Pages and API read through these functions, so both show exactly the same things.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from chumchon.core.thai import fiscal_year_of
from chumchon.places.models import CreativeCity, CreativeCityStatus
from chumchon.programmes.models import (
    OUTCOMES,
    ActionItem,
    CityStage,
    CityStatusChange,
    Mou,
    ReadinessItem,
    ReviewDue,
    ReviewMeeting,
    ReviewState,
)


def _is_officer(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_staff)


def sees_officer_fields(user: Any) -> bool:
    """Whether the person sees what the programme keeps to officers: minutes, decisions, attendees,
    owners' names (the public API leaves them empty)."""
    return _is_officer(user)


# --- What anyone may read (the API's public reads; files, minutes and owners' names aside) -------


def mous_public() -> QuerySet[Mou]:
    """Every MOU, with its cities and meetings (for the next yearly review); signed documents stay private."""
    return Mou.objects.prefetch_related("cities", "meetings")


def meetings_public() -> QuerySet[ReviewMeeting]:
    """Every review meeting with its action items; the serializer leaves minutes and names to officers."""
    items = ActionItem.objects.select_related("owner", "city")
    return ReviewMeeting.objects.select_related("mou").prefetch_related(Prefetch("action_items", queryset=items))


def action_items_public() -> QuerySet[ActionItem]:
    return ActionItem.objects.select_related("meeting", "owner", "city")


def readiness_items_public() -> QuerySet[ReadinessItem]:
    return ReadinessItem.objects.select_related("city", "owner")


def city_changes_public() -> QuerySet[CityStatusChange]:
    return CityStatusChange.objects.select_related("city")


def creative_cities_public() -> QuerySet[CreativeCity]:
    """The creative cities with their path (see `city_path`)."""
    return CreativeCity.objects.select_related("province").prefetch_related("status_changes")


def action_items_visible_to(user: Any) -> QuerySet[ActionItem]:
    """Every action item for officers; a signed-in person's own items; nothing for visitors."""
    items = ActionItem.objects.select_related("meeting", "owner", "city")
    if _is_officer(user):
        return items
    if getattr(user, "is_authenticated", False):
        return items.filter(owner=user.pk)
    return items.none()


def action_item_for(user: Any, pk: int) -> ActionItem:
    """The item, for its owner or an officer; anyone else gets a 404."""
    return get_object_or_404(action_items_visible_to(user), pk=pk)


def meetings_visible_to(user: Any) -> QuerySet[ReviewMeeting]:
    """Review meetings with their minutes and action items (owners' names): officers only."""
    if not _is_officer(user):
        return ReviewMeeting.objects.none()
    items = ActionItem.objects.select_related("owner", "city")
    return ReviewMeeting.objects.select_related("mou").prefetch_related(Prefetch("action_items", queryset=items))


def meeting_detail(user: Any, pk: int) -> ReviewMeeting:
    """The meeting for an officer, else a 404."""
    return get_object_or_404(meetings_visible_to(user), pk=pk)


def mous_visible_to(user: Any) -> QuerySet[Mou]:
    """MOUs with their cities and meetings: officers only."""
    if not _is_officer(user):
        return Mou.objects.none()
    meetings = ReviewMeeting.objects.prefetch_related(
        Prefetch("action_items", queryset=ActionItem.objects.select_related("owner", "city"))
    )
    return Mou.objects.prefetch_related("cities", Prefetch("meetings", queryset=meetings))


def mou_for(user: Any, pk: int) -> Mou:
    """The MOU for an officer, else a 404."""
    return get_object_or_404(mous_visible_to(user), pk=pk)


def readiness_items_visible_to(user: Any) -> QuerySet[ReadinessItem]:
    """Readiness criteria with their evidence: officers only."""
    if not _is_officer(user):
        return ReadinessItem.objects.none()
    return ReadinessItem.objects.select_related("city", "owner")


def city_changes_visible_to(user: Any) -> QuerySet[CityStatusChange]:
    """The steps of the cities' paths to the network: officers only."""
    if not _is_officer(user):
        return CityStatusChange.objects.none()
    return CityStatusChange.objects.select_related("city")


@dataclass(frozen=True)
class ReviewRow:
    """The next yearly review of an MOU and where it stands today."""

    review: ReviewDue
    state: ReviewState

    @property
    def is_overdue(self) -> bool:
        return self.state == ReviewState.OVERDUE


def next_reviews(mous: Any, today: dt.date | None = None) -> list[ReviewRow]:
    """Each MOU's next yearly review (MOUs with every review held are left out), overdue first."""
    today = today or timezone.localdate()
    rows = [ReviewRow(review, review.state(today)) for mou in mous if (review := mou.next_review()) is not None]
    order = {ReviewState.OVERDUE: 0, ReviewState.DUE: 1, ReviewState.UPCOMING: 2}
    return sorted(rows, key=lambda row: (order[row.state], row.review.due_on))


@dataclass(frozen=True)
class CityPath:
    """Where a city stands on its path to the network, and whether its target year passed unanswered."""

    city: CreativeCity
    stage: CityStage
    changes: list[CityStatusChange]
    target_passed: bool

    @property
    def stage_label(self) -> str:
        return str(self.stage.label)


def city_path(city: CreativeCity, today: dt.date | None = None) -> CityPath:
    """The city's steps (oldest first) and its stage: the latest step, or, with none recorded, what the
    city's status says. A candidate whose target fiscal year has ended (Oct–Sep) with no outcome
    recorded is flagged. Reads `city.status_changes.all()`, so prefetched cities cost no query."""
    today = today or timezone.localdate()
    changes = sorted(city.status_changes.all(), key=lambda change: (change.on, change.pk))
    if changes:
        stage = CityStage(changes[-1].stage)
    else:
        stage = CityStage.DESIGNATED if city.status == CreativeCityStatus.MEMBER else CityStage.CANDIDATE
    target_passed = bool(
        stage not in OUTCOMES
        and city.status == CreativeCityStatus.CANDIDATE
        and city.target_fiscal_year
        and city.target_fiscal_year < fiscal_year_of(today)
    )
    return CityPath(city=city, stage=stage, changes=changes, target_passed=target_passed)


def city_paths(today: dt.date | None = None) -> list[CityPath]:
    """Every creative city with its path, in two queries."""
    cities = CreativeCity.objects.prefetch_related("status_changes")
    return [city_path(city, today) for city in cities]


@dataclass(frozen=True)
class TimelineEntry:
    """One dated event in a city's programme history."""

    day: dt.date
    kind: str
    title: str
    url: str = ""
    overdue: bool = False


def city_timeline(city: CreativeCity) -> list[TimelineEntry]:
    """MOUs signed and ending, review meetings and action items for the city, oldest first."""
    from django.utils.translation import gettext as _

    today = timezone.localdate()
    entries: list[TimelineEntry] = []
    if city.member_since:
        entries.append(TimelineEntry(dt.date(city.member_since, 10, 31), "member", _("Joined the UNESCO network")))
    for mou in Mou.objects.filter(cities=city):
        entries.append(TimelineEntry(mou.signed_on, "mou", _("MOU signed: %(title)s") % {"title": mou.title}))
        entries.append(TimelineEntry(mou.ends_on, "mou-end", _("MOU ends: %(title)s") % {"title": mou.title}))
    meetings = ReviewMeeting.objects.filter(Q(mou__cities=city) | Q(action_items__city=city)).distinct()
    for meeting in meetings:
        entries.append(TimelineEntry(meeting.held_on, "meeting", meeting.title, meeting.get_absolute_url()))
    for item in ActionItem.objects.filter(city=city).select_related("meeting"):
        entries.append(
            TimelineEntry(
                item.due_on,
                "action",
                _("Due: %(title)s") % {"title": item.title},
                item.meeting.get_absolute_url(),
                overdue=item.is_overdue(today),
            )
        )
    return sorted(entries, key=lambda entry: entry.day)
