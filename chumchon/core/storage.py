"""Private files: where they are kept and how a permission-checked view hands one out.

Message attachments, MOU documents and readiness evidence live outside MEDIA_ROOT (which may be
served publicly). Only views that have checked who is asking serve them, through
`private_file_response`.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse


class PrivateStorage(FileSystemStorage):
    """Files kept outside MEDIA_ROOT; only a permission-checked view hands them out. The folder is
    read from settings on every use so that tests and deployments can move it."""

    @property
    def base_location(self) -> str:
        default = Path(settings.BASE_DIR) / "var" / "private"
        return str(getattr(settings, "PRIVATE_MEDIA_ROOT", default))

    @property
    def location(self) -> str:
        return str(Path(self.base_location).resolve())

    def url(self, name: str | None) -> str:
        raise NotImplementedError("Private files have no public URL; link to the view that serves it.")


private_storage = PrivateStorage()


def safe_filename(name: str, *, default: str = "file") -> str:
    """A file name fit for a Content-Disposition header: no folders, no control characters (a line
    break would break the header), at most 150 characters; `default` when nothing is left."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(char for char in base if char.isprintable()).strip().lstrip(".")
    return cleaned[:150] or default


def private_file_response(
    file: FieldFile,
    *,
    content_type: str,
    filename: str = "",
    as_attachment: bool = True,
    cache_control: str = "private, no-store",
    content_security_policy: str = "sandbox; default-src 'none'",
) -> FileResponse:
    """A private file for a visitor already checked: with the content type given (never guessed
    from the file), `X-Content-Type-Options: nosniff`, a sandboxing Content-Security-Policy, no
    shared caching, and a Content-Disposition with a safe file name (the stored file's own name
    when none is given), which Django quotes, or encodes when it is not ASCII."""
    response = FileResponse(
        file.open("rb"),
        content_type=content_type,
        as_attachment=as_attachment,
        filename=safe_filename(filename or file.name or ""),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache_control
    response["Content-Security-Policy"] = content_security_policy
    return response
