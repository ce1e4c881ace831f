"""Demo accounts and organisations (sample data; passwords are stated in README.md)."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from chumchon.accounts.models import Membership, MembershipRole, Organisation, OrganisationKind, Role, User

DEMO_PASSWORD = "chumchon-demo-2569"  # noqa: S105 (documented demo password)

DEMO_ORGANISATIONS = {
    "seller": ("วิสาหกิจชุมชนทอผ้าหาดเสี้ยว (ตัวอย่าง)", OrganisationKind.COMMUNITY_ENTERPRISE, "0812345678"),
    "buyer": ("Siam Craft Journeys Co., Ltd. (sample)", OrganisationKind.COMPANY, ""),
    "officer": ("หน่วยงานสนับสนุนการท่องเที่ยวชุมชน (ตัวอย่าง)", OrganisationKind.AGENCY, ""),
}

DEMO_USERS = [
    # email, name, role, staff
    ("seller@example.com", "สมศรี ใจดี (ตัวอย่าง)", Role.SELLER, False, "seller"),
    ("buyer@example.com", "Alex Buyer (sample)", Role.BUYER, False, "buyer"),
    ("officer@example.com", "เจ้าหน้าที่ทดสอบ (ตัวอย่าง)", Role.TOURIST, True, "officer"),
]


def unload() -> None:
    User.objects.filter(email__in=[email for email, *_ in DEMO_USERS]).delete()
    Organisation.objects.filter(name__in=[name for name, *_ in DEMO_ORGANISATIONS.values()]).delete()


def load() -> None:
    # Every demo account has the same published password: hash it once (a hash takes about a
    # second, on purpose) and give the demo accounts that one salted hash.
    password = make_password(DEMO_PASSWORD)
    for email, name, role, staff, org_key in DEMO_USERS:
        user = User.objects.filter(email=email).first() or User.objects.create_user(email=email)
        user.name, user.role = name, role
        user.is_staff = user.is_superuser = staff
        user.password = password
        user.save()
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        org_name, kind, promptpay = DEMO_ORGANISATIONS[org_key]
        organisation, _ = Organisation.objects.get_or_create(
            name=org_name, defaults={"kind": kind, "promptpay_id": promptpay}
        )
        Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": MembershipRole.OWNER})
