"""The impact figures count business-matching meetings held and the value both sides expect."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chumchon.impact.selectors import ImpactFilters, matching_figures
from chumchon.matching import services
from chumchon.matching.models import Meeting, MeetingStatus

pytestmark = pytest.mark.django_db


def test_it_counts_meetings_held_with_the_larger_expected_value_of_the_two_sides(make_event, make_participant):
    event = make_event(scheduling_mode="self")  # meetings on 10 Dec 2026: fiscal year 2570
    buyer = make_participant(event, "buyer")
    sellers = [make_participant(event, "seller") for _ in range(2)]
    meetings = []
    for seller in sellers:
        request = services.request_send(sender=buyer, target=seller, by=buyer.person)
        services.request_accept(meeting_request=request, by=seller.person)
        meetings.append(Meeting.objects.get(request=request))
    Meeting.objects.filter(pk=meetings[0].pk).update(status=MeetingStatus.HELD)  # the second one never took place
    meetings[0].refresh_from_db()
    services.outcome_record(
        meeting=meetings[0], registration=buyer, by=buyer.person, interest="strong", expected_value="30000"
    )
    services.outcome_record(
        meeting=meetings[0], registration=sellers[0], by=sellers[0].person, interest="some", expected_value="20000"
    )
    figures = matching_figures(ImpactFilters(fiscal_year=2570))
    assert (figures.meetings_held, figures.expected_value) == (1, Decimal("30000.00"))
    assert matching_figures(ImpactFilters(fiscal_year=2569)).meetings_held == 0
    other_place = ImpactFilters(fiscal_year=2570, community=sellers[1].community)
    assert matching_figures(other_place).meetings_held == 0
    own_place = ImpactFilters(fiscal_year=2570, community=sellers[0].community)
    assert matching_figures(own_place).expected_value == Decimal("30000.00")
