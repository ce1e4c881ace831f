"""Participant types: the event admits some types and lets chosen pairs of types meet."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from rest_framework.test import APIClient

from chumchon.accounts.services import organisation_create
from chumchon.matching import optimise, recommend, selectors, services
from chumchon.matching.models import Event, MeetingRequest, Registration

pytestmark = pytest.mark.django_db

PAIRS = ["business:community", "community:government"]


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def day(make_event, make_participant):
    """A tourism matching day: communities host; a tour operator, an agency and the media ask;
    communities meet businesses and the government, nobody meets the media."""
    event = make_event(participant_types=["community", "business", "government", "media"], meeting_pairs=list(PAIRS))
    people = {
        "community": make_participant(event, "seller", name="กลุ่มผ้าทอ", participant_type="community"),
        "business": make_participant(event, "buyer", name="Lanna Travel", participant_type="business"),
        "government": make_participant(event, "buyer", name="ททท. สุโขทัย", participant_type="government"),
        "media": make_participant(event, "buyer", name="Travel Weekly", participant_type="media"),
    }
    return event, people


def test_the_officer_chooses_the_types_and_pairs_on_the_event_form(client, officer, event):
    client.force_login(officer)
    page = client.get(f"/matching/staff/{event.slug}/edit/").content.decode()
    # The matrix: each pair once, every checkbox named by both types, anyone-with-anyone by default.
    assert page.count('name="meeting_pairs"') == 21
    assert 'aria-label="ชุมชน – ภาครัฐหรือหน่วยงาน"' in page
    assert 'value="any"' in page and 'value="chosen"' in page
    form = _event_form_data(event)
    form.update(
        participant_types=["community", "government", "business"],
        pairing="chosen",
        meeting_pairs=["community:government", "business:community"],
    )
    response = client.post(f"/matching/staff/{event.slug}/edit/", form)
    assert response.status_code == 302, response.context["form"].errors
    event.refresh_from_db()
    assert event.participant_types == ["community", "business", "government"]
    assert event.meeting_pairs == PAIRS
    assert event.may_meet("government", "community") and not event.may_meet("business", "government")
    # Chosen pairs with none ticked is a mistake, said on the field.
    form.update(meeting_pairs=[])
    response = client.post(f"/matching/staff/{event.slug}/edit/", form)
    assert response.status_code == 200
    assert "ติ๊กอย่างน้อยหนึ่งคู่" in response.content.decode()
    # Back to anyone with anyone: the pairs are forgotten.
    form.update(pairing="any", meeting_pairs=["community:media"])
    assert client.post(f"/matching/staff/{event.slug}/edit/", form).status_code == 302
    event.refresh_from_db()
    assert event.meeting_pairs == [] and event.may_meet("media", "guide")


def _event_form_data(event: Event) -> dict:
    return {
        "name_th": event.name_th,
        "name_en": event.name_en,
        "slug": event.slug,
        "venue": event.venue,
        "meeting_minutes": event.meeting_minutes,
        "break_minutes": event.break_minutes,
        "registration_opens": event.registration_opens.strftime("%Y-%m-%dT%H:%M"),
        "registration_closes": event.registration_closes.strftime("%Y-%m-%dT%H:%M"),
        "audience": event.audience,
        "request_mode": event.request_mode,
        "scheduling_mode": event.scheduling_mode,
        "max_meetings": event.max_meetings,
        "reminder_minutes": event.reminder_minutes,
    }


def test_the_event_service_refuses_unknown_types_and_pairs(officer, event):
    with pytest.raises(ValidationError):
        services.event_update(event=event, by=officer, participant_types=["pirate"])
    event.refresh_from_db()
    with pytest.raises(ValidationError):
        services.event_update(event=event, by=officer, meeting_pairs=["community:pirate"])


def test_registration_refuses_a_type_the_event_does_not_admit(day, alice):
    event, _people = day
    organisation = organisation_create(by=alice, name="ไกด์ท้องถิ่น", kind="company")
    with pytest.raises(ValidationError) as refused:
        services.registration_create(
            event=event, organisation=organisation, role="buyer", participant_type="guide", by=alice
        )
    assert refused.value.messages == [
        "งานนี้ไม่รับลงทะเบียนผู้เข้าร่วมประเภทมัคคุเทศก์ รับเฉพาะ: ชุมชน, ธุรกิจหรือบริษัทนำเที่ยว, ภาครัฐหรือหน่วยงาน, สื่อมวลชน"
    ]
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.registration_create(
            event=event, organisation=organisation, role="buyer", participant_type="guide", by=alice
        )
    assert "does not take registrations from Guide participants" in refused.value.messages[0]


def test_the_registration_form_offers_only_admitted_types(client, day, alice):
    event, _people = day
    organisation = organisation_create(by=alice, name="ไกด์ท้องถิ่น", kind="company")
    client.force_login(alice)
    page = client.get(f"/matching/{event.slug}/register/").content.decode()
    assert 'name="participant_type" value="media"' in page
    assert 'value="guide"' not in page
    response = client.post(
        f"/matching/{event.slug}/register/",
        {
            "organisation": organisation.pk,
            "role": "buyer",
            "participant_type": "guide",
            "languages": ["th"],
            "sessions": [s.pk for s in event.sessions.all()],
        },
    )
    assert response.status_code == 200
    assert not event.registrations.filter(organisation=organisation).exists()
    response = client.post(
        f"/matching/{event.slug}/register/",
        {
            "organisation": organisation.pk,
            "role": "buyer",
            "participant_type": "government",
            "languages": ["th"],
            "sessions": [s.pk for s in event.sessions.all()],
        },
    )
    assert response.status_code == 302
    assert event.registrations.get(organisation=organisation).participant_type == "government"


def test_the_directory_and_recommendations_offer_only_admissible_partners(client, day):
    event, people = day
    community, media = people["community"], people["media"]
    community.offers_text = media.seeks_text = "ผ้าทอมือ"
    community.save()
    media.save()
    partners = {r.pk for r in selectors.directory(event, viewer=community)}
    assert partners == {people["business"].pk, people["government"].pk}
    assert list(selectors.directory(event, viewer=media)) == []
    assert recommend.recommend(media) == []
    client.force_login(community.person)
    page = client.get(f"/matching/{event.slug}/participants/").content.decode()
    assert "Lanna Travel" in page and "Travel Weekly" not in page


def test_a_request_between_types_that_do_not_meet_is_refused(day):
    event, people = day
    community, media = people["community"], people["media"]
    with pytest.raises(ValidationError) as refused:
        services.request_send(sender=media, target=community, by=media.person)
    assert refused.value.messages == ["ในงานนี้ ผู้เข้าร่วมประเภทสื่อมวลชนไม่ได้นัดพบกับผู้เข้าร่วมประเภทชุมชน"]
    # And through the API, with the same words.
    response = client_for(community.person).post(
        "/api/v1/matching/requests/", {"event": event.slug, "target": media.pk}, format="json"
    )
    assert response.status_code == 400
    assert "ไม่ได้นัดพบกับผู้เข้าร่วมประเภท" in str(response.json())
    assert not MeetingRequest.objects.exists()
    # An allowed pair goes through.
    services.request_send(sender=people["government"], target=community, by=people["government"].person)
    assert MeetingRequest.objects.count() == 1


def test_the_optimiser_gets_only_allowed_pairs(officer, day):
    event, people = day
    community = people["community"]
    services.event_update(event=event, by=officer, meeting_pairs=[])  # anyone with anyone for now
    community = Registration.objects.get(pk=community.pk)
    for asker in (people["business"], people["media"]):
        asker = Registration.objects.get(pk=asker.pk)
        meeting_request = services.request_send(
            sender=asker, target=community, by=people[asker.participant_type].person
        )
        services.request_accept(meeting_request=meeting_request, by=people["community"].person)
    assert len(optimise.event_instance(event).requests) == 2
    # The organiser narrows the pairs after the requests: the media's is left out of the run.
    services.event_update(event=event, by=officer, meeting_pairs=list(PAIRS))
    event.refresh_from_db()
    instance = optimise.event_instance(event)
    assert [{r.a, r.b} for r in instance.requests] == [{community.code, people["business"].code}]


def test_the_api_reads_and_writes_the_participant_type(day, alice):
    event, people = day
    organisation = organisation_create(by=alice, name="ททท. พิษณุโลก", kind="agency")
    response = client_for(alice).post(
        "/api/v1/matching/registrations/",
        {"event": event.slug, "organisation": organisation.pk, "role": "buyer", "participant_type": "government"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["participant_type"] == "government"
    refused = client_for(alice).post(
        "/api/v1/matching/registrations/",
        {"event": event.slug, "organisation": organisation.pk, "role": "buyer", "participant_type": "pirate"},
        format="json",
    )
    assert refused.status_code == 400
    detail = client_for(alice).get(f"/api/v1/matching/events/{event.slug}/").json()
    assert detail["participant_types"] == ["community", "business", "government", "media"]
    assert detail["meeting_pairs"] == PAIRS
    mine = client_for(people["media"].person).get(
        f"/api/v1/matching/registrations/?event={event.slug}&participant_type=media"
    )
    assert [row["id"] for row in mine.json()["results"]] == [people["media"].pk]


def test_an_event_admitting_one_type_registers_everyone_as_it(make_event, make_participant):
    event = make_event(slug="communities", participant_types=["community"])
    registration = make_participant(event, "seller")
    assert registration.participant_type == "community"
    assert services.default_type(event, "buyer") == "community"


def test_a_run_after_the_pairs_narrowed_drops_movable_meetings_of_pairs_no_longer_allowed(
    officer, make_event, make_participant
):
    from django.test import TestCase

    from chumchon.matching.models import Meeting, RunStatus

    event = make_event(slug="narrowed")
    community = make_participant(event, "seller", participant_type="community")
    business = make_participant(event, "buyer", participant_type="business")
    media = make_participant(event, "buyer", participant_type="media")
    guide = make_participant(event, "buyer", participant_type="guide")
    for asker in (business, media, guide):
        meeting_request = services.request_send(sender=asker, target=community, by=asker.person)
        services.request_accept(meeting_request=meeting_request, by=community.person)

    def run_and_apply() -> None:
        with TestCase.captureOnCommitCallbacks(execute=True):
            run = services.schedule_run_start(event=event, by=officer, time_limit=5)
        run.refresh_from_db()
        assert run.status == RunStatus.DONE, run.error
        services.schedule_run_apply(run=run, by=officer)

    run_and_apply()
    assert Meeting.objects.filter(event=event).count() == 3
    # The guide's meeting is locked by hand: it stays whatever the rule; the media's goes.
    guide_meeting = Meeting.objects.get(seats__registration=guide)
    services.meeting_lock(meeting=guide_meeting, locked=True, by=officer)
    services.event_update(event=event, by=officer, meeting_pairs=["business:community"])
    run_and_apply()
    partners = {m.request.other(community).participant_type for m in Meeting.objects.filter(event=event)}
    assert partners == {"business", "guide"}


def test_the_participant_import_reads_the_type_column(client, officer, make_event, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from chumchon.matching.models import ParticipantImport, ParticipantImportStatus
    from chumchon.matching.tests.participant_sheet import HEADER, participant_csv, participant_rows

    event = make_event(slug="imported", participant_types=["community", "business", "government"])
    rows = participant_rows(4)
    for row, kind in zip(rows, ["ภาครัฐ", "ชุมชน", "tour operator", "ไกด์"], strict=True):
        row.append(kind)
    client.force_login(officer)

    def upload(data: bytes) -> ParticipantImport:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/matching/staff/{event.slug}/import/",
                {"file": SimpleUploadedFile("people.csv", data), "status": "approved"},
            )
        assert response.status_code == 302
        return ParticipantImport.objects.latest("pk")

    job = upload(participant_csv(rows, [*HEADER, "ประเภทผู้เข้าร่วม"]))
    assert [(error["row"], error["column"]) for error in job.errors] == [(5, "participant_type")]
    rows[3][-1] = "ธุรกิจ"
    job = upload(participant_csv(rows, [*HEADER, "ประเภทผู้เข้าร่วม"]))
    assert job.errors == []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/matching/staff/{event.slug}/import/{job.pk}/run/")
    job.refresh_from_db()
    assert job.status == ParticipantImportStatus.DONE, job.errors
    types = dict(event.registrations.values_list("organisation__name", "participant_type"))
    assert types == {
        "บริษัททัวร์ 1": "government",
        "กลุ่มทอผ้า 2": "community",
        "บริษัททัวร์ 3": "business",
        "กลุ่มทอผ้า 4": "business",
    }


def test_the_event_page_says_who_may_register_and_meet(client, day):
    event, people = day
    client.force_login(people["media"].person)
    page = client.get(f"/matching/{event.slug}/").content.decode()
    assert "ชุมชน, ธุรกิจหรือบริษัทนำเที่ยว, ภาครัฐหรือหน่วยงาน, สื่อมวลชน" in page
    assert "ชุมชน – ธุรกิจหรือบริษัทนำเที่ยว; ชุมชน – ภาครัฐหรือหน่วยงาน" in page
    assert "ประเภทผู้เข้าร่วม: สื่อมวลชน" in page


def test_a_pending_request_of_a_pair_no_longer_allowed_cannot_be_accepted(officer, day):
    event, people = day
    community, media = people["community"], people["media"]
    services.event_update(event=event, by=officer, meeting_pairs=[])
    media = Registration.objects.get(pk=media.pk)
    meeting_request = services.request_send(sender=media, target=community, by=people["media"].person)
    services.event_update(event=event, by=officer, meeting_pairs=list(PAIRS))
    with pytest.raises(ValidationError) as refused:
        services.request_accept(meeting_request=meeting_request, by=people["community"].person)
    assert "ไม่ได้นัดพบกับ" in refused.value.messages[0]


def test_the_officer_filters_registrations_by_type(client, officer, day):
    event, _people = day
    client.force_login(officer)
    page = client.get(f"/matching/staff/{event.slug}/?participant_type=government").content.decode()
    assert 'option value="government" selected' in page
    assert "ททท. สุโขทัย" in page and "Lanna Travel" not in page
