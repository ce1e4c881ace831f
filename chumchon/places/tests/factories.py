from __future__ import annotations

import factory

from chumchon.places.models import Community, District


class CommunityFactory(factory.django.DjangoModelFactory[Community]):
    """A published community in Mueang Sukhothai unless told otherwise."""

    class Meta:
        model = Community

    name_th = factory.Sequence(lambda n: f"ชุมชนทดสอบ {n}")
    name_en = factory.Sequence(lambda n: f"Test community {n}")
    slug = factory.Sequence(lambda n: f"test-community-{n}")
    district = factory.LazyFunction(lambda: District.objects.get(code="6401"))
    province = factory.LazyAttribute(lambda community: community.district.province)
    story_th = "เรื่องราวของชุมชน"
