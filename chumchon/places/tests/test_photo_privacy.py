"""Community photos are not at addresses anyone could guess (issue 22: a proposed community's photo
was public at /media/community-claims/community.jpg before an officer approved it)."""

from __future__ import annotations

import importlib
import io
import re

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from chumchon.accounts.tests.factories import MembershipFactory, OrganisationFactory
from chumchon.places import services
from chumchon.places.models import ClaimKind, Community, CommunityClaim, Subdistrict
from chumchon.places.tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db

UNGUESSABLE = re.compile(r"^(communities|community-claims)/\d{4}/\d{2}/[A-Za-z0-9_-]{22}\.jpg$")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_a_proposed_communitys_photo_has_an_unguessable_address(alice, officer):
    organisation = OrganisationFactory.create(name="ทอผ้า")
    MembershipFactory.create(user=alice, organisation=organisation)
    claims = [
        services.community_claim_create(
            by=alice,
            organisation=organisation,
            kind=ClaimKind.PROPOSAL,
            name_th=f"ชุมชนบ้านใหม่ {number}",
            subdistrict=Subdistrict.objects.get(code="640103"),
            photo=SimpleUploadedFile("IMG_0001.jpg", jpeg(), content_type="image/jpeg"),
        )
        for number in (1, 2)
    ]
    names = [str(claim.photo.name) for claim in claims]
    assert all(UNGUESSABLE.match(name) for name in names), names
    assert names[0] != names[1] and not any("community" in name.rsplit("/", 1)[1] for name in names)

    services.community_claim_approve(claim=claims[0], by=officer)
    community = Community.objects.get(name_th="ชุมชนบ้านใหม่ 1")
    assert community.photo.name == names[0]  # the approved community shows the photo sent


def test_a_community_photo_saved_later_has_an_unguessable_name():
    community = CommunityFactory.create()
    community.photo.save("community.jpg", ContentFile(jpeg()))
    assert UNGUESSABLE.match(str(community.photo.name))


def test_photos_stored_under_guessable_names_are_moved(alice):
    shared = default_storage.save("community-claims/community.jpg", ContentFile(jpeg()))
    alone = default_storage.save("communities/community_Ab3xY9z.jpg", ContentFile(jpeg()))
    approved = CommunityFactory.create(photo=shared)
    other = CommunityFactory.create(photo=alone)
    organisation = OrganisationFactory.create()
    claim = CommunityClaim.objects.create(
        organisation=organisation, kind=ClaimKind.PROPOSAL, name_th="ชุมชน", photo=shared, submitted_by=alice
    )
    missing = CommunityFactory.create(photo="communities/gone.jpg")

    migration = importlib.import_module("chumchon.places.migrations.0006_photo_unguessable_names")
    migration.rename_guessable_photos(apps, None)

    for record in (approved, other, claim, missing):
        record.refresh_from_db()
    assert UNGUESSABLE.match(str(approved.photo.name)) and UNGUESSABLE.match(str(other.photo.name))
    assert claim.photo.name == approved.photo.name  # still one file for both
    assert default_storage.exists(str(approved.photo.name)) and default_storage.exists(str(other.photo.name))
    assert not default_storage.exists(shared) and not default_storage.exists(alone)
    assert missing.photo.name == "communities/gone.jpg"
