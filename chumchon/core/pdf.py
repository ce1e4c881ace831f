"""HTML to PDF with WeasyPrint and the Sarabun font (from `fontpkg-sarabun`), never over the network.

A PDF template puts `{{ sarabun_font_face }}` in its `<style>` and uses `font-family: Sarabun`;
`render_pdf` fills it in. WeasyPrint reads only local files: the fonts and whatever files the
caller names (a listing's cover photo); any other address (http, https, data, another file on the
disk) is refused, so rendering a PDF never waits on, or tells anything to, another server.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

SARABUN_FACES = (("normal", "Sarabun-Regular.ttf"), ("bold", "Sarabun-Bold.ttf"))


class PdfUnavailable(RuntimeError):
    """WeasyPrint or its system libraries (Pango) are missing on this machine."""


def sarabun_font_dir() -> Path:
    import fontpkg_sarabun

    return Path(fontpkg_sarabun.__file__).parent / "files"


def sarabun_font_face() -> SafeString:
    """The @font-face rules of Sarabun (regular and bold), read from the installed package."""
    folder = sarabun_font_dir().as_uri()
    rules = []
    for weight, filename in SARABUN_FACES:
        weight_rule = "" if weight == "normal" else f" font-weight: {weight};"
        rules.append(f'@font-face {{ font-family: Sarabun;{weight_rule} src: url("{folder}/{filename}"); }}')
    return mark_safe("\n  ".join(rules))  # noqa: S308 (built here from the package's own path)


def pdf_available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):  # OSError: libpango is not installed
        return False
    return True


def is_allowed_local_url(url: str, allowed: Iterable[Path]) -> bool:
    """Whether `url` is a file: URL of one of the `allowed` files or of a file inside one of the
    `allowed` folders (after resolving `..` and symbolic links)."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return False
    path = Path(url2pathname(parts.path)).resolve()
    return any(path == root or root in path.parents for root in (root.resolve() for root in allowed))


def local_file_fetcher(allowed: Iterable[Path]) -> Any:
    """A WeasyPrint URL fetcher that reads only the `allowed` local files and folders."""
    from weasyprint.urls import URLFetcher

    roots = [Path(root).resolve() for root in allowed]

    class LocalFileFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not is_allowed_local_url(url, roots):
                raise ValueError(f"A PDF reads only its own local files, not {url[:200]}")
            return super().fetch(url, headers)

    return LocalFileFetcher(allowed_protocols={"file"}, allow_redirects=False)


def render_pdf(
    template_name: str,
    context: dict[str, Any],
    *,
    request: HttpRequest | None = None,
    local_files: Iterable[Path] = (),
    compress: bool = True,
) -> bytes:
    """The template rendered to a PDF. Relative addresses resolve against the Sarabun folder; the
    fonts and `local_files` are the only files read. Raises PdfUnavailable when WeasyPrint cannot
    run here."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: libpango is not installed
        raise PdfUnavailable("WeasyPrint or the Pango library is not installed") from exc
    fonts = sarabun_font_dir()
    html = render_to_string(template_name, {**context, "sarabun_font_face": sarabun_font_face()}, request=request)
    fetcher = local_file_fetcher([fonts, *local_files])
    pdf: bytes = HTML(string=html, base_url=fonts.as_uri() + "/", url_fetcher=fetcher).write_pdf(
        uncompressed_pdf=not compress
    )
    return pdf
