"""Who sees a community's impact figures, the same through the pages and the API: the members of
the organisation that runs it and officers; the whole programme's figures, officers only."""

import pytest

from chumchon.core.tests.channels import CHANNELS, client_for, sees

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(
    "who, allowed", [("anonymous", False), ("stranger", False), ("owner", True), ("officer", True)]
)
def test_it_shows_a_communitys_figures_to_its_members_and_officers(request, weavers, channel, who, allowed):
    url = {"page": "/impact/community/hat-siao/", "api": "/api/v1/impact/figures/?community=hat-siao"}[channel]
    assert sees(client_for(request, who), url, "") is allowed


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(
    "who, allowed", [("anonymous", False), ("stranger", False), ("owner", False), ("officer", True)]
)
def test_it_shows_the_programmes_figures_to_officers_only(request, weavers, channel, who, allowed):
    url = {"page": "/impact/", "api": "/api/v1/impact/figures/"}[channel]
    assert sees(client_for(request, who), url, "") is allowed
