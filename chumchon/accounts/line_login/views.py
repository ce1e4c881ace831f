from __future__ import annotations

from allauth.socialaccount.providers.line.views import LineOAuth2Adapter
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from django.conf import settings
from django.http import HttpRequest


class LineAdapter(LineOAuth2Adapter):
    """LINE Login v2.1 at the addresses in settings (LINE's own unless a test changes them)."""

    def __init__(self, request: HttpRequest) -> None:
        super().__init__(request)
        api = settings.LINE_LOGIN_API_URL.rstrip("/")
        self.access_token_url = f"{api}/oauth2/v2.1/token"
        self.profile_url = f"{api}/v2/profile"
        self.id_token_url = f"{api}/oauth2/v2.1/verify"
        self.authorize_url = f"{settings.LINE_ACCESS_URL.rstrip('/')}/oauth2/v2.1/authorize"


oauth2_login = OAuth2LoginView.adapter_view(LineAdapter)
oauth2_callback = OAuth2CallbackView.adapter_view(LineAdapter)
