"""Personal data by registry: every model is declared, the download covers every app, and erasure
leaves none of the person's identifiers anywhere in the database."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import timezone
from PIL import Image

from chumchon.accounts import personal_data
from chumchon.accounts.models import AuditEntry, User
from chumchon.accounts.tests.factories import PASSWORD, UserFactory

# Field names that suggest personal data: e-mail, phone, LINE, a person's name, an address, or
# free-text lists of people.
PERSONAL_FIELD = re.compile(
    r"e_?mail|phone|(^|_)line(_|$)|address|^name$|(first|last|full|person|contact)_name|attendees|parties"
)


def _undeclared_models() -> list[str]:
    user_model = get_user_model()
    declared = personal_data.declared_models()
    missing = []
    for model in apps.get_models():
        concrete = model._meta.concrete_model or model
        if concrete in declared:
            continue
        reasons = []
        for field in model._meta.get_fields():
            if field.auto_created and not field.concrete:
                continue  # a reverse relation: declared on the model that holds it
            if field.is_relation and field.related_model is user_model:
                reasons.append(f"{field.name} → user")
            elif getattr(field, "concrete", False) and PERSONAL_FIELD.search(field.name):
                reasons.append(f"{field.name} looks personal")
        if reasons:
            missing.append(f"{model._meta.label} ({', '.join(reasons)})")
    return missing


def test_every_model_with_personal_data_has_a_rule():
    missing = _undeclared_models()
    assert not missing, "No personal-data rule for: " + "; ".join(missing) + " (add one to <app>/personal_data.py)"


def test_the_walk_would_notice_a_model_without_a_rule(monkeypatch):
    """The walk above is not vacuous: forgetting the rule for messages is caught, by name."""
    rules = [rule for rule in personal_data.registered_rules() if rule.model != "inquiries.Message"]
    monkeypatch.setattr(personal_data, "_rules", rules)
    assert any(entry.startswith("inquiries.Message (author → user") for entry in _undeclared_models())


def test_every_rule_names_a_real_model_and_fields():
    for rule in personal_data.registered_rules():
        model = rule.model_class
        for lookup in (*rule.owners, *rule.scrub, *rule.clear_if_same, *rule.identifies, *rule.names, *rule.blank):
            model._meta.get_field(lookup.split("__")[0])
        assert rule.why


# --- a person with data in every app ----------------------------------------------------------

NAME = "Somsri Jaidee"
EMAIL = "somsri.jaidee@example.com"
PHONE = "0899990001"
LINE_ID = "somsri.weaves"
LINE_USER_ID = "U" + "5a" * 16


def _image(name: str = "photo.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 50, 50)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def somsri(db) -> User:
    """A weaver who sells for her community, buys from another, takes part in a matching event,
    writes for the knowledge base, owns a programme action and is told by LINE."""
    from chumchon.accounts.services import api_key_create, consent_record, organisation_create
    from chumchon.catalog.services import listing_create
    from chumchon.core.uploads import clean_photo_or_pdf
    from chumchon.impact.services import income_entry_record
    from chumchon.inquiries.models import Attachment
    from chumchon.inquiries.services import (
        QuoteLineSpec,
        conversation_report,
        conversation_start,
        deal_confirm,
        message_post,
        person_block,
        quote_accept,
        quote_send,
    )
    from chumchon.knowledge.services import article_create, article_submit, comment_add
    from chumchon.matching import services as matching
    from chumchon.notifications.services import preference_update
    from chumchon.places.tests.factories import CommunityFactory
    from chumchon.programmes.services import action_item_create, meeting_create, mou_create

    officer = UserFactory.create(email="officer@example.com", name="Officer", is_staff=True)
    bob = UserFactory.create(email="bob@example.com", name="Bob", role="buyer")
    charlie = UserFactory.create(email="charlie@example.com", name="Charlie")
    person = UserFactory.create(email=EMAIL, name=NAME, role="seller", phone=PHONE, line_id=LINE_ID)
    consent_record(user=person, notice_version="2026-11")
    person.api_key = api_key_create(user=person, name="shop sync", scope="read", lifetime_days=90)[1]  # type: ignore[attr-defined]

    # Her community's organisation, whose phone and PromptPay are her own mobile number.
    organisation = organisation_create(
        by=person, name="วิสาหกิจชุมชนทอผ้าบ้านนา", kind="community_enterprise", phone=PHONE, promptpay_id=PHONE
    )
    community = CommunityFactory.create(slug="ban-na", organisation=organisation, phone=PHONE, line_id=LINE_ID)
    listing = listing_create(
        community=community, kind="product", by=person, title_th="ผ้าซิ่น", price=Decimal("900"), price_unit="piece"
    )
    from chumchon.catalog.services import listing_publish_directly

    listing = listing_publish_directly(listing=listing, by=None)
    preference_update(user=person, by_line=True, line_user_id=LINE_USER_ID)

    # Bob writes to her community; she answers with a photo and her phone number, quotes, he accepts,
    # she confirms the deal.
    conversation = conversation_start(
        buyer=bob, community=community, listing=listing, body=f"Hello {NAME}, 20 pieces please", quantity=20
    )
    message_post(
        conversation=conversation,
        author=person,
        body=f"Yes! Call me on {PHONE} or LINE {LINE_ID}",
        attachments=[clean_photo_or_pdf(_image("sample.jpg"), name="sample.jpg")],
    )
    quote = quote_send(
        conversation=conversation,
        by=person,
        lines=[QuoteLineSpec("ผ้าซิ่น", Decimal("20"), Decimal("900"))],
        valid_until=timezone.localdate() + dt.timedelta(days=14),
        notes=f"Pay by PromptPay {PHONE}",
    )
    deal = quote_accept(quote=quote, by=bob)
    deal_confirm(deal=deal, by=person)

    # She buys from another community too, and reports and blocks a stranger.
    other = CommunityFactory.create(
        slug="ban-mai", organisation=organisation_create(by=charlie, name="Ban Mai", kind="company")
    )
    own = conversation_start(buyer=person, community=other, body=f"I am {NAME}, do you dye with indigo?")
    conversation_report(conversation=own, by=person, reason=f"Spam, says {NAME}")
    person_block(by=person, person=charlie)

    # An officer changes her organisation's phone: the audit trail keeps before and after.
    from chumchon.accounts.services import organisation_update

    organisation_update(organisation=organisation, by=officer, phone=PHONE)

    # Business matching: her organisation meets a buyer's; she asks, records the outcome.
    now = timezone.now()
    event = matching.event_create(
        by=officer,
        tables=2,
        name_th="เจรจาธุรกิจ",
        slug="matching-2569",
        venue="ศูนย์ประชุม",
        registration_opens=now - dt.timedelta(days=1),
        registration_closes=now + dt.timedelta(days=10),
    )
    matching.event_add_session(
        event=event, date=dt.date(2026, 12, 10), starts_at=dt.time(9, 0), ends_at=dt.time(12, 0), name="เช้า"
    )
    event = matching.event_open(event=event, by=officer)
    mine = matching.registration_approve(
        registration=matching.registration_create(
            event=event,
            organisation=organisation,
            role="seller",
            by=person,
            community=community,
            offers_text=f"Hand-woven cloth, ask for {NAME}",
        ),
        by=officer,
    )
    buyer_org = organisation_create(by=bob, name="Hotel Co", kind="company")
    theirs = matching.registration_approve(
        registration=matching.registration_create(event=event, organisation=buyer_org, role="buyer", by=bob),
        by=officer,
    )
    meeting_request = matching.request_send(
        sender=mine, target=theirs, by=person, message=f"{NAME} would like to show you our cloth ({PHONE})"
    )
    matching.request_accept(meeting_request=meeting_request, by=bob)
    meeting_request.refresh_from_db()
    meeting = matching.meeting_place(
        meeting_request=meeting_request, slot=event.slots.all()[0], table=event.tables.all()[0]
    )
    from chumchon.matching.models import Meeting, MeetingStatus

    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    meeting.refresh_from_db()
    matching.outcome_record(
        meeting=meeting, registration=mine, by=person, interest="strong", note=f"{NAME} sends samples"
    )

    # Knowledge: a draft of her own, and a comment on an officer's published guide.
    article_create(by=person, title_th="การย้อมคราม", body_th=f"เขียนโดย {NAME}")
    guide = article_submit(article=article_create(by=officer, title_th="คู่มือ", body_th="..."), by=officer)
    comment_add(article=guide, by=person, text_=f"Thank you! {NAME}")

    # Programmes: a review meeting she attended decided she owns an action.
    mou = mou_create(by=officer, title="MOU", parties=["Agency", NAME], signed_on=dt.date(2026, 1, 5))
    review = meeting_create(
        by=officer,
        mou=mou,
        held_on=dt.date(2026, 2, 1),
        title="Review",
        attendees=["Officer", NAME],
        minutes=f"{NAME} ({EMAIL}) presented the weaving report.",
    )
    action_item_create(
        by=officer, meeting=review, title=f"{NAME} sends the report", owner=person, due_on=dt.date(2026, 3, 1)
    )

    # Impact: income she recorded for her community.
    income_entry_record(
        community=community,
        by=person,
        date=dt.date(2026, 2, 1),
        amount="1500",
        kind="product_sales",
        note=f"Market day, {NAME}",
    )
    assert Attachment.objects.filter(message__author=person).exists()
    person.refresh_from_db()
    return person


def test_the_download_has_a_section_for_every_app_with_my_data(client, somsri):
    client.force_login(somsri)
    response = client.get("/accounts/me/data.json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)

    accounts = data["accounts"]
    assert accounts["account"][0]["email"] == EMAIL and accounts["account"][0]["line_id"] == LINE_ID
    assert accounts["memberships"][0]["organisation__name"] == "วิสาหกิจชุมชนทอผ้าบ้านนา"
    assert accounts["consents"][0]["notice_version"] == "2026-11"
    assert accounts["email_addresses"][0]["email"] == EMAIL
    # The fact of an API key (its prefix, name and dates), never the key nor its hash.
    assert [(key["prefix"], key["name"]) for key in accounts["api_keys"]] == [(somsri.api_key[:8], "shop sync")]
    assert somsri.api_key not in response.content.decode()
    assert somsri.api_keys.get().hashed_key not in response.content.decode()

    inquiries = data["inquiries"]
    assert any(PHONE in m["body"] for m in inquiries["messages"])
    assert inquiries["attachments"][0]["name"] == "sample.jpg"
    assert inquiries["quotes"][0]["notes"] == f"Pay by PromptPay {PHONE}"
    assert inquiries["deals"][0]["status"] == "confirmed"
    assert inquiries["reports"][0]["reason"] == f"Spam, says {NAME}"
    assert len(inquiries["conversations"]) == 2
    assert data["notifications"]["preferences"][0]["line_user_id"] == LINE_USER_ID

    assert data["catalog"]["listings_created"][0]["title_th"] == "ผ้าซิ่น"
    matching = data["matching"]
    assert matching["registrations"][0]["organisation__name"] == "วิสาหกิจชุมชนทอผ้าบ้านนา"
    assert PHONE in matching["meeting_requests_made"][0]["message"]
    assert matching["meetings"][0]["status"] == "held"
    assert matching["outcomes"][0]["note"] == f"{NAME} sends samples"
    assert data["knowledge"]["articles"][0]["title_th"] == "การย้อมคราม"
    assert data["knowledge"]["comments"][0]["text"] == f"Thank you! {NAME}"
    assert data["programmes"]["action_items"][0]["title"] == f"{NAME} sends the report"
    assert data["impact"]["income_entries"][0]["amount"] == "1500.00"


def _text_columns(model: type[models.Model]) -> list[str]:
    kinds = (models.CharField, models.TextField, models.EmailField, models.JSONField)
    return [f.attname for f in model._meta.concrete_fields if isinstance(f, kinds)]


def _where_found(needles: list[str]) -> list[str]:
    """Every (table, column, row) whose raw value contains one of the needles, case-insensitively."""
    found = []
    lowered = [needle.lower() for needle in needles]
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy:
            continue
        columns = _text_columns(model)
        if not columns:
            continue
        for row in model._default_manager.values_list("pk", *columns):
            for column, value in zip(columns, row[1:], strict=True):
                if value is None:
                    continue
                raw = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                for needle in lowered:
                    if needle in raw.lower():
                        found.append(f"{model._meta.db_table}.{column} #{row[0]}: {needle}")
    return found


# What the anonymisation rules deliberately keep of the person's identifiers: nothing.
KEPT_ON_PURPOSE: list[str] = []


def test_erasure_leaves_no_identifier_anywhere(client, somsri):
    needles = [EMAIL, NAME, PHONE, LINE_ID, LINE_USER_ID]
    assert len(_where_found(needles)) > 10  # the search finds the person before erasure

    client.force_login(somsri)
    response = client.post("/accounts/me/delete/", {"password": PASSWORD})
    assert response.status_code == 302

    assert _where_found(needles) == KEPT_ON_PURPOSE


def test_erasure_keeps_what_others_rely_on_and_deletes_the_rest(client, somsri):
    from chumchon.inquiries.models import Attachment, Block, Deal, Message, Quote
    from chumchon.knowledge.models import Article, Comment
    from chumchon.matching.models import Meeting, Registration
    from chumchon.notifications.models import NotificationPreference
    from chumchon.programmes.models import ActionItem

    attachment = Attachment.objects.get(message__author=somsri)
    stored = attachment.file.path
    client.force_login(somsri)
    client.post("/accounts/me/delete/", {"password": PASSWORD})

    erased = User.objects.get(pk=somsri.pk)
    assert erased.erased_at is not None and not erased.is_active
    assert (erased.name, erased.phone, erased.line_id) == ("", "", "")
    # The deal and the quote the other side accepted stay, as do the meeting and her organisation's
    # registration (without her), the published guide, and the action item for an officer to reassign.
    assert Deal.objects.filter(confirmed_by=erased, status="confirmed").exists()
    assert Quote.objects.filter(created_by=erased).exists()
    assert Meeting.objects.count() == 1
    assert not Registration.objects.filter(representatives=erased).exists()
    assert ActionItem.objects.filter(owner=erased).exists()
    assert Article.objects.filter(status="published").exists()
    # Her messages keep their place in Bob's conversation, without her words or her photo.
    assert set(Message.objects.filter(author=erased).values_list("body", flat=True)) == {""}
    assert not Attachment.objects.exists()
    import os

    assert not os.path.exists(stored)
    # What was only hers is gone: LINE settings, comments, her draft, her blocks.
    assert not NotificationPreference.objects.filter(user=erased).exists()
    assert not Comment.objects.exists()
    assert not Article.objects.filter(author=erased).exclude(status="published").exists()
    assert not Block.objects.exists()
    assert AuditEntry.objects.filter(action="account.erase", object_id=str(erased.pk)).exists()


def test_the_download_of_someone_with_nothing_is_still_complete(client, db):
    person: Any = UserFactory.create(email="new@example.com", name="New")
    client.force_login(person)
    data = json.loads(client.get("/accounts/me/data.json").content)
    assert data["accounts"]["account"][0]["email"] == "new@example.com"
    assert data["inquiries"]["messages"] == [] and data["matching"]["registrations"] == []


def test_the_delete_page_says_what_stays_and_what_goes(client, db):
    client.force_login(UserFactory.create())
    page = client.get("/accounts/me/delete/").content.decode()
    assert "ไม่มีเนื้อความและไฟล์แนบ" in page and "การตั้งค่า LINE ของคุณจะถูกลบ" in page


def test_a_lone_given_name_is_not_scrubbed_from_others_records(client, db):
    """Erasing one "Bob" must not clean every other Bob out of the conversations he is named in."""
    from chumchon.programmes.models import Mou

    bob = UserFactory.create(name="Bob", phone="0811112222")
    mou = Mou.objects.create(title="MOU", parties="Agency\nBob's Hotel\n0811112222", signed_on=dt.date(2026, 1, 5))
    client.force_login(bob)
    client.post("/accounts/me/delete/", {"password": PASSWORD})
    mou.refresh_from_db()
    assert mou.parties == "Agency\nBob's Hotel\n[erased]"
