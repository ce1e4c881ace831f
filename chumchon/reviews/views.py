"""Pages of reviews: writing one after a booking, a deal or a meeting; a review with the seller's
reply and the report form; all reviews of a listing or a community; the officers' queue."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chumchon.catalog.selectors import listing_for_viewer
from chumchon.core.decorators import officer_required
from chumchon.core.http import AuthenticatedHttpRequest
from chumchon.core.resume import form_data, stashed_form
from chumchon.places.selectors import community_for
from chumchon.reviews import selectors, services
from chumchon.reviews.forms import ModerationForm, ReplyForm, ReportForm, ReviewForm
from chumchon.reviews.models import Review

PER_PAGE = 20


def _write(
    request: AuthenticatedHttpRequest, *, about: str, back: str, existing: Review | None, **transaction: Any
) -> HttpResponse:
    """The review form of one transaction; its review when already written."""
    if existing is not None:
        return redirect(existing)
    form = ReviewForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_create(reviewer=request.user, **form.cleaned_data, **transaction)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you: your review is published."))
            return redirect(review)
    context = {"form": form, "about": about, "back": back}
    return render(request, "reviews/write.html", context, status=400 if request.method == "POST" else 200)


@login_required
def write_for_booking(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    booking = selectors.booking_to_review(user=request.user, pk=pk)
    return _write(
        request,
        about=booking.listing.title,
        back=booking.get_absolute_url(),
        existing=selectors.review_of_booking(booking),
        booking=booking,
    )


@login_required
def write_for_deal(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    deal = selectors.deal_to_review(user=request.user, pk=pk)
    return _write(
        request,
        about=deal.description or deal.seller.name,
        back=deal.get_absolute_url(),
        existing=selectors.review_of_deal(deal),
        deal=deal,
    )


@login_required
def write_for_meeting(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting, other = selectors.meeting_to_review(user=request.user, pk=pk)
    return _write(
        request,
        about=str(other.community or other.organisation),
        back=selectors.meeting_back_url(meeting),
        existing=selectors.review_of_meeting(meeting, other.organisation),
        meeting=meeting,
    )


@login_required
def to_write(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What the person may still review, and the reviews their organisations received."""
    context = {
        "waiting": selectors.waiting_for_review(request.user),
        "received": Paginator(selectors.reviews_received_by(request.user), PER_PAGE).get_page(request.GET.get("page")),
    }
    return render(request, "reviews/to_write.html", context)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_for(user=request.user, pk=pk)
    # After signing in again: the reply or the report she had sent, as she typed it.
    return _detail(
        request,
        review,
        reply_form=stashed_form(request, ReplyForm, action=reverse("reviews:reply", args=[pk])),
        report_form=stashed_form(request, ReportForm, action=reverse("reviews:report", args=[pk])),
    )


def _detail(
    request: HttpRequest,
    review: Review,
    *,
    reply_form: ReplyForm | None = None,
    report_form: ReportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "review": review,
        "is_seller": selectors.is_seller_of(review, request.user),
        "may_moderate": selectors.may_moderate(request.user),
        "reports": selectors.reports_of(review) if selectors.may_moderate(request.user) else [],
        "reply_form": reply_form or ReplyForm(),
        "report_form": report_form or ReportForm(),
        "moderation_form": ModerationForm(),
    }
    return render(request, "reviews/detail.html", context, status=status)


@login_required
@require_POST
def reply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_for_seller(user=request.user, pk=pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.review_reply(review=review, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your reply is published under the review."))
            return redirect(review)
    return _detail(request, review, reply_form=form, status=400)


@login_required
def report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_for(user=request.user, pk=pk)
    if request.method != "POST":
        return redirect(f"{review.get_absolute_url()}#report")
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            services.review_report(review=review, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you: an officer will look at this review."))
            return redirect(review)
    return _detail(request, review, report_form=form, status=400)


def reviews_of_listing(request: HttpRequest, pk: int) -> HttpResponse:
    listing = listing_for_viewer(user=request.user, pk=pk)
    page = Paginator(selectors.reviews_of_listing(listing), PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "listing": listing, "rating": selectors.rating_of_listing(listing)}
    return render(request, "reviews/list.html", context)


def reviews_of_community(request: HttpRequest, slug: str) -> HttpResponse:
    community = community_for(slug)
    page = Paginator(selectors.reviews_of_community(community), PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "community": community, "rating": selectors.rating_of_community(community)}
    return render(request, "reviews/list.html", context)


@officer_required
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(selectors.moderation_queue(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "reviews/queue.html", {"page": page})


@officer_required
@require_POST
def moderate(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ("hide", "restore"):
        raise Http404
    review = selectors.review_for(user=request.user, pk=pk)
    form = ModerationForm(request.POST)
    service = services.review_hide if action == "hide" else services.review_restore
    if form.is_valid():
        try:
            service(review=review, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The review is hidden.") if action == "hide" else _("The review is shown."))
            return redirect("reviews:queue")
    else:
        messages.error(request, _("Give the reason: the reporters and the seller are told it."))
    return redirect(review)
