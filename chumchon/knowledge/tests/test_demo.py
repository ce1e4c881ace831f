from chumchon.knowledge.models import Article
from chumchon.places.models import CreativeCity
from chumchon.programmes.models import ActionItem, Mou, ReadinessItem


def test_it_loads_the_demo_articles_and_programme(client, demo_data):
    assert Article.objects.published().count() >= 4
    assert (
        CreativeCity.objects.filter(slug__in=["sukhothai", "nan", "suphanburi", "phetchaburi", "chiang-rai"]).count()
        == 5
    )
    mou = Mou.objects.get()
    assert mou.duration_years == 4
    assert ActionItem.objects.overdue().count() == 1
    assert ReadinessItem.objects.filter(city__slug="nan").count() == 3
    assert "ดูแลผ้าซิ่นตีนจก" in client.get("/knowledge/").content.decode()


def test_it_reloads_the_demo_data(demo_data):
    from django.core.management import call_command

    call_command("demo_load", reset=True, verbosity=0)
    assert Mou.objects.count() == 1
