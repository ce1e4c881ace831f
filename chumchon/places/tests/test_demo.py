import pytest
from django.core.management import call_command

from chumchon.accounts.models import User
from chumchon.places.models import Community, CreativeCity

pytestmark = pytest.mark.django_db


def test_it_spreads_at_least_eleven_sample_communities_over_sukhothais_nine_districts(demo_data):
    sukhothai = Community.objects.filter(province__name_th="สุโขทัย")
    assert sukhothai.count() >= 11
    assert sukhothai.values("district").distinct().count() == 9
    assert all(community.is_sample for community in Community.objects.all())


def test_it_has_communities_in_the_other_creative_cities(demo_data):
    for province in ("น่าน", "สุพรรณบุรี", "เพชรบุรี", "เชียงราย"):
        assert Community.objects.filter(province__name_th=province).exists(), province


def test_it_gives_the_five_cities_their_statuses(demo_data):
    statuses = {
        city.slug: (city.status, city.member_since, city.target_fiscal_year) for city in CreativeCity.objects.all()
    }
    assert statuses["sukhothai"] == ("member", 2019, None)
    assert statuses["phetchaburi"] == ("member", 2021, None)
    assert statuses["chiang-rai"] == ("member", 2023, None)
    assert statuses["suphanburi"] == ("member", 2023, None)
    assert statuses["nan"] == ("candidate", None, 2564)


def test_it_creates_the_demo_accounts_with_the_documented_password(demo_data):
    from chumchon.accounts.demo import DEMO_PASSWORD

    for email in ("seller@example.com", "buyer@example.com", "officer@example.com"):
        assert User.objects.get(email=email).check_password(DEMO_PASSWORD)
    assert User.objects.get(email="officer@example.com").is_staff


def test_it_reloads_without_duplicating(demo_data):
    before = Community.objects.count()
    call_command("demo_load", "--reset", verbosity=0)
    call_command("demo_load", verbosity=0)
    assert Community.objects.count() == before


def test_it_leaves_a_database_with_data_alone_when_asked_if_empty(demo_data):
    Community.objects.filter(external_id="demo-skt-01").update(households=999)
    call_command("demo_load", "--if-empty", verbosity=0)
    assert Community.objects.get(external_id="demo-skt-01").households == 999
