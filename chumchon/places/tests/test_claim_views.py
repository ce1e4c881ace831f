"""The pages of claiming and proposing a community, and the officers' queue."""

from __future__ import annotations

import pytest

from chumchon.accounts.tests.factories import MembershipFactory, OrganisationFactory
from chumchon.places import services
from chumchon.places.models import ClaimKind, ClaimStatus, Community, CommunityClaim
from chumchon.places.tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_org(alice):
    return MembershipFactory(user=alice, organisation=OrganisationFactory.create(name="วิสาหกิจทอผ้า")).organisation


@pytest.fixture
def community():
    return CommunityFactory.create(name_th="ชุมชนบ้านนาต้นจั่น", name_en="Ban Na Ton Chan")


def test_my_listings_leads_a_seller_without_community_to_the_claim_page(client, alice, alice_org):
    client.force_login(alice)
    page = client.get("/sell/").content.decode()
    assert 'href="/my-community/"' in page


def test_it_finds_a_community_by_thai_or_english_name_or_place(client, alice, alice_org, community):
    client.force_login(alice)
    for query in ("นาต้นจั่น", "ton chan", "สุโขทัย ต้นจั่น", "Mueang Sukhothai"):
        page = client.get("/my-community/", {"q": query}).content.decode()
        assert "ชุมชนบ้านนาต้นจั่น" in page, query
    assert "ชุมชนบ้านนาต้นจั่น" not in client.get("/my-community/", {"q": "เชียงใหม่"}).content.decode()


def test_each_result_has_its_own_claim_form_with_labels_that_point_at_its_fields(client, alice, alice_org, community):
    import re

    CommunityFactory.create(name_th="ชุมชนบ้านนาต้นจั่นใต้", name_en="Ban Na Ton Chan Tai")
    client.force_login(alice)
    page = client.get("/my-community/", {"q": "นาต้นจั่น"}).content.decode()
    assert page.count('action="/my-community/claim/') == 2
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for target in re.findall(r'<label for="([^"]+)"', page):
        assert target in ids, target  # a label a screen reader can follow to its own field


def test_a_seller_without_organisation_is_asked_to_create_one(client, alice):
    client.force_login(alice)
    page = client.get("/my-community/").content.decode()
    assert "/accounts/organisations/new/" in page


def test_she_claims_a_community_and_sees_it_waiting(client, alice, alice_org, community):
    client.force_login(alice)
    response = client.post(f"/my-community/claim/{community.pk}/", {"organisation": alice_org.pk}, follow=True)
    claim = CommunityClaim.objects.get()
    assert (claim.community, claim.organisation, claim.submitted_by) == (community, alice_org, alice)
    assert "รอเจ้าหน้าที่" in response.content.decode()


def test_a_community_run_by_another_organisation_says_an_officer_decides(client, alice, alice_org):
    CommunityFactory.create(name_th="ชุมชนมีเจ้าของ", organisation=OrganisationFactory(name="กลุ่มเดิม"))
    client.force_login(alice)
    page = client.get("/en/my-community/", {"q": "มีเจ้าของ"}).content.decode()
    assert "Run by กลุ่มเดิม. You can still claim it: an officer decides who runs it." in page


def test_the_subdistrict_type_ahead_offers_thai_and_english_names(client, alice):
    client.force_login(alice)
    thai = client.get("/my-community/subdistricts/", {"subdistrict_label": "เมืองเก่า"}).content.decode()
    assert 'value="เมืองเก่า, เมืองสุโขทัย, สุโขทัย (640103)"' in thai
    english = client.get("/en/my-community/subdistricts/", {"subdistrict_label": "mueang kao"}).content.decode()
    assert "Mueang Kao" in english


def test_she_proposes_a_community_from_the_form(client, alice, alice_org, officer):
    client.force_login(alice)
    response = client.post(
        "/my-community/propose/",
        {
            "organisation": alice_org.pk,
            "name_th": "ชุมชนบ้านใหม่",
            "subdistrict_label": "เมืองเก่า, เมืองสุโขทัย, สุโขทัย (640103)",
            "latitude": "17.008100",
            "longitude": "99.823200",
            "line_id": "@banmai",
            "households": "42",
        },
    )
    assert response.status_code == 302
    claim = CommunityClaim.objects.select_related("subdistrict").get()
    assert claim.subdistrict is not None
    assert (claim.kind, claim.subdistrict.code, claim.households) == (ClaimKind.PROPOSAL, "640103", 42)


def test_a_proposal_with_an_unknown_subdistrict_keeps_what_she_typed(client, alice, alice_org):
    client.force_login(alice)
    response = client.post(
        "/my-community/propose/",
        {"organisation": alice_org.pk, "name_th": "ชุมชนบ้านใหม่", "subdistrict_label": "ไม่มีตำบลนี้", "phone": "0812345678"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "เลือกตำบลจากรายการ" in page
    assert 'value="ชุมชนบ้านใหม่"' in page and 'value="ไม่มีตำบลนี้"' in page and 'value="0812345678"' in page
    assert not CommunityClaim.objects.exists()


def test_the_queue_is_for_officers_only(client, alice):
    client.force_login(alice)
    assert client.get("/review/communities/").status_code == 404


def test_the_officer_approves_from_the_queue(client, alice, alice_org, officer, django_assert_max_num_queries):
    for n in range(3):
        services.community_claim_create(
            by=alice,
            organisation=alice_org,
            kind=ClaimKind.CLAIM,
            community=CommunityFactory.create(name_th=f"ชุมชน {n}"),
        )
    claim = CommunityClaim.objects.order_by("pk")[0]
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        page = client.get("/review/communities/").content.decode()
    assert page.count('value="approve"') == 3
    client.post(f"/review/communities/{claim.pk}/", {"action": "approve"})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    assert Community.objects.get(claims=claim).organisation == alice_org


def test_the_reason_of_a_rejection_shows_on_her_page(client, alice, alice_org, community, officer):
    claim = services.community_claim_create(by=alice, organisation=alice_org, kind=ClaimKind.CLAIM, community=community)
    client.force_login(officer)
    client.post(f"/review/communities/{claim.pk}/", {"action": "reject", "reason": ""})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING
    client.post(f"/review/communities/{claim.pk}/", {"action": "reject", "reason": "ส่งหลักฐานการเป็นสมาชิกชุมชนด้วย"})
    client.force_login(alice)
    page = client.get("/my-community/").content.decode()
    assert "ส่งหลักฐานการเป็นสมาชิกชุมชนด้วย" in page
