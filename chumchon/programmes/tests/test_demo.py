"""The demo programme looks like one the agency runs: past yearly reviews held, the next one ahead."""

import datetime as dt

import pytest

from chumchon.programmes import demo
from chumchon.programmes.models import Mou, ReviewState

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("today", [dt.date(2026, 12, 4), dt.date(2027, 10, 3), dt.date(2025, 3, 1)])
def test_it_marks_past_yearly_reviews_held_in_the_demo(officer, monkeypatch, today):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: today)
    demo.load()
    mou = Mou.objects.get(title=demo.MOU_TITLE)
    due = [n for n in range(1, 5) if mou.review_due_on(n) < today]
    assert sorted(m.review_number for m in mou.meetings.all() if m.review_number) == due
    review = mou.next_review()
    assert review is not None and review.number == len(due) + 1
    assert review.state(today) != ReviewState.OVERDUE
