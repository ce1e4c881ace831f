"""Going back where a visitor came from, without becoming an open redirect."""

from __future__ import annotations

from urllib.parse import unquote

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request: HttpRequest, candidate: str | None, fallback: str) -> str:
    """`candidate` (a `next` or `return_to` parameter) when it leads to this site, else `fallback`.

    Django's check refuses other hosts, scheme-relative (`//host`) and backslash (`/\\host`)
    addresses and schemes such as `javascript:`, and plain http when the request came over https.
    The candidate must also pass once percent-decoded (`/%5Chost`), in case a proxy or a later
    redirect decodes it."""
    if not candidate:
        return fallback
    candidate = candidate.strip()
    allowed = {request.get_host()}
    secure = request.is_secure()
    for form in (candidate, unquote(candidate)):
        if not url_has_allowed_host_and_scheme(form, allowed_hosts=allowed, require_https=secure):
            return fallback
    return candidate
