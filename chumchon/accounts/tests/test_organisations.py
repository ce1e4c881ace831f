import pytest

from chumchon.accounts.models import Membership, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_org(alice):
    from chumchon.accounts.services import organisation_create

    return organisation_create(by=alice, name="วิสาหกิจชุมชนทอผ้า", kind="community_enterprise")


def test_it_creates_an_organisation_owned_by_its_creator(client, alice):
    client.force_login(alice)
    response = client.post(
        "/accounts/organisations/new/",
        {"name": "กลุ่มปั้นดิน", "kind": "community_enterprise", "promptpay_id": "081-234-5678"},
    )
    organisation = Organisation.objects.get(name="กลุ่มปั้นดิน")
    assert response["Location"] == f"/accounts/organisations/{organisation.pk}/"
    assert organisation.promptpay_id == "0812345678"
    assert Membership.objects.get(organisation=organisation).role == "owner"


def test_it_refuses_a_malformed_promptpay_id(client, alice):
    client.force_login(alice)
    response = client.post("/accounts/organisations/new/", {"name": "x", "kind": "company", "promptpay_id": "12345"})
    assert "พร้อมเพย์ต้องเป็นเบอร์มือถือ 10 หลัก" in response.content.decode()


def test_it_lets_the_owner_add_a_member(client, alice, bob, alice_org):
    client.force_login(alice)
    client.post(f"/accounts/organisations/{alice_org.pk}/members/", {"email": "BOB@example.com", "role": "member"})
    assert alice_org.memberships.filter(user=bob, role="member").exists()


def test_it_explains_when_the_person_has_no_account(client, alice, alice_org):
    client.force_login(alice)
    response = client.post(
        f"/accounts/organisations/{alice_org.pk}/members/",
        {"email": "nobody@example.com", "role": "member"},
        follow=True,
    )
    assert "ไม่มีบัญชีที่ใช้อีเมล nobody@example.com" in response.content.decode()


def test_it_keeps_the_last_owner(client, alice, alice_org):
    client.force_login(alice)
    membership = alice_org.memberships.get(user=alice)
    response = client.post(f"/accounts/organisations/{alice_org.pk}/members/{membership.pk}/remove/", follow=True)
    assert alice_org.memberships.filter(user=alice).exists()
    assert "องค์กรต้องมีเจ้าของอย่างน้อยหนึ่งคน" in response.content.decode()


def test_it_hides_an_organisation_from_outsiders(client, charlie, alice_org):
    client.force_login(charlie)
    assert client.get(f"/accounts/organisations/{alice_org.pk}/").status_code == 404
    assert (
        client.post(
            f"/accounts/organisations/{alice_org.pk}/members/", {"email": "charlie@example.com", "role": "owner"}
        ).status_code
        == 404
    )
    assert not alice_org.memberships.filter(user=charlie).exists()


def test_it_does_not_let_a_plain_member_manage_members(client, alice, bob, alice_org):
    Membership.objects.create(user=bob, organisation=alice_org, role="member")
    client.force_login(bob)
    assert client.get(f"/accounts/organisations/{alice_org.pk}/").status_code == 200
    owner = alice_org.memberships.get(user=alice)
    assert client.post(f"/accounts/organisations/{alice_org.pk}/members/{owner.pk}/remove/").status_code == 404
    assert (
        client.post(f"/accounts/organisations/{alice_org.pk}/", {"name": "hijacked", "kind": "company"}).status_code
        == 404
    )
    alice_org.refresh_from_db()
    assert alice_org.name == "วิสาหกิจชุมชนทอผ้า"
