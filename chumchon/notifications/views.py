"""A person's notifications and their settings. Thin: the work is in services and selectors."""

from __future__ import annotations

import json
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from chumchon.core.http import AuthenticatedHttpRequest
from chumchon.notifications import line, selectors, services
from chumchon.notifications import notifier as notifiers
from chumchon.notifications.channels import LineChannel
from chumchon.notifications.forms import PreferenceForm

PER_PAGE = 20

logger = logging.getLogger(__name__)


@login_required
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        services.notifications_mark_read(user=user)
        return redirect("notifications:list")
    page = Paginator(selectors.notifications_of(user), PER_PAGE).get_page(request.GET.get("page"))
    language = translation.get_language()
    notices = [
        {
            "notice": notifiers.notifier.describe(notification, language=language, absolute=False),
            "read": notification.read_at is not None,
            "at": notification.created_at,
        }
        for notification in page.object_list
    ]
    return render(request, "notifications/list.html", {"page": page, "notices": notices, "section": "notifications"})


@login_required
def notification_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    linking = line.linking_enabled()
    preference = selectors.preference_of(user)
    form = PreferenceForm(request.POST or None, instance=preference, linking=linking)
    if request.method == "POST" and form.is_valid():
        try:
            services.preference_update(user=user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:settings")
    context = {"form": form, "line_enabled": LineChannel().is_enabled(), "section": "settings", "linking": linking}
    if linking:
        context["line_linked"] = bool(preference.line_user_id)
        context["add_friend_url"] = line.add_friend_url()
        context["add_friend_qr"] = line.qr_svg_data_uri(line.add_friend_url())
        context["official_account"] = line.official_account_id()
        if not preference.line_user_id:
            code = services.line_code_issue(user=user)
            context["line_code"] = code
            context["send_code_url"] = line.send_code_url(code.code)
    return render(request, "notifications/settings.html", context)


@login_required
@require_POST
def line_unlink(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.line_unlink(user=request.user)
    messages.success(request, _("Your LINE is unlinked: Chumchon will not send you LINE messages."))
    return redirect("notifications:settings")


@csrf_exempt
@require_POST
def line_webhook(request: HttpRequest) -> HttpResponse:
    """What LINE posts for the official account, signed with the channel secret. Refused (and
    logged) unless the signature is right; otherwise a few database writes, replies come later."""
    body = request.body
    if not line.signature_valid(body, request.headers.get("X-Line-Signature", "")):
        logger.warning(
            "LINE webhook refused: %s signature from %s",
            "wrong" if request.headers.get("X-Line-Signature") else "missing",
            request.META.get("REMOTE_ADDR", "?"),
        )
        return HttpResponse("Invalid signature", status=403, content_type="text/plain")
    try:
        payload = json.loads(body)
        events = payload.get("events", [])
        if not isinstance(events, list):
            raise ValueError("events is not a list")
    except (ValueError, AttributeError):
        logger.warning("LINE webhook refused: the body is not LINE's JSON")
        return HttpResponse("Bad request", status=400, content_type="text/plain")
    services.line_webhook_handle(events=[event for event in events if isinstance(event, dict)])
    return HttpResponse("OK", content_type="text/plain")
