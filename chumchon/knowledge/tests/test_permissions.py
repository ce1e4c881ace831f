"""Who reads, writes and edits articles, the same through the pages and the API.

Alice is a member of a community enterprise and writes a draft; Charlie is unrelated; officers
see and edit every article.
"""

import pytest

from chumchon.accounts.tests.factories import MembershipFactory, OrganisationFactory
from chumchon.core.tests.channels import CHANNELS, client_for, post, sees
from chumchon.knowledge import services
from chumchon.knowledge.models import Article
from chumchon.places.tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db

OWNER_AND_OFFICERS = [("anonymous", False), ("stranger", False), ("owner", True), ("officer", True)]


@pytest.fixture
def draft(alice):
    organisation = OrganisationFactory(name="วิสาหกิจชุมชนทอผ้า")
    MembershipFactory(user=alice, organisation=organisation)
    CommunityFactory(organisation=organisation, slug="hat-siao")
    return services.article_create(by=alice, title_th="ร่างเรื่องผ้าทอ", body_th="ยังไม่เสร็จ", slug="draft")


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("who, allowed", OWNER_AND_OFFICERS)
def test_it_shows_a_draft_to_its_author_and_officers(request, draft, channel, who, allowed):
    url = {"page": "/knowledge/draft/", "api": f"/api/v1/articles/{draft.pk}/"}[channel]
    assert sees(client_for(request, who), url, "ร่างเรื่องผ้าทอ") is allowed


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("who", ["anonymous", "stranger", "owner", "officer"])
def test_it_shows_a_published_article_to_everyone(request, draft, officer, channel, who):
    services.article_submit(article=draft, by=officer)
    url = {"page": "/knowledge/draft/", "api": f"/api/v1/articles/{draft.pk}/"}[channel]
    assert sees(client_for(request, who), url, "ร่างเรื่องผ้าทอ")


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("who, allowed", OWNER_AND_OFFICERS)
def test_it_lets_the_author_and_officers_edit(request, draft, channel, who, allowed):
    # The API used to refuse authors what their edit page lets them do.
    client = client_for(request, who)
    if channel == "page":
        post(client, f"/knowledge/edit/{draft.pk}/", {"kind": "article", "title_th": "แก้แล้ว"})
    else:
        client.patch(f"/api/v1/articles/{draft.pk}/", {"title_th": "แก้แล้ว"}, content_type="application/json")
    assert (Article.objects.get(pk=draft.pk).title_th == "แก้แล้ว") is allowed


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("who, allowed", OWNER_AND_OFFICERS)
def test_it_lets_community_members_and_officers_write(request, draft, channel, who, allowed):
    # "owner" is Alice, a member of a community's organisation; Charlie is a member of none.
    client = client_for(request, who)
    if channel == "page":
        post(client, "/knowledge/new/", {"kind": "article", "title_th": "เรื่องใหม่"})
    else:
        post(client, "/api/v1/articles/", {"title_th": "เรื่องใหม่"}, json=True)
    assert Article.objects.filter(title_th="เรื่องใหม่").exists() is allowed
