"""A person's notifications and their settings. Thin: the work is in services and selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from chumchon.core.http import AuthenticatedHttpRequest
from chumchon.notifications import notifier as notifiers
from chumchon.notifications import selectors, services
from chumchon.notifications.channels import LineChannel
from chumchon.notifications.forms import PreferenceForm

PER_PAGE = 20


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
    form = PreferenceForm(request.POST or None, instance=selectors.preference_of(user))
    if request.method == "POST" and form.is_valid():
        try:
            services.preference_update(user=user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:settings")
    return render(
        request,
        "notifications/settings.html",
        {"form": form, "line_enabled": LineChannel().is_enabled(), "section": "settings"},
    )
