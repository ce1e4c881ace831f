"""Language of API responses; NUL characters refused; a sign-out clears what the browser kept.

Pages choose their language by URL (Thai unprefixed, English under /en/), so LocaleMiddleware
treats every unprefixed path as Thai. The API has no language prefix; its clients say what they
want in Accept-Language (Thai when they say nothing).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


class ApiLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        language = translation.get_language_from_request(request, check_path=False)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Accept-Language"])
        response.headers.setdefault("Content-Language", language)
        return response


class RejectNullCharactersMiddleware:
    """Keep NUL characters in the URL and in posted forms from reaching the database.

    PostgreSQL cannot store or compare strings containing NUL, so a `?province=%00` or a form's
    `category=a%00b` would otherwise end in a server error deep inside a query. A path with NUL
    names nothing (404); NUL characters are dropped from query parameters, so a search box or
    filter still answers sensibly; a form posted with NUL in any field (no browser sends one: it
    is a tampered or broken request) is refused with 400 before any view reads it. The API refuses
    NUL in its JSON bodies itself (chumchon/core/json_bounds.py) and in its form bodies here.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            return self._refuse(request, 404, "not_found")
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [value.replace("\x00", "") for value in values])
            cleaned._mutable = False
            request.GET = cleaned  # type: ignore[assignment]  # an immutable QueryDict, as Django's
        if request.method not in ("GET", "HEAD", "OPTIONS") and self._form_holds_nul(request):
            return self._refuse(request, 400, "invalid")
        return self.get_response(request)

    @staticmethod
    def _form_holds_nul(request: HttpRequest) -> bool:
        content_type = request.META.get("CONTENT_TYPE", "")
        if not content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            return False  # JSON and other bodies: read (and bounded) by the API's parsers
        try:
            form = request.POST
        except Exception:  # a malformed body: Django's own handling answers it later
            return False
        return any("\x00" in key or any("\x00" in value for value in values) for key, values in form.lists())

    @staticmethod
    def _refuse(request: HttpRequest, status: int, code: str) -> HttpResponse:
        if request.path.startswith(API_PREFIX):
            from django.http import JsonResponse

            from chumchon.core.api_errors import error_body

            body = error_body(code=code, errors=[])  # the API's one error shape, in the request's language
            body["errors"] = [{"field": None, "code": code, "message": body["detail"]}]
            return JsonResponse(body, status=status)
        # Before LocaleMiddleware: the page's language from its path (Thai unprefixed, English under /en/).
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        with translation.override(language):
            if status == 404:
                message = _("Not found.")
            else:
                message = _(
                    "The form holds a NUL character, which no text may contain. Go back, correct it and send it again."
                )
        return HttpResponse(str(message), status=status, content_type="text/plain; charset=utf-8")


SIGNED_OUT = "_chumchon_signed_out"


def mark_signed_out(sender: object, request: HttpRequest | None, **kwargs: object) -> None:
    """`user_logged_out` receiver: the response to this request clears the site's data."""
    if request is not None:
        setattr(request, SIGNED_OUT, True)


class ClearSiteDataOnSignOutMiddleware:
    """Signing out (or deleting one's account) tells the browser to drop what it saved for the
    site: the offline copy of a meeting agenda, the service worker and cached pages. Phones are
    often shared in a community; the next person must not find the last one's agenda offline."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, SIGNED_OUT, False):
            response.headers["Clear-Site-Data"] = '"cache", "storage"'
        return response


class PermissionsPolicyMiddleware:
    """The Permissions-Policy header (settings.PERMISSIONS_POLICY): which browser features pages may use."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class OfficerTwoFactorMiddleware:
    """The admin is an officer page too: an officer without two-factor authentication is sent to set
    it up before using it (views decorated with `officer_required` check the same)."""

    ADMIN_PATH = re.compile(r"^/(?:en/)?admin/(?!logout/|jsi18n/)")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from chumchon.core.decorators import officer_lacks_two_factor, two_factor_setup_redirect

        if self.ADMIN_PATH.match(request.path_info) and officer_lacks_two_factor(request):
            return two_factor_setup_redirect(request)
        return self.get_response(request)


class ResumeFormAfterSignInMiddleware:
    """A form sent by someone whose session has expired is answered by `login_required` with the
    sign-in page; what they typed is kept (core.resume.stash_form) and the sign-in page is told to
    come back to the page the form was on (the POST-only address the form sent to has no page)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.method != "POST"
            or request.path_info.startswith(API_PREFIX)
            or request.user.is_authenticated
            or response.status_code != 302
        ):
            return response
        from urllib.parse import urlsplit

        from django.utils.http import url_has_allowed_host_and_scheme, urlencode

        from chumchon.core.resume import stash_form

        location = urlsplit(response.get("Location", ""))
        action = request.get_full_path()
        # Only `login_required`'s answer (it sends back to the address posted to); a view that sends
        # to sign in on purpose, with its own `next` (the inquiry draft), is left alone.
        if not location.path.endswith("/accounts/login/") or QueryDict(location.query).get("next") != action:
            return response
        referer = request.headers.get("Referer", "")
        page = action
        if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
            parts = urlsplit(referer)
            page = parts.path + (f"?{parts.query}" if parts.query else "")
        if stash_form(request.session, page=page, action=action, data=request.POST, had_files=bool(request.FILES)):
            response["Location"] = f"{location.path}?{urlencode({'next': page})}"
        return response
