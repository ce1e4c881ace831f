import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from chumchon.catalog import services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def jpeg_with_gps(width=1200, height=900) -> bytes:
    image = Image.new("RGB", (width, height), (180, 60, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = {1: "N", 2: (17.0, 1.0, 0.0), 3: "E", 4: (99.0, 42.0, 0.0)}
    exif[0x8825] = gps  # GPSInfo
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def upload(data: bytes, name="photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def test_it_strips_exif_including_gps(product):
    original = Image.open(io.BytesIO(jpeg_with_gps()))
    assert original.getexif().get_ifd(0x8825)  # the upload really carries GPS
    photo = services.photo_add(listing=product, upload=upload(jpeg_with_gps()))
    with photo.image.open("rb") as stored:
        data = stored.read()
    assert b"PhoneMaker" not in data
    assert not Image.open(io.BytesIO(data)).getexif()


def test_it_makes_webp_renditions_for_srcset(product, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        photo = services.photo_add(listing=product, upload=upload(jpeg_with_gps(2000, 1500)))
    photo.refresh_from_db()
    assert sorted(int(width) for width in photo.renditions) == [320, 640, 1024, 1600]
    assert "320w" in photo.srcset and ".webp" in photo.srcset
    with photo.image.storage.open(photo.renditions["640"]) as rendition:
        assert Image.open(rendition).format == "WEBP"


def test_it_accepts_heic_photos(product):
    from pillow_heif import from_pillow

    heif = from_pillow(Image.new("RGB", (800, 600), (20, 80, 160)))
    buffer = io.BytesIO()
    heif.save(buffer, quality=50)
    photo = services.photo_add(listing=product, upload=upload(buffer.getvalue(), "IMG_0001.HEIC"))
    assert (photo.width, photo.height) == (800, 600)


def test_it_refuses_a_file_that_is_not_an_image_whatever_its_name(product):
    with pytest.raises(ValidationError, match="ไม่ใช่รูปภาพ"):
        services.photo_add(listing=product, upload=upload(b"%PDF-1.4 not an image", "photo.jpg"))
    assert not product.photos.exists()


def test_it_refuses_svg(product):
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    with pytest.raises(ValidationError, match="SVG"):
        services.photo_add(listing=product, upload=upload(svg, "photo.svg"))


def test_it_refuses_decompression_bombs(product):
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG")  # 400 megapixels, a few kilobytes
    with pytest.raises(ValidationError, match="พิกเซลมากเกิน"):
        services.photo_add(listing=product, upload=upload(buffer.getvalue(), "bomb.png"))


def test_it_refuses_files_over_15_mb(product):
    with pytest.raises(ValidationError, match="15 MB"):
        services.photo_add(listing=product, upload=upload(b"\xff\xd8" + b"0" * (15 * 1024 * 1024 + 1)))


def test_it_reorders_photos_and_the_first_is_the_cover(product):
    first = services.photo_add(listing=product, upload=upload(jpeg_with_gps(400, 300)))
    second = services.photo_add(listing=product, upload=upload(jpeg_with_gps(400, 300)))
    services.photo_move(photo=second, offset=-1)
    assert list(product.photos.order_by("position")) == [second, first]
    assert product.cover == second
