"""A seller claims her community or proposes a new one; officers decide; everyone is told."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from chumchon.accounts.models import AuditEntry
from chumchon.accounts.tests.factories import MembershipFactory, OrganisationFactory
from chumchon.notifications.models import Notification
from chumchon.places import services
from chumchon.places.models import ClaimKind, ClaimStatus, Community, CommunityClaim, Subdistrict
from chumchon.places.tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_org(alice):
    return MembershipFactory(user=alice, organisation=OrganisationFactory.create(name="วิสาหกิจทอผ้า")).organisation


@pytest.fixture
def community():
    return CommunityFactory.create(name_th="ชุมชนบ้านนาต้นจั่น", name_en="Ban Na Ton Chan")


def jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 60)).save(buffer, "JPEG")
    return SimpleUploadedFile("village.jpg", buffer.getvalue(), content_type="image/jpeg")


def propose(alice, alice_org, **extra):
    fields = {
        "name_th": "ชุมชนบ้านใหม่",
        "name_en": "Ban Mai",
        "subdistrict": Subdistrict.objects.get(code="640103"),
        "phone": "081 234 5678",
        "line_id": "@banmai",
        "households": 42,
        **extra,
    }
    return services.community_claim_create(by=alice, organisation=alice_org, kind=ClaimKind.PROPOSAL, **fields)


def test_it_tells_the_officers_of_a_claim(
    alice, alice_org, community, officer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        claim = services.community_claim_create(
            by=alice, organisation=alice_org, kind=ClaimKind.CLAIM, community=community
        )
    assert claim.status == ClaimStatus.PENDING
    notification = Notification.objects.get(recipient=officer)
    assert notification.detail == f"received:{claim.pk}"
    assert [mail.to for mail in mailoutbox] == [["officer@example.com"]]
    assert "ชุมชนบ้านนาต้นจั่น" in mailoutbox[0].subject
    assert "/review/communities/" in mailoutbox[0].body


def test_it_refuses_a_second_pending_claim_of_the_same_community(alice, alice_org, community):
    services.community_claim_create(by=alice, organisation=alice_org, kind=ClaimKind.CLAIM, community=community)
    with pytest.raises(ValidationError) as error:
        services.community_claim_create(by=alice, organisation=alice_org, kind=ClaimKind.CLAIM, community=community)
    assert error.value.messages == ["องค์กรของคุณส่งคำขอดูแลชุมชนนี้ไปแล้ว"]


def test_it_refuses_a_claim_for_an_organisation_she_is_not_in(bob, alice_org, community):
    with pytest.raises(PermissionError):
        services.community_claim_create(by=bob, organisation=alice_org, kind=ClaimKind.CLAIM, community=community)


def test_it_refuses_a_proposal_without_a_subdistrict(alice, alice_org):
    with pytest.raises(ValidationError) as error:
        propose(alice, alice_org, subdistrict=None)
    assert "subdistrict" in error.value.message_dict


def test_approving_a_claim_links_the_community_and_tells_her(
    alice, alice_org, community, officer, mailoutbox, django_capture_on_commit_callbacks
):
    claim = services.community_claim_create(by=alice, organisation=alice_org, kind=ClaimKind.CLAIM, community=community)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.community_claim_approve(claim=claim, by=officer)
    community.refresh_from_db()
    assert community.organisation == alice_org
    assert AuditEntry.objects.filter(action="community_claim.approve_claim", actor=officer).exists()
    assert Notification.objects.get(recipient=alice).detail == f"approved:{claim.pk}"
    assert [mail.to for mail in mailoutbox] == [["alice@example.com"]]
    assert "ชุมชนบ้านนาต้นจั่น" in mailoutbox[0].subject
    assert community.get_absolute_url() in mailoutbox[0].body


def test_a_community_run_by_another_organisation_changes_hands_only_when_an_officer_approves(alice, alice_org, officer):
    other = OrganisationFactory.create(name="Other enterprise")
    community = CommunityFactory.create(organisation=other)
    claim = services.community_claim_create(by=alice, organisation=alice_org, kind=ClaimKind.CLAIM, community=community)
    community.refresh_from_db()
    assert community.organisation == other
    services.community_claim_approve(claim=claim, by=officer)
    community.refresh_from_db()
    assert community.organisation == alice_org
    audit = AuditEntry.objects.get(action="community_claim.approve_claim")
    assert audit.before == {"organisation": "Other enterprise"}


def test_approving_a_proposal_creates_the_published_community_she_runs(alice, alice_org, officer):
    claim = propose(alice, alice_org, photo=jpeg(), latitude="17.0081", longitude="99.8232")
    services.community_claim_approve(claim=claim, by=officer)
    community = Community.objects.get(name_th="ชุมชนบ้านใหม่")
    assert community.is_published
    assert community.organisation == alice_org
    assert community.district.code == "6401"
    assert (community.line_id, community.households) == ("@banmai", 42)
    assert community.photo
    claim.refresh_from_db()
    assert claim.community == community


def test_a_proposal_photo_must_be_a_photo(alice, alice_org):
    with pytest.raises(ValidationError):
        propose(alice, alice_org, photo=SimpleUploadedFile("x.jpg", b"%PDF-1.4 not an image"))
    assert not CommunityClaim.objects.exists()


def test_rejecting_needs_a_reason_and_tells_her_the_reason(
    alice, alice_org, officer, mailoutbox, django_capture_on_commit_callbacks
):
    claim = propose(alice, alice_org)
    with pytest.raises(ValidationError):
        services.community_claim_reject(claim=claim, by=officer, reason="  ")
    alice.language = "en"
    alice.save()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.community_claim_reject(claim=claim, by=officer, reason="Please add the village headman's phone.")
    claim.refresh_from_db()
    assert (claim.status, claim.decided_by) == (ClaimStatus.REJECTED, officer)
    assert not Community.objects.filter(name_th="ชุมชนบ้านใหม่").exists()
    assert AuditEntry.objects.filter(action="community_claim.reject_proposal", actor=officer).exists()
    assert mailoutbox[0].subject == "[Chumchon] Not approved: Ban Mai"
    assert "Please add the village headman's phone." in mailoutbox[0].body


def test_only_officers_decide_and_only_once(alice, alice_org, community, officer):
    claim = services.community_claim_create(by=alice, organisation=alice_org, kind=ClaimKind.CLAIM, community=community)
    with pytest.raises(PermissionError):
        services.community_claim_approve(claim=claim, by=alice)
    services.community_claim_reject(claim=claim, by=officer, reason="Not this one")
    with pytest.raises(ValidationError):
        services.community_claim_approve(claim=claim, by=officer)
