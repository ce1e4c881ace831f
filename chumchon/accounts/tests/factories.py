from __future__ import annotations

import re
from typing import Any

import factory
from allauth.account.models import EmailAddress

from chumchon.accounts.models import Membership, MembershipRole, Organisation, OrganisationKind, User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    name = factory.Faker("name")
    role = "tourist"

    @factory.post_generation
    def password(user: User, create: bool, extracted: str | None, **kwargs: Any) -> None:
        user.set_password(extracted or PASSWORD)
        if create:
            user.save()
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.COMMUNITY_ENTERPRISE


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = MembershipRole.OWNER


def api_key_for(user: User, *, scope: str = "write") -> str:
    """A working API key of `user` (the key itself, as its owner would copy it), for API tests."""
    from chumchon.accounts.services import api_key_create

    return api_key_create(user=user, name="test", scope=scope, lifetime_days=30)[1]


def sign_up_from_login_page(client: Any, login_page: str, *, name: str, email: str, role: str) -> Any:
    """Follow the sign-in page's link to create an account (its `next` kept) and send the sign-up
    form as a visitor fills it in; the response (a redirect to "confirm your e-mail")."""
    link = re.search(r'href="((?:/[a-z]{2})?/accounts/signup/\?next=[^"]+)"', login_page)
    assert link, login_page
    return client.post(
        link.group(1).replace("&amp;", "&"),
        {
            "name": name,
            "email": email,
            "role": role,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "accept_privacy": "on",
        },
    )
