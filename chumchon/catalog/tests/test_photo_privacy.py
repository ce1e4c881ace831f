"""A draft listing's photos are not at addresses anyone could guess (issue 22: they were at
/media/listings/<year>/<month>/listing-<id>.jpg, public before the listing was approved)."""

import importlib
import io
import re

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from chumchon.catalog import services
from chumchon.catalog.models import Photo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (20, 90, 160)).save(buffer, "JPEG")
    return SimpleUploadedFile("IMG_0001.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_a_draft_listings_photos_have_unguessable_addresses(client, alice, product):
    first = services.photo_add(listing=product, upload=jpeg())
    second = services.photo_add(listing=product, upload=jpeg())
    urls = [first.image.url, second.image.url, *(first.renditions or {}).values()]
    for url in urls:
        assert f"listing-{product.pk}" not in url and "IMG_0001" not in url
    stems = [re.findall(r"/([A-Za-z0-9_-]{22})\.jpg$", photo.image.url) for photo in (first, second)]
    assert len(stems[0]) == len(stems[1]) == 1 and stems[0] != stems[1]  # 128 random bits each
    # Her own edit page still shows them.
    client.force_login(alice)
    assert first.image.url in client.get(product.get_edit_url()).content.decode()


def test_photos_stored_under_guessable_names_are_moved(product):
    old = default_storage.save(f"listings/2026/11/listing-{product.pk}.jpg", ContentFile(jpeg().read()))
    rendition = default_storage.save(f"listings/2026/11/listing-{product.pk}-640w.webp", ContentFile(b"webp"))
    photo = Photo.objects.create(listing=product, image=old, renditions={"640": rendition})
    migration = importlib.import_module("chumchon.catalog.migrations.0009_photo_unguessable_names")
    migration.rename_guessable_photos(apps, None)
    photo.refresh_from_db()
    name = str(photo.image.name)
    assert migration.UNGUESSABLE.match(name)
    assert photo.renditions["640"].startswith(name.rsplit(".", 1)[0])
    assert not default_storage.exists(old) and not default_storage.exists(rendition)
    assert default_storage.exists(name)
