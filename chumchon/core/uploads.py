"""Checking what people upload before it is kept: a photo (re-encoded without its metadata) or a
PDF (recognised by its first bytes, size-capped). Message attachments and payment slips use it."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from chumchon.core.images import clean_uploaded_image

MAX_PDF_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class CleanFile:
    """An upload that passed the checks: its content, "image" or "pdf", and a safe file name."""

    content: ContentFile[bytes]
    kind: str
    name: str


def clean_photo_or_pdf(upload: IO[bytes], *, name: str) -> CleanFile:
    """A photo (re-encoded without metadata) or a PDF (checked by its first bytes, at most 10 MB);
    anything else is refused with a message the sender can act on."""
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    base = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:100] or "file"
    if head == b"%PDF-":
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
        upload.seek(0)
        if size > MAX_PDF_BYTES:
            raise ValidationError(
                _("“%(name)s” is %(size)s MB; PDF files can be at most 10 MB.")
                % {"name": base, "size": f"{size / 1048576:.1f}"}
            )
        stem = base[:-4] if base.lower().endswith(".pdf") else base
        return CleanFile(ContentFile(upload.read(), name="attachment.pdf"), "pdf", stem + ".pdf")
    try:
        image = clean_uploaded_image(upload, name="attachment")
    except ValidationError as exc:
        raise ValidationError(
            _("“%(name)s”: %(problem)s Attach photos (JPEG, PNG, WebP, HEIC) or PDF files.")
            % {"name": base, "problem": " ".join(exc.messages)}
        ) from None
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return CleanFile(image.content, "image", stem + ".jpg")
