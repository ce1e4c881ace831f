"""Demo knowledge: topics and a handful of articles in Thai and English, written for the demo."""

from __future__ import annotations

from chumchon.accounts.models import User
from chumchon.knowledge import services
from chumchon.knowledge.models import Article, ArticleKind, Topic
from chumchon.places.models import Community, CreativeCity

TOPICS = [
    ("weaving", "ผ้าทอ", "Weaving"),
    ("creative-city", "เมืองสร้างสรรค์", "Creative cities"),
    ("marketing", "การตลาด", "Marketing"),
    ("hosting", "การต้อนรับนักท่องเที่ยว", "Hosting visitors"),
]

# slug, kind, Thai title, English title, Thai summary, Thai text, English text, topics, cities
ARTICLES = [
    (
        "demo-teen-jok-care",
        ArticleKind.GUIDE,
        "ดูแลผ้าซิ่นตีนจกให้อยู่ได้หลายสิบปี (ตัวอย่าง)",
        "Caring for a teen jok sarong (sample)",
        "ซัก ตาก และเก็บผ้าทอมือย้อมสีธรรมชาติอย่างไรไม่ให้สีตก",
        "## ซักอย่างไร\n\nซักมือด้วยน้ำเย็นและสบู่อ่อน ไม่บิด ไม่ขยี้ลายจก\n\n"
        "## เก็บอย่างไร\n\nม้วนผ้าแทนการพับ ห่อด้วยผ้าฝ้ายสะอาด และวางให้พ้นแดด",
        "## Washing\n\nHand-wash in cold water with mild soap; never wring the *jok* panel.\n\n"
        "## Storing\n\nRoll rather than fold, wrap in clean cotton, keep out of the sun.",
        ["weaving"],
        ["sukhothai"],
    ),
    (
        "demo-unesco-application-steps",
        ArticleKind.ARTICLE,
        "เส้นทางสู่เครือข่ายเมืองสร้างสรรค์ของยูเนสโก (ตัวอย่าง)",
        "The road to UNESCO's Creative Cities Network (sample)",
        "ขั้นตอนที่เมืองผู้สมัครเตรียม ตั้งแต่ตั้งคณะทำงานจนถึงยื่นใบสมัคร",
        "เมืองผู้สมัครต้องแสดงว่า**สาขาสร้างสรรค์**ของตนมีชีวิตอยู่ในชุมชน ไม่ใช่เพียงในพิพิธภัณฑ์\n\n"
        "1. ตั้งคณะทำงานร่วมภาครัฐ ชุมชน และเอกชน\n2. รวบรวมหลักฐานกิจกรรมย้อนหลัง\n3. เขียนแผนงานสี่ปี",
        "A candidate city must show that its **creative field** lives in its communities, not only in museums.\n\n"
        "1. Form a working group of government, communities and business\n2. Gather evidence of past activity\n"
        "3. Write a four-year plan",
        ["creative-city"],
        ["nan", "sukhothai"],
    ),
    (
        "demo-quote-by-line",
        ArticleKind.GUIDE,
        "ตอบขอใบเสนอราคาจากมือถือภายในวันเดียว (ตัวอย่าง)",
        "Answering a request for quote from your phone (sample)",
        "ผู้ซื้อที่ได้คำตอบเร็วมักกลับมาสั่งซ้ำ",
        "เปิดการแจ้งเตือนทางอีเมลหรือ LINE แล้วตอบผู้ซื้อภายในวันเดียวกัน บอกราคาส่ง จำนวนขั้นต่ำ และเวลาผลิตให้ชัดเจน",
        "Turn on e-mail or LINE notifications and answer the same day, with wholesale price, minimum order and lead"
        " time.",
        ["marketing"],
        [],
    ),
    (
        "demo-review-meeting-news",
        ArticleKind.NEWS,
        "ประชุมทบทวน MOU ประจำปีกับ สศส. (ตัวอย่าง)",
        "Yearly MOU review with the Creative Economy Agency (sample)",
        "ที่ประชุมติดตามความพร้อมของน่าน และวางแผนกิจกรรมปีถัดไป",
        "ที่ประชุมทบทวนความคืบหน้าของเมืองผู้สมัคร และมอบหมายงานพร้อมกำหนดเสร็จให้ผู้รับผิดชอบแต่ละราย",
        "The meeting reviewed the candidate cities' progress and gave each action an owner and a due date.",
        ["creative-city"],
        ["nan"],
    ),
]


def unload() -> None:
    Article.objects.filter(slug__startswith="demo-").delete()


def load() -> None:
    topics = {}
    for slug, name_th, name_en in TOPICS:
        topics[slug], _ = Topic.objects.get_or_create(slug=slug, defaults={"name_th": name_th, "name_en": name_en})
    officer = User.objects.filter(email="officer@example.com").first()
    if officer is None:
        return
    hat_siao = list(Community.objects.filter(is_sample=True, province__name_en="Sukhothai")[:2])
    for slug, kind, title_th, title_en, summary_th, body_th, body_en, topic_slugs, city_slugs in ARTICLES:
        if Article.objects.filter(slug=slug).exists():
            continue
        article = services.article_create(
            by=officer,
            slug=slug,
            kind=kind,
            title_th=title_th,
            title_en=title_en,
            summary_th=summary_th,
            body_th=body_th,
            body_en=body_en,
        )
        services.article_set_tags(
            article=article,
            topics=[topics[t] for t in topic_slugs],
            creative_cities=CreativeCity.objects.filter(slug__in=city_slugs),
            communities=hat_siao if "weaving" in topic_slugs else [],
        )
        services.article_submit(article=article, by=officer)
