"""A one-page PDF fact sheet of a listing that a tour operator can forward (WeasyPrint, Sarabun)."""

from __future__ import annotations

from pathlib import Path

from django.http import HttpRequest
from django.utils.translation import gettext as _

from chumchon.catalog.models import Listing, Photo
from chumchon.core.pdf import PdfUnavailable, pdf_available, render_pdf


class FactSheetUnavailable(RuntimeError):
    """WeasyPrint or its system libraries (Pango) are missing on this machine."""


def render_factsheet(listing: Listing, *, request: HttpRequest, compress: bool = True) -> bytes:
    if not pdf_available():
        raise FactSheetUnavailable(_unavailable_message())
    from chumchon.catalog.selectors import listing_page_context

    context = listing_page_context(listing)
    context["page_url"] = request.build_absolute_uri(listing.get_absolute_url())
    cover = _local_path(context["photos"][0]) if context["photos"] else None
    context["cover_uri"] = cover.as_uri() if cover else ""
    # Only local files (the fonts and the cover photo) are read: a PDF never reaches the network.
    try:
        return render_pdf(
            "catalog/factsheet.html",
            context,
            request=request,
            local_files=[cover] if cover else [],
            compress=compress,
        )
    except PdfUnavailable as exc:
        raise FactSheetUnavailable(_unavailable_message()) from exc


def _unavailable_message() -> str:
    return _("PDF fact sheets need the Pango library on the server (apt-get install libpango-1.0-0 libpangoft2-1.0-0).")


def _local_path(photo: Photo) -> Path | None:
    """The photo's file on disk, or None when the storage is not a local disk (S3)."""
    try:
        return Path(photo.image.path)
    except NotImplementedError:
        return None
