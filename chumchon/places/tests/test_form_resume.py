"""A seller whose session expired while she proposed or claimed a community finds what she typed
after signing in (issue 22)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chumchon.accounts.tests.factories import MembershipFactory, OrganisationFactory
from chumchon.core.tests.form_resume import FILES_NOTE, send_after_expiry
from chumchon.places.models import CommunityClaim
from chumchon.places.tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_org(alice):
    return MembershipFactory(user=alice, organisation=OrganisationFactory.create(name="วิสาหกิจทอผ้า")).organisation


def test_the_proposal_keeps_what_was_typed_but_not_its_photo(client, alice, alice_org):
    typed = {
        "organisation": alice_org.pk,
        "name_th": "ชุมชนบ้านใหม่ริมน้ำ",
        "subdistrict_label": "เมืองเก่า, เมืองสุโขทัย, สุโขทัย (640103)",
        "households": "42",
        "message": "ชุมชนเราทอผ้ามาสามรุ่น อยากให้คนรู้จัก",
        "photo": SimpleUploadedFile("village.jpg", b"\xff\xd8 not kept", content_type="image/jpeg"),
    }
    page = "/my-community/propose/"
    html = send_after_expiry(client, alice, page=page, action=page, data=typed)
    assert 'value="ชุมชนบ้านใหม่ริมน้ำ"' in html and "ชุมชนเราทอผ้ามาสามรุ่น อยากให้คนรู้จัก" in html
    assert 'value="42"' in html
    assert FILES_NOTE in html  # she is told to choose the photo again
    assert not CommunityClaim.objects.exists()


def test_the_claim_keeps_its_word_for_the_officer(client, alice, alice_org):
    community = CommunityFactory.create(name_th="ชุมชนบ้านนาต้นจั่น", name_en="Ban Na Ton Chan")
    other = CommunityFactory.create(name_th="ชุมชนบ้านนาเชียงใหม่", name_en="Ban Na Chiang Mai")
    page = "/my-community/?q=Ban"
    word = "ฉันเป็นประธานกลุ่มทอผ้าของชุมชนนี้มาสิบปี"
    html = send_after_expiry(
        client,
        alice,
        page=page,
        action=f"/my-community/claim/{community.pk}/",
        data={"organisation": alice_org.pk, "message": word},
    )
    assert html.count(word) == 1  # on her community's form only, not on the other's
    assert f'action="/my-community/claim/{other.pk}/"' in html
    assert not CommunityClaim.objects.exists()
