"""Request rates of the REST API, counted in the default cache (Redis in production, so every web
process shares the count; local memory in tests). Rates: settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.throttling import SimpleRateThrottle

if TYPE_CHECKING:  # rest_framework.views reads the throttle settings, which name this module
    from rest_framework.request import Request
    from rest_framework.views import APIView

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class WriteRateThrottle(SimpleRateThrottle):
    """Writes (POST, PUT, PATCH, DELETE) per signed-in person, or per IP address for visitors,
    on top of the anonymous and user rates that count every request."""

    scope = "write"

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        if request.method in SAFE_METHODS:
            return None
        ident = str(request.user.pk) if request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
