"""Who sees a community, the same through the pages and the API: a published one, everyone; an
unpublished one, no one (officers included: they manage it in the admin)."""

import pytest

from chumchon.accounts.tests.factories import MembershipFactory, OrganisationFactory
from chumchon.core.tests.channels import CHANNELS, client_for, sees
from chumchon.places.tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def community(alice):
    organisation = OrganisationFactory(name="วิสาหกิจชุมชนทอผ้า")
    MembershipFactory(user=alice, organisation=organisation)
    return CommunityFactory(name_th="ชุมชนทอผ้าหาดเสี้ยว", slug="hat-siao", organisation=organisation)


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("who", ["anonymous", "stranger", "owner", "officer"])
@pytest.mark.parametrize("published", [True, False])
def test_it_shows_a_community_only_once_published(request, community, channel, who, published):
    community.is_published = published
    community.save(update_fields=["is_published"])
    url = {"page": "/c/hat-siao/", "api": f"/api/v1/communities/{community.pk}/"}[channel]
    assert sees(client_for(request, who), url, "ชุมชนทอผ้าหาดเสี้ยว") is published
