"""allauth's LINE provider, made to use the adapter below (settings.SOCIALACCOUNT_PROVIDERS names
this class as "provider_class"; allauth then takes the URLs from this package's `urls`)."""

from __future__ import annotations

from allauth.socialaccount.providers.line.provider import LineProvider as AllauthLineProvider

from chumchon.accounts.line_login.views import LineAdapter


class LineProvider(AllauthLineProvider):
    oauth2_adapter_class = LineAdapter
    package = "chumchon.accounts.line_login"
