"""A cancelled group session stays on its host's and guests' agendas, marked cancelled (page, PDF,
calendar), as a meeting cancelled after publishing does; its time is free again."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from chumchon.matching import selectors, services
from chumchon.matching.models import Meeting

pytestmark = pytest.mark.django_db


def slots(event):
    return list(event.slots.order_by("starts_at"))


def tables(event):
    return list(event.tables.order_by("pk"))


def make_group(event, host, officer, *, slot=0, table=0, title="Weaving demo"):
    return services.group_create(
        event=event,
        slot=slots(event)[slot],
        table=tables(event)[table],
        host=host,
        title=title,
        capacity=3,
        by=officer,
    )


def agenda_page(client, event, language="th"):
    with translation.override(language):
        return client.get(reverse("matching:agenda", kwargs={"slug": event.slug})).content.decode()


def group_block(page, group):
    """The agenda item of one group session, from its opening tag to its closing one."""
    match = re.search(rf'<div class="agenda-item[^"]*" id="group-{group.pk}">.*?</div>', page, re.S)
    assert match, f"group {group.pk} is not on the agenda"
    return match.group(0)


def vevent_of(ics, uid):
    """The VEVENT with that UID, its folded lines joined."""
    unfolded = ics.replace("\r\n ", "")
    for block in unfolded.split("BEGIN:VEVENT")[1:]:
        if f"UID:{uid}\r\n" in block:
            return block.split("END:VEVENT")[0]
    raise AssertionError(f"no VEVENT with UID {uid}")


def group_uid_in(ics, group):
    [uid] = re.findall(rf"^UID:(\S*group{group.pk}@\S*)\r$", ics.replace("\r\n ", ""), re.M)
    return uid


def test_it_stays_on_the_guests_and_hosts_agenda_marked_cancelled_in_thai(client, event, officer, make_participant):
    host = make_participant(event, "seller", name="Ban Na Weavers")
    guest = make_participant(event, "buyer")
    group = make_group(event, host, officer)
    services.group_join(group=group, registration=guest, by=guest.person)

    services.group_cancel(group=group, by=officer)

    for person in (guest, host):
        client.force_login(person.person)
        block = group_block(agenda_page(client, event), group)
        assert "agenda-cancelled" in block
        assert "<s>Weaving demo</s>" in block
        assert "ยกเลิกแล้ว" in block and "กลุ่มพบปะนี้ถูกยกเลิกแล้ว" in block
        # nothing left to do with it: no room link, no leaving it
        assert "group_leave" not in block and "/leave/" not in block
    client.force_login(guest.person)
    block = group_block(agenda_page(client, event, "en"), group)
    assert "Cancelled" in block and "This group session was cancelled." in block


def test_an_open_group_is_not_marked(client, event, officer, make_participant):
    host = make_participant(event, "seller")
    guest = make_participant(event, "buyer")
    group = make_group(event, host, officer)
    services.group_join(group=group, registration=guest, by=guest.person)
    client.force_login(guest.person)
    block = group_block(agenda_page(client, event), group)
    assert "agenda-cancelled" not in block and "ยกเลิก" not in block
    assert "<s>" not in block and f"/groups/{group.pk}/leave/" in block


def test_the_calendar_keeps_its_uid_and_says_cancelled(client, event, officer, make_participant):
    host = make_participant(event, "seller")
    guest = make_participant(event, "buyer")
    group = make_group(event, host, officer)
    services.group_join(group=group, registration=guest, by=guest.person)
    client.force_login(guest.person)
    ics_url = reverse("matching:agenda_ics", kwargs={"slug": event.slug})
    before = client.get(ics_url).content.decode()
    uid = group_uid_in(before, group)
    assert "STATUS:CONFIRMED" in vevent_of(before, uid) and "SEQUENCE:0" in vevent_of(before, uid)

    services.group_cancel(group=group, by=officer)

    for person in (guest, host):
        client.force_login(person.person)
        after = client.get(ics_url).content.decode()
        vevent = vevent_of(after, uid)
        assert "STATUS:CANCELLED" in vevent and "SEQUENCE:1" in vevent
        assert after.count("BEGIN:VEVENT") == 1
    # the subscribed feed says the same
    feed = client.get(reverse("matching:calendar_feed", kwargs={"token": host.calendar_token})).content.decode()
    assert "STATUS:CANCELLED" in vevent_of(feed, uid)


def test_the_pdf_agenda_marks_it_cancelled(client, event, officer, make_participant):
    from chumchon.matching import agendas
    from chumchon.matching.tests.agenda_helpers import pdf_text

    if not agendas.pdf_available():
        pytest.skip("WeasyPrint is not available")
    host = make_participant(event, "seller")
    guest = make_participant(event, "buyer")
    group = make_group(event, host, officer)
    services.group_join(group=group, registration=guest, by=guest.person)
    services.group_cancel(group=group, by=officer)
    client.force_login(guest.person)
    with translation.override("en"):
        response = client.get(reverse("matching:agenda_pdf", kwargs={"slug": event.slug}))
    text = pdf_text(response.content)
    assert "Weaving demo" in text and "This group session was cancelled." in text


def test_its_time_is_free_again_for_a_meeting(make_event, make_participant, officer):
    event = make_event(slug="self", scheduling_mode="self", tables=2)
    host, guest = make_participant(event, "seller"), make_participant(event, "buyer")
    first = slots(event)[0]
    group = make_group(event, host, officer)
    services.group_join(group=group, registration=guest, by=guest.person)

    services.group_cancel(group=group, by=officer)

    # Self-booking gives an accepted request the first time free for both sides.
    request = services.request_send(sender=guest, target=host, by=guest.person)
    services.request_accept(meeting_request=request, by=host.person)
    assert Meeting.objects.get(request=request).slot == first


def test_its_guest_may_join_another_group_then(event, officer, make_participant):
    host, other_host = make_participant(event, "seller"), make_participant(event, "seller")
    guest = make_participant(event, "buyer")
    group = make_group(event, host, officer)
    services.group_join(group=group, registration=guest, by=guest.person)
    services.group_cancel(group=group, by=officer)
    other = make_group(event, other_host, officer, table=1, title="Indigo dyeing")
    services.group_join(group=other, registration=guest, by=guest.person)


def test_its_host_and_guest_are_free_for_a_walk_in_then(event, officer, make_participant):
    host, guest = make_participant(event, "seller"), make_participant(event, "buyer")
    group = make_group(event, host, officer)
    services.group_join(group=group, registration=guest, by=guest.person)
    make_group(event, host, officer, slot=1, title="Later demo")  # the host's other group, still open
    for person in (host, guest):
        services.registration_check_in(registration=person, by=officer)

    services.group_cancel(group=group, by=officer)

    free = set(selectors.free_in_slot(event, group.slot))
    assert {host, guest} <= free
