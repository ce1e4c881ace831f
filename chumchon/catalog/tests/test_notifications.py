"""A seller hears when an officer approves or rejects her listing, named and linked."""

from __future__ import annotations

import pytest

from chumchon.accounts.tests.factories import UserFactory
from chumchon.catalog import services
from chumchon.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_she_is_told_when_her_listing_is_published(
    product, alice, officer, mailoutbox, django_capture_on_commit_callbacks
):
    services.listing_submit(listing=product, by=alice)
    with django_capture_on_commit_callbacks(execute=True):
        services.listing_approve(listing=product, by=officer)
    notification = Notification.objects.get(recipient=alice)
    assert notification.detail == f"approved:{product.pk}"
    assert [mail.to for mail in mailoutbox] == [["alice@example.com"]]
    assert mailoutbox[0].subject == "[ชุมชน] เผยแพร่แล้ว: ผ้าซิ่นตีนจก"
    assert f"/l/{product.pk}/" in mailoutbox[0].body


def test_she_is_told_why_her_listing_was_not_approved_in_her_language(
    product, alice, officer, mailoutbox, django_capture_on_commit_callbacks
):
    alice.language = "en"
    alice.save()
    services.listing_submit(listing=product, by=alice)
    with django_capture_on_commit_callbacks(execute=True):
        services.listing_reject(listing=product, by=officer, reason="Add a photo of the whole cloth.")
    mail = mailoutbox[0]
    assert mail.subject == "[Chumchon] Not approved: Teen jok sarong"
    assert "Add a photo of the whole cloth." in mail.body
    assert f"/en/sell/{product.pk}/" in mail.body


def test_the_other_members_of_her_organisation_hear_too(product, alice, alice_community, officer):
    from chumchon.accounts.models import Membership

    colleague = UserFactory.create(email="somsri@example.com")
    Membership.objects.create(user=colleague, organisation=alice_community.organisation)
    services.listing_submit(listing=product, by=alice)
    services.listing_approve(listing=product, by=officer)
    assert set(Notification.objects.values_list("recipient__email", flat=True)) == {
        "alice@example.com",
        "somsri@example.com",
    }
