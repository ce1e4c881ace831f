"""View decorators shared by the apps."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

Response = TypeVar("Response", bound=HttpResponseBase)


def officer_lacks_two_factor(request: HttpRequest) -> bool:
    """An officer (staff) who has not set up two-factor authentication yet (allauth.mfa: an
    authenticator app), while the site requires it of officers (OFFICER_MFA_REQUIRED)."""
    user = request.user
    if not (user.is_authenticated and user.is_staff and getattr(settings, "OFFICER_MFA_REQUIRED", True)):
        return False
    from allauth.mfa.models import Authenticator

    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def two_factor_setup_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """To the page that sets up an authenticator app, with a word of why, then back here."""
    messages.warning(
        request,
        _(
            "Officer pages need two-factor authentication. Set up an authenticator app on your phone "
            "(scan the code, type the 6 digits it shows), then keep your recovery codes somewhere safe."
        ),
    )
    return HttpResponseRedirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}")


def officer_required(view: Callable[..., Response]) -> Callable[..., Response]:
    """Agency officers (staff) only: visitors are sent to sign in, everyone else gets a 404, and an
    officer without two-factor authentication is sent to set it up first."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Response:
        if not request.user.is_staff:
            raise Http404
        if officer_lacks_two_factor(request):
            return cast(Response, two_factor_setup_redirect(request))
        return view(request, *args, **kwargs)

    return wrapper
