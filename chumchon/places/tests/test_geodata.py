import pytest

from chumchon.places.models import District, Province, Subdistrict

pytestmark = pytest.mark.django_db


def test_it_has_every_province_district_and_subdistrict_after_migrating():
    assert Province.objects.count() == 77
    assert District.objects.count() == 928
    assert Subdistrict.objects.count() >= 7400


def test_it_has_sukhothais_nine_districts_in_thai_and_english():
    names = set(District.objects.filter(province__name_th="สุโขทัย").values_list("name_th", flat=True))
    assert names == {
        "เมืองสุโขทัย",
        "บ้านด่านลานหอย",
        "คีรีมาศ",
        "กงไกรลาศ",
        "ศรีสัชนาลัย",
        "ศรีสำโรง",
        "สวรรคโลก",
        "ศรีนคร",
        "ทุ่งเสลี่ยม",
    }
    assert District.objects.get(name_th="ศรีสัชนาลัย").name_en == "Si Satchanalai"


def test_it_knows_mueang_kao_subdistrict_with_its_postcodes():
    mueang_kao = Subdistrict.objects.get(district__name_th="เมืองสุโขทัย", name_th="เมืองเก่า")
    assert mueang_kao.name_en == "Mueang Kao"
    assert "64210" in mueang_kao.postal_codes
