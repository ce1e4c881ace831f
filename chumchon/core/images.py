"""Uploaded photos: validation, EXIF stripping, WebP renditions.

Phones upload 12 MP photos with GPS coordinates in their EXIF. What we store is re-encoded from
the pixels only (after applying the EXIF orientation), so no metadata survives; renditions are
WebP at a few widths for `srcset`.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

try:  # HEIC/HEIF photos from iPhones and recent Androids
    from pillow_heif import register_heif_opener

    register_heif_opener()
    HEIF_SUPPORTED = True
except ImportError:  # pragma: no cover - pillow-heif is a dependency; degrade if its wheel is missing
    HEIF_SUPPORTED = False

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
# A 12 MP phone photo is 12e6 pixels; decoding costs some 4 bytes a pixel, so 40 MP is 160 MB held for a
# moment. The budget is checked on the header's width and height (Image.open reads nothing more),
# before a single pixel is decoded: a 47 KB PNG of 7000 x 7000 costs nothing to refuse.
MAX_PIXELS = 40_000_000
MAX_STORED_SIDE = 2560
RENDITION_WIDTHS = (320, 640, 1024, 1600)
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "HEIF", "MPO"}

# Pillow's own guard, for images opened anywhere else; uploads meet ours first (`clean_uploaded_image`).
Image.MAX_IMAGE_PIXELS = 2 * MAX_PIXELS


@dataclass(frozen=True)
class CleanImage:
    content: ContentFile[bytes]
    width: int
    height: int


def _too_many_pixels(width: int, height: int) -> str:
    return _(
        "This image is %(width)d × %(height)d pixels (%(megapixels)s megapixels); photos can be at most "
        "%(max)d megapixels: upload a smaller copy (a phone's usual 12-megapixel photo is fine)."
    ) % {
        "width": width,
        "height": height,
        "megapixels": f"{width * height / 1_000_000:.0f}",
        "max": MAX_PIXELS // 1_000_000,
    }


def clean_uploaded_image(upload: IO[bytes], *, name: str = "photo") -> CleanImage:
    """Check an upload is a real photo and return it re-encoded as JPEG without metadata.

    Raises ValidationError with a message a seller can act on: too large, not an image (whatever
    its extension), an SVG, or a decompression bomb.
    """
    upload.seek(0, io.SEEK_END)
    size = upload.tell()
    upload.seek(0)
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("This file is %(size)s MB; photos can be at most 15 MB.") % {"size": f"{size / 1048576:.1f}"}
        )
    head = upload.read(512)
    upload.seek(0)
    if b"<svg" in head.lower() or head.lstrip().startswith(b"<?xml"):
        raise ValidationError(_("SVG drawings are not accepted: upload a photo (JPEG, PNG, WebP or HEIC)."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            opened = Image.open(upload)
            if opened.format not in ACCEPTED_FORMATS:
                raise ValidationError(_("This is not a photo we can use: upload a JPEG, PNG, WebP or HEIC file."))
            if opened.width * opened.height > MAX_PIXELS:
                raise ValidationError(_too_many_pixels(opened.width, opened.height))
            opened.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("This image is too large in pixels to be a photo.")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("This file is not a photo (or it is damaged): upload a JPEG, PNG, WebP or HEIC file.")
        ) from None
    image: Image.Image = ImageOps.exif_transpose(opened) or opened
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, (255, 255, 255))
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    image.thumbnail((MAX_STORED_SIDE, MAX_STORED_SIDE), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    # Pixels only: no exif=, no icc_profile=, so GPS and camera data are gone.
    image.convert("RGB").save(buffer, "JPEG", quality=86, optimize=True, progressive=True)
    return CleanImage(ContentFile(buffer.getvalue(), name=f"{name}.jpg"), image.width, image.height)


def make_renditions(source: IO[bytes]) -> dict[int, bytes]:
    """WebP renditions at each rendition width not larger than the source."""
    image = Image.open(source)
    image.load()
    renditions: dict[int, bytes] = {}
    for width in RENDITION_WIDTHS:
        if width > image.width and renditions:
            break
        copy = image.copy()
        copy.thumbnail((width, width * 4), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        copy.save(buffer, "WEBP", quality=78, method=4)
        renditions[min(width, image.width)] = buffer.getvalue()
    return renditions
