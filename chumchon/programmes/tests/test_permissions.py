"""Who sees and does what in the programme, the same through the pages and the API.

Alice owns an action item of a review meeting; Charlie is unrelated; only officers see MOUs,
meetings, minutes and the owners of action items.
"""

import datetime as dt

import pytest

from chumchon.core.tests.channels import CHANNELS, client_for, post, sees
from chumchon.programmes import services
from chumchon.programmes.models import ActionStatus

pytestmark = pytest.mark.django_db

EVERYONE_BUT_OFFICERS_DENIED = [("anonymous", False), ("stranger", False), ("owner", False), ("officer", True)]


@pytest.fixture
def item(officer, alice):
    mou = services.mou_create(
        by=officer, title="MOU ความร่วมมือเมืองน่าน", parties=["อพท.", "สศส."], signed_on=dt.date(2024, 10, 1)
    )
    meeting = services.meeting_create(
        by=officer,
        mou=mou,
        held_on=dt.date(2025, 10, 1),
        title="ประชุมทบทวน",
        minutes="งบประมาณยังไม่ผ่านสำนักงบ",
    )
    return services.action_item_create(
        by=officer, meeting=meeting, title="ส่งแฟ้มใบสมัคร", owner=alice, due_on=dt.date(2030, 1, 1)
    )


@pytest.mark.parametrize("who, allowed", EVERYONE_BUT_OFFICERS_DENIED)
def test_it_keeps_the_programme_pages_to_officers(request, item, who, allowed):
    assert sees(client_for(request, who), "/programme/", "MOU ความร่วมมือเมืองน่าน") is allowed


@pytest.mark.parametrize("who", ["anonymous", "stranger", "owner", "officer"])
def test_it_lets_anyone_read_mous_meetings_and_items_through_the_api(request, item, who):
    # Issue 20 item 4: the programme's MOUs, meetings and action items are public reading; minutes,
    # attendees, decisions and owners' names stay the officers' (tested below).
    client = client_for(request, who)
    assert sees(client, f"/api/v1/programme/mous/{item.meeting.mou.pk}/", "MOU ความร่วมมือเมืองน่าน")
    assert sees(client, f"/api/v1/programme/meetings/{item.meeting.pk}/", "ประชุมทบทวน")
    assert sees(client, f"/api/v1/programme/action-items/{item.pk}/", "ส่งแฟ้มใบสมัคร")


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("who, allowed", EVERYONE_BUT_OFFICERS_DENIED)
def test_it_shows_review_minutes_and_owners_to_officers_only(request, item, channel, who, allowed):
    # The API used to let anyone read every meeting's minutes and its owners' names.
    client = client_for(request, who)
    meeting = item.meeting
    if channel == "page":
        urls = [f"/programme/meetings/{meeting.pk}/"]
    else:
        urls = [f"/api/v1/programme/meetings/{meeting.pk}/", "/api/v1/programme/meetings/"]
    for url in urls:
        assert sees(client, url, "งบประมาณยังไม่ผ่านสำนักงบ") is allowed, url
        assert sees(client, url, "Alice") is allowed, url


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(
    "who, allowed", [("anonymous", False), ("stranger", False), ("owner", True), ("officer", True)]
)
def test_it_lets_the_owner_or_an_officer_close_an_action_item(request, item, channel, who, allowed):
    client = client_for(request, who)
    if channel == "page":
        post(client, f"/programme/actions/{item.pk}/done/")
    else:
        post(client, f"/api/v1/programme/action-items/{item.pk}/done/", json=True)
    item.refresh_from_db()
    assert (item.status == ActionStatus.DONE) is allowed


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("who, allowed", [("anonymous", False), ("stranger", False), ("owner", True)])
def test_it_shows_an_action_item_to_its_owner(request, item, channel, who, allowed):
    # Officers see every item (on the meeting pages, tested above); this is the owner's own list.
    url = {"page": "/programme/my-actions/", "api": "/api/v1/programme/action-items/?mine=true"}[channel]
    assert sees(client_for(request, who), url, "ส่งแฟ้มใบสมัคร") is allowed
