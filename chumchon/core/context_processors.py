"""Values every template needs: the other language's URL for the language switch."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation


def site(request: HttpRequest) -> dict[str, object]:
    current = translation.get_language() or settings.LANGUAGE_CODE
    other = "en" if current == "th" else "th"
    return {
        "other_language": other,
        "other_language_url": translate_url(request.get_full_path(), other),
        "PRIVACY_NOTICE_VERSION": settings.PRIVACY_NOTICE_VERSION,
    }
