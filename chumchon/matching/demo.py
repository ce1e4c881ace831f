"""Sample business-matching event: open for registration, with the demo buyer and seller approved."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from chumchon.accounts.models import Organisation, User
from chumchon.matching import services
from chumchon.matching.models import Event

DEMO_SLUG = "sukhothai-matching-sample"


def unload() -> None:
    Event.objects.filter(slug=DEMO_SLUG).delete()


def load() -> None:
    officer = User.objects.filter(email="officer@example.com").first()
    if officer is None or Event.objects.filter(slug=DEMO_SLUG).exists():
        return
    now = timezone.now()
    day = timezone.localdate() + dt.timedelta(days=45)
    event = services.event_create(
        by=officer,
        tables=10,
        name_th="เจรจาจับคู่ธุรกิจท่องเที่ยวชุมชนสุโขทัย (ตัวอย่าง)",
        name_en="Sukhothai community tourism business matching (sample)",
        slug=DEMO_SLUG,
        description=(
            "ผู้ประกอบการนำเที่ยว โรงแรม และร้านค้า พบกลุ่มท่องเที่ยวชุมชนและผู้ผลิตงานหัตถกรรมของสุโขทัย นัดละ 20 นาที (งานตัวอย่าง)"
        ),
        venue="ศูนย์ประชุมจังหวัดสุโขทัย (ตัวอย่าง)",
        registration_opens=now - dt.timedelta(days=1),
        registration_closes=now + dt.timedelta(days=40),
        request_deadline=now + dt.timedelta(days=42),
        max_meetings=8,
    )
    services.event_add_session(
        event=event, date=day, starts_at=dt.time(9, 0), ends_at=dt.time(12, 0), name="ช่วงเช้า / Morning"
    )
    services.event_add_session(
        event=event, date=day, starts_at=dt.time(13, 0), ends_at=dt.time(16, 0), name="ช่วงบ่าย / Afternoon"
    )
    services.event_open(event=event, by=officer)
    seller = User.objects.filter(email="seller@example.com").first()
    buyer = User.objects.filter(email="buyer@example.com").first()
    if seller is None or buyer is None:
        return
    seller_org = Organisation.objects.filter(memberships__user=seller).first()
    buyer_org = Organisation.objects.filter(memberships__user=buyer).first()
    if seller_org is None or buyer_org is None:
        return
    seller_reg = services.registration_create(
        event=event,
        organisation=seller_org,
        role="seller",
        by=seller,
        community=seller_org.communities.first(),
        offers_text="ผ้าซิ่นตีนจกหาดเสี้ยว ผ้าทอมือ และกิจกรรมทอผ้ากับช่างทอในชุมชน",
        seeks_text="บริษัทนำเที่ยวและร้านค้าในโรงแรมที่สนใจผ้าทอและกิจกรรมเชิงวัฒนธรรม",
        languages="th,en",
        booth="B-01",
    )
    buyer_reg = services.registration_create(
        event=event,
        organisation=buyer_org,
        role="buyer",
        by=buyer,
        offers_text="Small-group cultural tours for European visitors",
        seeks_text="ผ้าทอ weaving workshops, homestays, celadon (สังคโลก) for our tours",
        languages="en,th",
    )
    # No e-mails about sample approvals.
    services.registration_approve(registration=seller_reg, by=officer, notify=False)
    services.registration_approve(registration=buyer_reg, by=officer, notify=False)
