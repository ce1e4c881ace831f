"""Demo programme: a 4-year MOU with the Creative Economy Agency, its first yearly review meeting and
action items (one overdue). Sample data written for the demo."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from chumchon.accounts.models import User
from chumchon.places.models import CreativeCity
from chumchon.programmes import services
from chumchon.programmes.models import Mou, ReadinessItem, ReadinessStatus

MOU_TITLE = "MOU ส่งเสริมเมืองสร้างสรรค์ อพท.–สศส. (ตัวอย่าง)"


READINESS = [
    ("nan", "คณะทำงานร่วมภาครัฐ ชุมชน และเอกชน (ตัวอย่าง)", ReadinessStatus.MET),
    ("nan", "หลักฐานกิจกรรมหัตถกรรมย้อนหลังสี่ปี (ตัวอย่าง)", ReadinessStatus.IN_PROGRESS),
    ("nan", "แผนงานสี่ปีหลังเข้าร่วมเครือข่าย (ตัวอย่าง)", ReadinessStatus.NOT_STARTED),
]


def unload() -> None:
    Mou.objects.filter(title=MOU_TITLE).delete()
    ReadinessItem.objects.filter(criterion__in=[criterion for _, criterion, _ in READINESS]).delete()


def load() -> None:
    officer = User.objects.filter(email="officer@example.com").first()
    if officer is None or Mou.objects.filter(title=MOU_TITLE).exists():
        return
    for slug, criterion, status in READINESS:
        city = CreativeCity.objects.filter(slug=slug).first()
        if city is not None:
            services.readiness_item_create(by=officer, city=city, criterion=criterion, owner=officer, status=status)
    seller = User.objects.filter(email="seller@example.com").first() or officer
    cities = {city.slug: city for city in CreativeCity.objects.all()}
    today = timezone.localdate()
    mou = services.mou_create(
        by=officer,
        title=MOU_TITLE,
        parties=[
            "องค์การบริหารการพัฒนาพื้นที่พิเศษเพื่อการท่องเที่ยวอย่างยั่งยืน (อพท.)",
            "สำนักงานส่งเสริมเศรษฐกิจสร้างสรรค์ (องค์การมหาชน) (สศส.)",
        ],
        signed_on=dt.date(2024, 10, 1),
        duration_years=4,
        cities=[
            cities[slug] for slug in ("sukhothai", "nan", "suphanburi", "phetchaburi", "chiang-rai") if slug in cities
        ],
    )
    # Each yearly review already due was held (two weeks after its day, as the agency does), so the
    # demo shows the next one as due or upcoming rather than every past review as overdue.
    held = [number for number in range(1, mou.duration_years + 1) if mou.review_due_on(number) < today]
    for number in held[:-1]:
        services.meeting_create(
            by=officer,
            mou=mou,
            held_on=min(mou.review_due_on(number) + dt.timedelta(days=14), today),
            title=f"ประชุมทบทวน MOU ประจำปี ครั้งที่ {number} (ตัวอย่าง)",
            attendees=["ผู้แทน อพท. (ตัวอย่าง)", "ผู้แทน สศส. (ตัวอย่าง)"],
            minutes=f"ทบทวนผลการดำเนินงานปีที่ {number}",
            review_number=number,
        )
    latest = held[-1] if held else None
    meeting = services.meeting_create(
        by=officer,
        mou=mou,
        held_on=min(mou.review_due_on(latest) + dt.timedelta(days=14), today)
        if latest
        else today - dt.timedelta(days=60),
        title=f"ประชุมทบทวน MOU ประจำปี ครั้งที่ {latest or 1} (ตัวอย่าง)",
        attendees=["ผู้แทน อพท. (ตัวอย่าง)", "ผู้แทน สศส. (ตัวอย่าง)", "ผู้แทนจังหวัดน่าน (ตัวอย่าง)"],
        minutes="ทบทวนความพร้อมของเมืองผู้สมัครและผลการดำเนินงานของปี",
        decisions="เร่งรวบรวมหลักฐานของน่าน และจัดเวทีแลกเปลี่ยนความรู้ระหว่างเมืองสมาชิก",
        review_number=latest,
    )
    services.action_item_create(
        by=officer,
        meeting=meeting,
        title="รวบรวมหลักฐานกิจกรรมหัตถกรรมของน่านย้อนหลังสี่ปี",
        owner=officer,
        due_on=today - dt.timedelta(days=14),
        city=cities.get("nan"),
    )
    services.action_item_create(
        by=officer,
        meeting=meeting,
        title="จัดเวทีแลกเปลี่ยนความรู้ระหว่างสุโขทัยและเพชรบุรี",
        owner=officer,
        due_on=today + dt.timedelta(days=45),
        city=cities.get("sukhothai"),
    )
    services.action_item_create(
        by=officer,
        meeting=meeting,
        title="ส่งเรื่องเล่าของชุมชนทอผ้าเข้าคลังองค์ความรู้",
        owner=seller,
        due_on=today + dt.timedelta(days=30),
        city=cities.get("sukhothai"),
    )
