from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chumchon.accounts import selectors, services
from chumchon.accounts.forms import AccountDeleteForm, MemberAddForm, OrganisationForm, ProfileForm
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
def api_token(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Create, replace or revoke the token that partner systems and scripts use for the API."""
    from rest_framework.authtoken.models import Token

    user = request.user
    new_key = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.api_token_revoke(user=user)
            messages.success(request, _("Your API token no longer works."))
            return redirect("accounts:api_token")
        new_key = services.api_token_regenerate(user=user)
    context = {"has_token": Token.objects.filter(user=user).exists(), "new_key": new_key}
    return render(request, "accounts/api_token.html", context)
