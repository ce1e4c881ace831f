from allauth.socialaccount.providers.oauth2.urls import default_urlpatterns

from chumchon.accounts.line_login.provider import LineProvider

urlpatterns = default_urlpatterns(LineProvider)
