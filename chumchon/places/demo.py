"""Demo areas, creative cities and communities.

Every community here is sample data written for the demo (marked `is_sample` and shown with a
"sample data" badge); the provinces, districts and subdistricts they sit in are real.
"""

from __future__ import annotations

from decimal import Decimal

from chumchon.accounts.models import Organisation
from chumchon.places import services
from chumchon.places.models import (
    Area,
    AreaKind,
    Community,
    CreativeCity,
    CreativeCityStatus,
    CreativeField,
    District,
    Province,
    Subdistrict,
)

AREAS = [
    (
        "sukhothai-historical-parks",
        "อุทยานประวัติศาสตร์สุโขทัย-ศรีสัชนาลัย-กำแพงเพชร",
        "Sukhothai–Si Satchanalai–Kamphaeng Phet Historical Parks",
        ["สุโขทัย", "กำแพงเพชร"],
    ),
    ("nan-old-city", "เมืองเก่าน่าน", "Nan Old City", ["น่าน"]),
    ("u-thong-ancient-city", "เมืองโบราณอู่ทอง", "U Thong Ancient City", ["สุพรรณบุรี"]),
]

# slug, Thai, English, province, field, status, member since (CE), target fiscal year (BE)
CREATIVE_CITIES = [
    (
        "sukhothai",
        "สุโขทัย",
        "Sukhothai",
        "สุโขทัย",
        CreativeField.CRAFTS_AND_FOLK_ART,
        CreativeCityStatus.MEMBER,
        2019,
        None,
    ),
    ("phetchaburi", "เพชรบุรี", "Phetchaburi", "เพชรบุรี", CreativeField.GASTRONOMY, CreativeCityStatus.MEMBER, 2021, None),
    ("chiang-rai", "เชียงราย", "Chiang Rai", "เชียงราย", CreativeField.DESIGN, CreativeCityStatus.MEMBER, 2023, None),
    ("suphanburi", "สุพรรณบุรี", "Suphanburi", "สุพรรณบุรี", CreativeField.MUSIC, CreativeCityStatus.MEMBER, 2023, None),
    ("nan", "น่าน", "Nan", "น่าน", CreativeField.CRAFTS_AND_FOLK_ART, CreativeCityStatus.CANDIDATE, None, 2564),
    (
        "chiang-mai",
        "เชียงใหม่",
        "Chiang Mai",
        "เชียงใหม่",
        CreativeField.CRAFTS_AND_FOLK_ART,
        CreativeCityStatus.MEMBER,
        2017,
        None,
    ),
    ("phuket", "ภูเก็ต", "Phuket", "ภูเก็ต", CreativeField.GASTRONOMY, CreativeCityStatus.MEMBER, 2015, None),
    ("bangkok", "กรุงเทพมหานคร", "Bangkok", "กรุงเทพมหานคร", CreativeField.DESIGN, CreativeCityStatus.MEMBER, 2019, None),
]

# external id, Thai name, English name, province, district, subdistrict, lat, lon, households, story (th), story (en), area
COMMUNITIES = [
    (
        "demo-skt-01",
        "ชุมชนเตาทุเรียงเมืองเก่า",
        "Mueang Kao Kiln Community",
        "สุโขทัย",
        "เมืองสุโขทัย",
        "เมืองเก่า",
        "17.0170",
        "99.7040",
        86,
        "ชาวบ้านรอบเมืองเก่ายังปั้นถ้วยชามตามลายปลาและลายดอกไม้แบบโบราณ ผู้มาเยือนลองปั้นและเขียนลายด้วยตัวเองได้",
        "Families around the old city still throw bowls with the fish and flower patterns of the old kilns; visitors can try the wheel and paint their own.",
        "sukhothai-historical-parks",
    ),
    (
        "demo-skt-02",
        "ชุมชนจักสานบ้านกล้วย",
        "Ban Kluai Basketry Group",
        "สุโขทัย",
        "เมืองสุโขทัย",
        "บ้านกล้วย",
        "17.0360",
        "99.8230",
        54,
        "กลุ่มแม่บ้านสานตะกร้าและกระเป๋าจากไม้ไผ่และผักตบชวา รับงานสั่งทำจำนวนมากสำหรับร้านค้าและโรงแรม",
        "",
        "",
    ),
    (
        "demo-skt-03",
        "ชุมชนผ้าซิ่นตีนจกหาดเสี้ยว",
        "Hat Siao Teen Jok Weavers",
        "สุโขทัย",
        "ศรีสัชนาลัย",
        "หาดเสี้ยว",
        "17.5270",
        "99.7760",
        120,
        "บ้านเกือบทุกหลังมีกี่ทอผ้า ลายตีนจกสืบต่อจากแม่สู่ลูก ผู้เยี่ยมชมได้ดูการทอและเลือกซื้อผ้าจากผู้ทอโดยตรง",
        "Nearly every house has a loom; teen jok patterns pass from mother to daughter. Watch the weaving and buy straight from the weaver.",
        "sukhothai-historical-parks",
    ),
    (
        "demo-skt-04",
        "ชุมชนเครื่องสังคโลกเกาะน้อย",
        "Ko Noi Sangkhalok Potters",
        "สุโขทัย",
        "ศรีสัชนาลัย",
        "หนองอ้อ",
        "17.4790",
        "99.7680",
        48,
        "ช่างปั้นรุ่นใหม่ฟื้นเคลือบสีเขียวไข่กาแบบสังคโลก เปิดเวิร์กช็อปปั้นดินครึ่งวันสำหรับกลุ่มนักท่องเที่ยว",
        "",
        "sukhothai-historical-parks",
    ),
    (
        "demo-skt-05",
        "ชุมชนทองโบราณศรีสัชนาลัย",
        "Si Satchanalai Old Gold Smiths",
        "สุโขทัย",
        "ศรีสัชนาลัย",
        "ท่าชัย",
        "17.4230",
        "99.8010",
        35,
        "ช่างทองถักลายโบราณด้วยมือ ทั้งสร้อย กำไล และต่างหู พร้อมรับออกแบบชิ้นงานสำหรับร้านของฝาก",
        "Goldsmiths knit fine chains and bracelets by hand in old Sukhothai styles and design pieces for gift shops.",
        "",
    ),
    (
        "demo-skt-06",
        "ชุมชนบ้านนาโฮมสเตย์ศรีสำโรง",
        "Si Samrong Rice-Field Homestays",
        "สุโขทัย",
        "ศรีสำโรง",
        "บ้านนา",
        "17.1650",
        "99.8690",
        40,
        "โฮมสเตย์กลางทุ่งนา ทำอาหารพื้นบ้านกับเจ้าบ้าน ปั่นจักรยานชมวิถีเกษตร",
        "",
        "",
    ),
    (
        "demo-skt-07",
        "ชุมชนริมน้ำยมสวรรคโลก",
        "Sawankhalok Yom Riverside Community",
        "สุโขทัย",
        "สวรรคโลก",
        "ในเมือง",
        "17.3130",
        "99.8310",
        72,
        "ตลาดเช้าริมแม่น้ำยม ขนมไทยโบราณและข้าวแต๋นน้ำแตงโมทำมือ",
        "Morning market on the Yom river: old-style Thai sweets and hand-made rice crackers.",
        "",
    ),
    (
        "demo-skt-08",
        "ชุมชนไม้แกะสลักบ้านด่านลานหอย",
        "Ban Dan Lan Hoi Woodcarvers",
        "สุโขทัย",
        "บ้านด่านลานหอย",
        "ลานหอย",
        "17.0060",
        "99.5830",
        31,
        "ช่างแกะสลักไม้จากไม้เศษเหลือใช้ ทำของแต่งบ้านและของที่ระลึก",
        "",
        "",
    ),
    (
        "demo-skt-09",
        "ชุมชนปั้นหม้อทุ่งหลวง",
        "Thung Luang Pottery Village",
        "สุโขทัย",
        "คีรีมาศ",
        "ทุ่งหลวง",
        "16.8710",
        "99.8220",
        95,
        "หมู่บ้านปั้นดินเผาที่ทำหม้อ กระถาง และตุ๊กตาดินเผา มีลานสาธิตการปั้นและเผา",
        "A pottery village making pots, planters and terracotta figures, with a yard where you can watch the firing.",
        "",
    ),
    (
        "demo-skt-10",
        "ชุมชนอาหารพื้นถิ่นกงไกรลาศ",
        "Kong Krailat Local Food Group",
        "สุโขทัย",
        "กงไกรลาศ",
        "กง",
        "16.9490",
        "99.9710",
        44,
        "กลุ่มแม่บ้านแปรรูปกล้วยตากและน้ำพริก ส่งร้านของฝากในจังหวัด",
        "",
        "",
    ),
    (
        "demo-skt-11",
        "ชุมชนสมุนไพรศรีนคร",
        "Si Nakhon Herbal Community",
        "สุโขทัย",
        "ศรีนคร",
        "ศรีนคร",
        "17.3560",
        "99.9840",
        38,
        "ปลูกและแปรรูปสมุนไพร ลูกประคบ ยาหม่อง และชาสมุนไพร",
        "Growing and processing herbs: compresses, balms and herbal teas.",
        "",
    ),
    (
        "demo-skt-12",
        "ชุมชนผ้าทอไทยพวนทุ่งเสลี่ยม",
        "Thung Saliam Tai Phuan Weavers",
        "สุโขทัย",
        "ทุ่งเสลี่ยม",
        "ทุ่งเสลี่ยม",
        "17.3450",
        "99.5670",
        52,
        "ผ้าทอลายโบราณของชาวไทยพวน ย้อมสีธรรมชาติจากเปลือกไม้และใบไม้ในท้องถิ่น",
        "",
        "",
    ),
    (
        "demo-nan-01",
        "ชุมชนผ้าลายน้ำไหลเมืองน่าน",
        "Nan Flowing-Water Textile Group",
        "น่าน",
        "เมืองน่าน",
        "ในเวียง",
        "18.7830",
        "100.7790",
        60,
        "ผ้าทอลายน้ำไหลและเครื่องเงินของชุมชนในเมืองเก่า",
        "Flowing-water pattern textiles and silverwork from the old town.",
        "nan-old-city",
    ),
    (
        "demo-spb-01",
        "ชุมชนดนตรีพื้นบ้านอู่ทอง",
        "U Thong Folk Music Community",
        "สุพรรณบุรี",
        "อู่ทอง",
        "อู่ทอง",
        "14.3750",
        "99.8930",
        45,
        "วงดนตรีพื้นบ้านและเพลงอีแซว เปิดบ้านให้นักท่องเที่ยวฟังและลองเล่นเครื่องดนตรี",
        "",
        "u-thong-ancient-city",
    ),
    (
        "demo-pbi-01",
        "ชุมชนขนมหม้อแกงบ้านลาด",
        "Ban Lat Sweets Makers",
        "เพชรบุรี",
        "บ้านลาด",
        "บ้านลาด",
        "13.0530",
        "99.9160",
        58,
        "ขนมหม้อแกงและขนมตาลจากน้ำตาลโตนดเมืองเพชร เวิร์กช็อปทำขนมกับแม่ครัวในชุมชน",
        "Custard cakes and palm-sugar sweets from Phetchaburi; bake them with the community's cooks.",
        "",
    ),
    (
        "demo-cri-01",
        "ชุมชนงานออกแบบร่วมสมัยริมกก",
        "Rim Kok Contemporary Craft Studio",
        "เชียงราย",
        "เมืองเชียงราย",
        "ริมกก",
        "19.9420",
        "99.8330",
        27,
        "ช่างฝีมือรุ่นใหม่ออกแบบเครื่องจักสานและเซรามิกร่วมสมัย",
        "",
        "",
    ),
]


def unload() -> None:
    Community.objects.filter(is_sample=True).delete()


def load() -> None:
    for slug, name_th, name_en, provinces in AREAS:
        area, _ = Area.objects.update_or_create(
            slug=slug, defaults={"name_th": name_th, "name_en": name_en, "kind": AreaKind.DESIGNATED}
        )
        area.provinces.set(Province.objects.filter(name_th__in=provinces))

    for slug, name_th, name_en, province, field, status, since, target in CREATIVE_CITIES:
        CreativeCity.objects.update_or_create(
            slug=slug,
            defaults={
                "name_th": name_th, "name_en": name_en, "province": Province.objects.get(name_th=province),
                "field": field, "status": status, "member_since": since, "target_fiscal_year": target,
            },
        )  # fmt: skip

    seller_org = Organisation.objects.filter(name__startswith="วิสาหกิจชุมชนทอผ้าหาดเสี้ยว").first()
    for (
        external_id,
        name_th,
        name_en,
        province,
        district,
        subdistrict,
        lat,
        lon,
        households,
        story_th,
        story_en,
        area_slug,
    ) in COMMUNITIES:
        district_obj = District.objects.get(province__name_th=province, name_th=district)
        fields = {
            "name_th": name_th + " (ตัวอย่าง)",
            "name_en": name_en + " (sample)",
            "district": district_obj,
            "province": district_obj.province,
            "subdistrict": Subdistrict.objects.get(district=district_obj, name_th=subdistrict),
            "latitude": Decimal(lat),
            "longitude": Decimal(lon),
            "households": households,
            "story_th": story_th,
            "story_en": story_en,
            "area": Area.objects.filter(slug=area_slug).first() if area_slug else None,
            "phone": "055-000-" + external_id[-2:].rjust(3, "0"),
            "line_id": "@chumchon-" + external_id,
            "is_sample": True,
            "organisation": seller_org if external_id == "demo-skt-03" else None,
        }
        existing = Community.objects.filter(external_id=external_id).first()
        if existing is None:
            services.community_create(by=None, external_id=external_id, **fields)
        else:
            services.community_update(community=existing, by=None, **fields)
