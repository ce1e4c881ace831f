"""Consent again when the privacy notice changes (PDPA): a signed-in person whose last consent was to
an older version of the notice (settings.PRIVACY_NOTICE_VERSION) is asked to read and accept the new
one before any other page. The API, /healthz, static and media files, signing out, the notice itself,
the data download and account deletion are never held up.

Accounts that never consented (made by an officer or by the demo data, not by signing up) are not
asked here; they consent when they sign up, which they never did.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode

SESSION_KEY = "accounts:consented_notice"
EXEMPT_PREFIXES = ("/api/", "/healthz", "/static/", "/media/", "/favicon")
EXEMPT_VIEWS = {
    "accounts:consent",
    "accounts:privacy",
    "accounts:data_export",
    "accounts:delete",
    "account_logout",
    "mfa_authenticate",
    "set_language",
}


def consent_is_current(request: HttpRequest) -> bool:
    """Whether the signed-in person has accepted this version of the notice (or never consented to
    any, see above); remembered in the session so that it costs one query per sign-in."""
    version = settings.PRIVACY_NOTICE_VERSION
    if request.session.get(SESSION_KEY) == version:
        return True
    from chumchon.accounts.models import Consent

    consents = Consent.objects.filter(user=request.user, withdrawn_at__isnull=True)  # type: ignore[misc]
    current = not consents.exists() or consents.filter(notice_version=version).exists()
    if current:
        request.session[SESSION_KEY] = version
    return current


def remember_consent(request: HttpRequest) -> None:
    request.session[SESSION_KEY] = settings.PRIVACY_NOTICE_VERSION


class ReconsentMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Only pages that are read: a form already open when the notice changed is still sent, and the
        # next page asks.
        if (
            request.method in ("GET", "HEAD")
            and request.user.is_authenticated
            and not request.path_info.startswith(EXEMPT_PREFIXES)
            and not consent_is_current(request)
            and not self._exempt_view(request)
        ):
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('accounts:consent')}?{query}")
        return self.get_response(request)

    @staticmethod
    def _exempt_view(request: HttpRequest) -> bool:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return True
        return match.view_name in EXEMPT_VIEWS or match.view_name == "admin:logout"
