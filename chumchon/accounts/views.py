from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chumchon.accounts import selectors, services
from chumchon.accounts.forms import AccountDeleteForm, ApiKeyForm, MemberAddForm, OrganisationForm, ProfileForm
from chumchon.accounts.middleware import remember_consent
from chumchon.accounts.models import Membership
from chumchon.core.http import AuthenticatedHttpRequest


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(user=user, **form.cleaned_data)
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "memberships": selectors.organisations_of(user), "consents": user.consents.all()[:5]},
    )


@login_required
def data_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    data = selectors.user_personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    filename = f"chumchon-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def account_delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = AccountDeleteForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.user_erase(user=user)
        logout(request)
        messages.success(request, _("Your account and personal data have been deleted."))
        return redirect("core:home")
    return render(request, "accounts/account_delete.html", {"form": form})


@login_required
def organisation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(by=request.user, **form.cleaned_data)
        messages.success(request, _("Organisation created. You are its owner."))
        return redirect("accounts:organisation", pk=organisation.pk)
    return render(request, "accounts/organisation_form.html", {"form": form, "creating": True})


@login_required
def organisation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    organisation = selectors.organisation_for_member(user=user, pk=pk)
    is_owner = organisation.memberships.filter(user=user, role="owner").exists()
    if request.method == "POST" and not is_owner:
        raise Http404
    form = OrganisationForm(request.POST or None, instance=organisation) if is_owner else None
    if request.method == "POST" and form is not None and form.is_valid():
        services.organisation_update(organisation=organisation, by=user, **form.cleaned_data)
        messages.success(request, _("Organisation saved."))
        return redirect("accounts:organisation", pk=pk)
    context = {
        "organisation": organisation,
        "form": form,
        "is_owner": is_owner,
        "members": organisation.memberships.select_related("user").order_by("user__name"),
        "member_form": MemberAddForm() if is_owner else None,
    }
    return render(request, "accounts/organisation_detail.html", context)


@login_required
@require_POST
def member_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    organisation = selectors.organisation_for_member(user=user, pk=pk, owner=True)
    form = MemberAddForm(request.POST)
    if form.is_valid():
        try:
            services.membership_add(organisation=organisation, by=user, **form.cleaned_data)
            messages.success(request, _("Member added."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Enter a valid e-mail address."))
    return redirect("accounts:organisation", pk=pk)


@login_required
@require_POST
def member_remove(request: AuthenticatedHttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    user = request.user
    organisation = selectors.organisation_for_member(user=user, pk=pk, owner=True)
    membership = get_object_or_404(Membership, pk=membership_pk, organisation=organisation)
    try:
        services.membership_remove(membership=membership, by=user)
        messages.success(request, _("Member removed."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("accounts:organisation", pk=pk)


def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/privacy.html")


@login_required
def consent(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The privacy notice has changed since the person last accepted it: read it, accept it, go on."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if request.method == "POST":
        services.consent_record(user=request.user, notice_version=settings.PRIVACY_NOTICE_VERSION)
        remember_consent(request)
        messages.success(request, _("Thank you: you have accepted the new privacy notice."))
        return redirect(next_url or "accounts:profile")
    last = request.user.consents.filter(withdrawn_at__isnull=True).first()
    return render(request, "accounts/consent.html", {"next": next_url, "last": last})


@login_required
def api_keys(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The person's API keys: make one (shown once), see when each was made and used, revoke one."""
    user = request.user
    form = ApiKeyForm(request.POST or None, user=user)
    new_key = ""
    if request.method == "POST" and form.is_valid():
        try:
            _api_key, new_key = services.api_key_create(user=user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            form = ApiKeyForm(user=user)
    response = render(
        request,
        "accounts/api_keys.html",
        {"form": form, "new_key": new_key, "keys": selectors.api_keys_of(user), "now": timezone.now()},
    )
    response["Cache-Control"] = "no-store"  # the page that shows a new key must not be kept by the browser
    return response


@login_required
@require_POST
def api_key_revoke(request: AuthenticatedHttpRequest, prefix: str) -> HttpResponse:
    api_key = get_object_or_404(selectors.api_keys_of(request.user), prefix=prefix)
    services.api_key_revoke(api_key=api_key, by=request.user)
    messages.success(request, _("The key %(prefix)s… no longer works.") % {"prefix": api_key.prefix})
    return redirect("accounts:api_keys")
