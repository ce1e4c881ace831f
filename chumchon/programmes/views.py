"""Programme pages for officers (MOUs, meetings, timelines, documents) and for action owners."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
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
from chumchon.core.resume import form_data
from chumchon.core.storage import private_file_response
from chumchon.places.models import CreativeCity
from chumchon.programmes import selectors, services
from chumchon.programmes.forms import ActionItemForm, CityStageForm, MeetingForm, MouForm, ReadinessForm
from chumchon.programmes.models import ActionItem, ReadinessItem, ReadinessStatus


def _saved(request: AuthenticatedHttpRequest, form: forms.Form, write: Callable[[dict[str, Any]], object]) -> bool:
    """Whether a posted, valid form was written by `write` (a service call). A business rule the
    service refuses is shown on the field it concerns, and the form keeps what was typed."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        write(form.cleaned_data)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False
    messages.success(request, _("Saved."))
    return True


def _form_page(request: AuthenticatedHttpRequest, form: forms.Form, title: str, back: str) -> HttpResponse:
    return render(request, "programmes/form.html", {"form": form, "title": title, "back": back})


@officer_required
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    mous = selectors.mous_visible_to(request.user)
    today = timezone.localdate()
    return render(
        request,
        "programmes/overview.html",
        {
            "mous": mous,
            "reviews": selectors.next_reviews(mous, today),
            "cities": selectors.city_paths(today),
            "overdue": ActionItem.objects.overdue().select_related("owner", "meeting", "city"),
            "today": today,
        },
    )


@officer_required
def mou_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = MouForm(form_data(request), request.FILES or None, initial={"coordinator": request.user})
    if _saved(request, form, lambda data: services.mou_create(by=request.user, **data)):
        return redirect("programmes:overview")
    return _form_page(request, form, _("New MOU"), reverse("programmes:overview"))


@officer_required
def mou_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mou = selectors.mou_for(request.user, pk)
    initial = {
        "title": mou.title,
        "parties": mou.parties,
        "signed_on": mou.signed_on,
        "duration_years": mou.duration_years,
        "cities": list(mou.cities.all()),
        "coordinator": mou.coordinator,
    }
    form = MouForm(form_data(request), request.FILES or None, initial=initial)
    if _saved(request, form, lambda data: services.mou_update(mou=mou, by=request.user, **data)):
        return redirect("programmes:overview")
    return _form_page(request, form, _("Edit MOU: %(title)s") % {"title": mou.title}, reverse("programmes:overview"))


@officer_required
def meeting(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return render(
        request,
        "programmes/meeting.html",
        {"meeting": selectors.meeting_detail(request.user, pk), "today": timezone.localdate()},
    )


@officer_required
def meeting_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mou = selectors.mou_for(request.user, pk)
    review = mou.next_review()
    initial: dict[str, Any] = {"held_on": timezone.localdate(), "title": mou.title}
    if review is not None:
        initial["review_number"] = review.number
        initial["title"] = _("Yearly review %(number)s: %(title)s") % {"number": review.number, "title": mou.title}
    form = MeetingForm(form_data(request), initial=initial, years=mou.duration_years)
    created: list[Any] = []
    if _saved(
        request, form, lambda data: created.append(services.review_meeting_create(by=request.user, mou=mou, **data))
    ):
        return redirect(created[0])
    return _form_page(
        request, form, _("Record a meeting: %(title)s") % {"title": mou.title}, reverse("programmes:overview")
    )


@officer_required
def meeting_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_detail(request.user, pk)
    initial = {
        "review_number": meeting.review_number,
        "held_on": meeting.held_on,
        "title": meeting.title,
        "attendees": meeting.attendees,
        "minutes": meeting.minutes,
        "decisions": meeting.decisions,
    }
    form = MeetingForm(form_data(request), initial=initial, years=meeting.mou.duration_years)
    if _saved(request, form, lambda data: services.review_meeting_update(meeting=meeting, by=request.user, **data)):
        return redirect(meeting)
    return _form_page(
        request, form, _("Edit meeting: %(title)s") % {"title": meeting.title}, meeting.get_absolute_url()
    )


@officer_required
def action_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_detail(request.user, pk)
    form = ActionItemForm(form_data(request), request.FILES or None)
    del form.fields["status"], form.fields["evidence"]  # a new item is open, with nothing to show yet

    if _saved(request, form, lambda data: services.action_item_create(by=request.user, meeting=meeting, **data)):
        return redirect(meeting)
    return _form_page(
        request, form, _("New action item: %(title)s") % {"title": meeting.title}, meeting.get_absolute_url()
    )


@officer_required
def action_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = selectors.action_item_for(request.user, pk)
    initial = {
        "title": item.title,
        "owner": item.owner,
        "due_on": item.due_on,
        "city": item.city,
        "status": item.status,
    }
    form = ActionItemForm(form_data(request), request.FILES or None, initial=initial)
    if _saved(request, form, lambda data: services.action_item_update(item=item, by=request.user, **data)):
        return redirect(item.meeting)
    return _form_page(
        request, form, _("Edit action item: %(title)s") % {"title": item.title}, item.meeting.get_absolute_url()
    )


@login_required
def action_evidence(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    item = selectors.action_item_for(request.user, pk)
    if not item.evidence:
        raise Http404
    return private_file_response(item.evidence, content_type="application/pdf")


@officer_required
def city_timeline(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    city = get_object_or_404(CreativeCity.objects.prefetch_related("status_changes"), slug=slug)
    return render(
        request,
        "programmes/timeline.html",
        {
            "city": city,
            "path": selectors.city_path(city),
            "entries": selectors.city_timeline(city),
            "readiness": city.readiness_items.select_related("owner"),
            "readiness_statuses": ReadinessStatus.choices,
        },
    )


@officer_required
def city_stage_new(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    city = get_object_or_404(CreativeCity, slug=slug)
    form = CityStageForm(
        form_data(request),
        initial={"on": timezone.localdate(), "target_fiscal_year": city.target_fiscal_year, "field": city.field},
    )
    if _saved(request, form, lambda data: services.city_stage_record(by=request.user, city=city, **data)):
        return redirect("programmes:timeline", slug=city.slug)
    back = reverse("programmes:timeline", kwargs={"slug": city.slug})
    return _form_page(request, form, _("Record a step: %(city)s") % {"city": city.name}, back)


@officer_required
def readiness_new(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    city = get_object_or_404(CreativeCity, slug=slug)
    form = ReadinessForm(form_data(request), request.FILES or None)
    if _saved(request, form, lambda data: services.readiness_item_create(by=request.user, city=city, **data)):
        return redirect("programmes:timeline", slug=city.slug)
    back = reverse("programmes:timeline", kwargs={"slug": city.slug})
    return _form_page(request, form, _("New readiness criterion: %(city)s") % {"city": city.name}, back)


@officer_required
def readiness_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(selectors.readiness_items_visible_to(request.user), pk=pk)
    initial = {"criterion": item.criterion, "owner": item.owner, "status": item.status}
    form = ReadinessForm(form_data(request), request.FILES or None, initial=initial)
    if _saved(request, form, lambda data: services.readiness_item_update(item=item, by=request.user, **data)):
        return redirect("programmes:timeline", slug=item.city.slug)
    back = reverse("programmes:timeline", kwargs={"slug": item.city.slug})
    return _form_page(request, form, _("Edit criterion: %(criterion)s") % {"criterion": item.criterion}, back)


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
    mou = selectors.mou_for(request.user, pk)
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
        services.action_item_mark_done(item=item, by=request.user, evidence=request.FILES.get("evidence"))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Marked done: %(title)s") % {"title": item.title})
    return redirect(safe_next_url(request, request.POST.get("next"), reverse("programmes:mine")))
