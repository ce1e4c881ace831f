"""Filters of business-matching lists: registrations (the organiser's desk and
`/api/v1/matching/registrations/`) and one's agenda (`/api/v1/matching/agenda/`).

The event is named by its slug and an unknown one gives an empty list, not an error: whether a
draft event exists is not told to participants.
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from chumchon.core.filters import Described, FilterSet
from chumchon.matching.models import Meeting, ParticipantType, Registration, RegistrationStatus, Role


class EventSlugFilter(Described, django_filters.CharFilter):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(field_name="event__slug", label=_("Event"), description="Event slug", **kwargs)


class RegistrationFilterSet(FilterSet):
    event = EventSlugFilter()
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RegistrationStatus.choices)
    role = django_filters.ChoiceFilter(label=_("Taking part as"), choices=Role.choices)
    participant_type = django_filters.ChoiceFilter(label=_("Type of participant"), choices=ParticipantType.choices)

    class Meta(FilterSet.Meta):
        model = Registration
        fields = ["event", "status", "role", "participant_type"]


class MeetingFilterSet(FilterSet):
    event = EventSlugFilter()

    class Meta(FilterSet.Meta):
        model = Meeting
        fields = ["event"]
