from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chumchon.accounts.models import Membership, Organisation
from chumchon.core.decorators import officer_required
from chumchon.core.http import AuthenticatedHttpRequest
from chumchon.core.resume import form_data, stashed_form
from chumchon.core.text import thai_sorted
from chumchon.places import invitations, selectors, services
from chumchon.places.filters import CommunityFilterSet
from chumchon.places.forms import ClaimForm, ClaimRejectForm, InvitationAcceptForm, ProposalForm
from chumchon.places.models import Area, ClaimKind, Community, CommunityClaim, District, Province

COMMUNITIES_PER_PAGE = 24
COMMUNITY_LISTINGS = 8


def _page(request: HttpRequest, communities: QuerySet[Community]) -> Page[Community]:
    """A page of communities in Thai alphabetical order of their name (not in code-point order,
    which puts every name with a leading vowel last): the names are sorted, one page is loaded."""
    field = "name_en" if translation.get_language() == "en" else "name_th"
    names = list(communities.values_list("pk", field, "name_th"))
    order = [pk for pk, name, name_th in thai_sorted(names, key=lambda row: row[1] or row[2])]
    page = Paginator(order, COMMUNITIES_PER_PAGE).get_page(request.GET.get("page"))
    found = communities.in_bulk(list(page.object_list))
    page.object_list = [found[pk] for pk in page.object_list if pk in found]
    return page


def browse(request: HttpRequest) -> HttpResponse:
    """Every community, or those of a province, district or area (the API's parameters)."""
    filters = CommunityFilterSet(request.GET, queryset=selectors.communities_for_browse())
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "provinces": thai_sorted(selectors.provinces_with_communities(), key=lambda place: place.name),
        "areas": thai_sorted(Area.objects.all(), key=lambda area: area.name),
        "filters": filters,
        "errors": filters.error_messages,
        "query_string": query.urlencode(),
        "page": _page(request, filters.qs),
    }
    return render(request, "places/browse.html", context, status=400 if filters.errors else 200)


def province_detail(request: HttpRequest, province: str) -> HttpResponse:
    place = get_object_or_404(Province, slug=province)
    context = {
        "province": place,
        "districts": thai_sorted(selectors.districts_with_counts(place), key=lambda item: item.name),
        "page": _page(request, selectors.communities_for_browse(province=place)),
    }
    return render(request, "places/province.html", context)


def district_detail(request: HttpRequest, province: str, district: str) -> HttpResponse:
    place = get_object_or_404(District.objects.select_related("province"), province__slug=province, slug=district)
    context = {
        "province": place.province,
        "district": place,
        "page": _page(request, selectors.communities_for_browse(district=place)),
    }
    return render(request, "places/district.html", context)


def community_detail(request: HttpRequest, slug: str) -> HttpResponse:
    from chumchon.catalog.selectors import published_listings

    community = selectors.community_for(slug)
    listings = list(published_listings().filter(community=community)[: COMMUNITY_LISTINGS + 1])
    context = {
        "community": community,
        "listings": listings[:COMMUNITY_LISTINGS],
        "listings_more": len(listings) > COMMUNITY_LISTINGS,
        # Its sellers change its daily visitor limit from here (the bookings app's form).
        "is_community_seller": request.user.is_authenticated
        and community.organisation_id is not None
        and Membership.objects.filter(user=request.user, organisation_id=community.organisation_id).exists(),
    }
    return render(request, "places/community.html", context)


def creative_cities(request: HttpRequest) -> HttpResponse:
    return render(request, "places/creative_cities.html", {"cities": selectors.creative_cities()})


# --- A seller's community: claim one or propose a new one ---------------------------------------

CLAIMS_PER_PAGE = 20


def _organisations(request: AuthenticatedHttpRequest) -> QuerySet[Organisation]:
    return Organisation.objects.filter(memberships__user=request.user).order_by("name")


@login_required
def join(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Find her community to claim it, see what she asked and what the officers said."""
    query = request.GET.get("q", "").strip()[:100]
    organisations = _organisations(request)
    context = {
        "query": query,
        "results": _with_claim_forms(request, selectors.communities_to_claim(query) if query else [], organisations),
        "claims": selectors.claims_of(request.user)[:20],
        "organisations": organisations,
    }
    return render(request, "places/join.html", context)


def _with_claim_forms(
    request: AuthenticatedHttpRequest, communities: Iterable[Community], organisations: QuerySet[Organisation]
) -> list[Community]:
    """Each community's claim form, its fields with ids of their own (the page lists several); after
    signing in again, the claim she had sent, as she typed it, on its community's form."""
    found = list(communities)
    for community in found:
        action = reverse("places:claim", args=[community.pk])
        ids = f"id_claim{community.pk}_%s"
        typed = stashed_form(request, ClaimForm, action=action, organisations=organisations, auto_id=ids)
        community.claim_form = typed or ClaimForm(organisations=organisations, auto_id=ids)  # type: ignore[attr-defined]
    return found


@login_required
@require_POST
def claim(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    community = get_object_or_404(Community.objects.published(), pk=pk)
    form = ClaimForm(request.POST, organisations=_organisations(request))
    if form.is_valid():
        try:
            services.community_claim_create(
                by=request.user,
                organisation=form.cleaned_data["organisation"],
                kind=ClaimKind.CLAIM,
                community=community,
                message=form.cleaned_data["message"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Sent. An officer will decide soon; you will be told."))
    else:
        messages.error(request, _("Choose your organisation first."))
    return redirect("places:join")


@login_required
def propose(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisations = _organisations(request)
    form = ProposalForm(form_data(request), request.FILES or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            services.community_claim_create(by=request.user, kind=ClaimKind.PROPOSAL, **form.service_fields())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Sent. An officer will decide soon; you will be told."))
            return redirect("places:join")
    return render(request, "places/propose.html", {"form": form, "organisations": organisations})


@login_required
def subdistrict_options(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The `<option>`s of the subdistrict type-ahead (htmx swaps them into the datalist)."""
    query = request.GET.get("subdistrict_label", request.GET.get("q", ""))[:100]
    return render(
        request, "places/includes/subdistrict_options.html", {"options": selectors.subdistrict_suggestions(query)}
    )


@officer_required
def claim_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(selectors.claim_queue(), CLAIMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "places/claim_queue.html", {"page": page, "reject_form": ClaimRejectForm()})


@officer_required
@require_POST
def claim_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    pending = get_object_or_404(CommunityClaim, pk=pk)
    try:
        if request.POST.get("action") == "approve":
            services.community_claim_approve(claim=pending, by=request.user)
            messages.success(request, _("Approved. The seller is told."))
        else:
            form = ClaimRejectForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Tell the seller why, so that they can fix it."))
            services.community_claim_reject(claim=pending, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("Rejected. The seller sees your reason."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("places:claim_queue")


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link of an invitation e-mail: sign up or in, then take the community over."""
    try:
        invite = invitations.invitation_from_token(token)
    except invitations.InvitationRefused as exc:
        return render(request, "places/invitation.html", {"refused": str(exc)}, status=410)
    context: dict[str, Any] = {"invitation": invite, "community": invite.community}
    if not request.user.is_authenticated:
        return render(request, "places/invitation.html", context)
    organisations = Organisation.objects.filter(memberships__user=request.user).order_by("name")
    form = InvitationAcceptForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            community = invitations.invitation_accept(
                invitation=invite,
                by=request.user,
                organisation=form.cleaned_data.get("organisation"),
                new_name=form.cleaned_data.get("new_name", ""),
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Your organisation now runs %(community)s.") % {"community": community.name})
            return redirect(community)
    context["form"] = form
    return render(request, "places/invitation.html", context)
