"""Absolute links to the site, for messages read outside it (e-mails, LINE)."""

from __future__ import annotations

from django.conf import settings


def site_url(path: str) -> str:
    """`path` on the public site (SITE_URL; the development server when unset)."""
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/") + path
