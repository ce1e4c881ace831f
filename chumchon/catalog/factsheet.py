"""A one-page PDF fact sheet of a listing that a tour operator can forward (WeasyPrint, Sarabun)."""

from __future__ import annotations

from pathlib import Path

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from chumchon.catalog.models import Listing, Photo


class FactSheetUnavailable(RuntimeError):
    """WeasyPrint or its system libraries (Pango) are missing on this machine."""


def sarabun_font_dir() -> Path:
    import fontpkg_sarabun

    return Path(fontpkg_sarabun.__file__).parent / "files"


def render_factsheet(listing: Listing, *, request: HttpRequest, compress: bool = True) -> bytes:
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as exc:  # OSError: libpango is not installed
        raise FactSheetUnavailable(
            _(
                "PDF fact sheets need the Pango library on the server (apt-get install libpango-1.0-0 libpangoft2-1.0-0)."
            )
        ) from exc
    from chumchon.catalog.selectors import listing_page_context

    context = listing_page_context(listing)
    context["font_dir"] = sarabun_font_dir().as_uri()
    context["page_url"] = request.build_absolute_uri(listing.get_absolute_url())
    context["cover_uri"] = _local_uri(context["photos"][0]) if context["photos"] else ""
    html = render_to_string("catalog/factsheet.html", context, request=request)
    # Only local files (the fonts and the photo) are read: a PDF never reaches the network.
    fetcher = URLFetcher(allowed_protocols={"file"})
    pdf: bytes = HTML(string=html, base_url=sarabun_font_dir().as_uri() + "/", url_fetcher=fetcher).write_pdf(
        uncompressed_pdf=not compress
    )
    return pdf


def _local_uri(photo: Photo) -> str:
    """The photo's file as a file:// URI, or "" when the storage is not a local disk (S3)."""
    try:
        return Path(photo.image.path).as_uri()
    except NotImplementedError:
        return ""
