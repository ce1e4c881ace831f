"""Programme pages for officers (MOUs, meetings, timelines, documents) and for action owners."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chumchon.core.decorators import officer_required
from chumchon.core.http import AuthenticatedHttpRequest
from chumchon.core.redirects import safe_next_url
from chumchon.core.storage import private_file_response
from chumchon.places.models import CreativeCity
from chumchon.programmes import selectors, services
from chumchon.programmes.models import ActionItem, Mou, ReadinessItem, ReadinessStatus


@officer_required
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "programmes/overview.html",
        {
            "mous": selectors.mous_visible_to(request.user),
            "cities": CreativeCity.objects.all(),
            "overdue": ActionItem.objects.overdue().select_related("owner", "meeting", "city"),
            "today": timezone.localdate(),
        },
    )


@officer_required
def meeting(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return render(
        request,
        "programmes/meeting.html",
        {"meeting": selectors.meeting_detail(request.user, pk), "today": timezone.localdate()},
    )


@officer_required
def city_timeline(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    city = get_object_or_404(CreativeCity, slug=slug)
    return render(
        request,
        "programmes/timeline.html",
        {
            "city": city,
            "entries": selectors.city_timeline(city),
            "readiness": city.readiness_items.select_related("owner"),
            "readiness_statuses": ReadinessStatus.choices,
        },
    )


@officer_required
@require_POST
def readiness_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(ReadinessItem.objects.select_related("city"), pk=pk)
    try:
        services.readiness_item_update(
            item=item,
            by=request.user,
            status=request.POST.get("status") or None,
            evidence=request.FILES.get("evidence"),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Saved."))
    return redirect("programmes:timeline", slug=item.city.slug)


@officer_required
def readiness_evidence(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    item = get_object_or_404(ReadinessItem, pk=pk)
    if not item.evidence:
        raise Http404
    return private_file_response(item.evidence, content_type="application/pdf")


@officer_required
def mou_document(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    mou = get_object_or_404(Mou, pk=pk)
    if not mou.document:
        raise Http404
    return private_file_response(mou.document, content_type="application/pdf")


@login_required
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    # Officers see every item on the overview; this page is the person's own, officers included.
    items = selectors.action_items_visible_to(request.user).filter(owner=request.user.pk)
    return render(request, "programmes/mine.html", {"items": items, "today": timezone.localdate()})


@login_required
@require_POST
def action_done(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = selectors.action_item_for(request.user, pk)
    try:
        services.action_item_mark_done(item=item, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Marked done: %(title)s") % {"title": item.title})
    return redirect(safe_next_url(request, request.POST.get("next"), reverse("programmes:mine")))
