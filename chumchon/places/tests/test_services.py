import pytest
from django.core.exceptions import ValidationError

from chumchon.accounts.models import AuditEntry
from chumchon.places.models import District, Subdistrict
from chumchon.places.services import community_create, community_update

pytestmark = pytest.mark.django_db


def test_it_creates_a_community_with_its_province_from_the_district():
    district = District.objects.get(code="6405")
    community = community_create(by=None, name_th="ชุมชนทดสอบ", name_en="Test Village", district=district)
    assert community.province.name_en == "Sukhothai"
    assert community.slug == "test-village"


def test_it_gives_clashing_names_distinct_slugs():
    district = District.objects.get(code="6405")
    first = community_create(by=None, name_th="ก", name_en="Ban Na", district=district)
    second = community_create(by=None, name_th="ข", name_en="Ban Na", district=district)
    assert (first.slug, second.slug) == ("ban-na", "ban-na-2")


def test_it_refuses_a_subdistrict_from_another_district():
    district = District.objects.get(code="6405")
    elsewhere = Subdistrict.objects.get(code="640103")  # Mueang Kao, in Mueang Sukhothai
    with pytest.raises(ValidationError) as error:
        community_create(by=None, name_th="ชุมชน", district=district, subdistrict=elsewhere)
    assert "subdistrict" in error.value.message_dict


def test_it_refuses_coordinates_outside_thailand():
    with pytest.raises(ValidationError) as error:
        community_create(
            by=None, name_th="ชุมชน", district=District.objects.get(code="6401"), latitude=48.85, longitude=2.35
        )
    assert {"latitude", "longitude"} <= set(error.value.message_dict)


def test_it_audits_changes_made_by_officers(officer):
    community = community_create(by=None, name_th="ชุมชน", district=District.objects.get(code="6401"))
    community_update(community=community, by=officer, households=42)
    entry = AuditEntry.objects.get(action="community.update")
    assert entry.actor == officer and entry.after == {"households": "42"}
