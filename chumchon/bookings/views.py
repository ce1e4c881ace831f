"""Pages of bookings: booking a date, my bookings, a booking with its payment, the seller's
sessions and booking terms. Thin: the work is in services and selectors."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chumchon.accounts.models import User
from chumchon.bookings import selectors, services
from chumchon.bookings.forms import BookingForm, ReasonForm, SlipForm, TermsForm
from chumchon.bookings.models import Booking, BookingStatus, SlipKind
from chumchon.catalog.selectors import listing_for_viewer
from chumchon.core.http import AuthenticatedHttpRequest
from chumchon.core.promptpay import promptpay_qr_svg
from chumchon.core.storage import private_file_response

PER_PAGE = 20


def _refused(request: AuthenticatedHttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@login_required
def book(request: AuthenticatedHttpRequest, listing_pk: int) -> HttpResponse:
    """The booking form of an experience (also shown on its page); errors are shown on their field."""
    listing = listing_for_viewer(user=request.user, pk=listing_pk)
    sessions = selectors.bookable_sessions(listing)
    form = BookingForm(request.POST or None, sessions=sessions, initial={"session": request.GET.get("session")})
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.booking_create(buyer=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if booking.status == BookingStatus.ACCEPTED:
                messages.success(request, _("Booked! Pay the community by PromptPay and send the slip."))
            else:
                messages.success(request, _("Your request is sent: the community will answer it soon."))
            return redirect(booking)
    context = {
        "listing": listing,
        "form": form,
        "terms": selectors.terms_for(listing),
        "has_sessions": sessions.exists(),
    }
    return render(request, "bookings/book.html", context, status=400 if form.errors else 200)


@login_required
def my_bookings(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(selectors.bookings_of_buyer(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "bookings/my_bookings.html", {"page": page})


def _payment_qr(booking: Booking) -> str:
    if not booking.seller.promptpay_id or booking.amount <= 0:
        return ""
    try:
        return promptpay_qr_svg(
            booking.seller.promptpay_id, booking.amount, title=_("PromptPay QR code"), reference=booking.reference
        )
    except ValidationError:
        return ""


@login_required
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    booking, side = selectors.booking_for(user=request.user, pk=pk)
    context = {
        "booking": booking,
        "side": side,
        "promptpay_svg": _payment_qr(booking) if booking.status == BookingStatus.ACCEPTED else "",
        "terms": selectors.terms_for(booking.listing),
        "slip_form": SlipForm(),
        "reason_form": ReasonForm(),
    }
    return render(request, "bookings/detail.html", context)


def _answer(action: Callable[..., Booking], done: Promise, *, with_reason: bool = False) -> Callable[..., HttpResponse]:
    @login_required
    @require_POST
    def view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
        booking, _side = selectors.booking_for(user=request.user, pk=pk)
        extra = {"reason": ReasonForm(request.POST).data.get("reason", "")} if with_reason else {}
        try:
            action(booking=booking, by=request.user, **extra)
        except ValidationError as exc:
            _refused(request, exc)
        else:
            messages.success(request, str(done))
        return redirect(booking)

    return view


# The answers a booking's page offers; the services check who may give each (someone else: 403).
accept = _answer(services.booking_accept, gettext_lazy("The booking is accepted."))
decline = _answer(services.booking_decline, gettext_lazy("The booking is declined."), with_reason=True)
cancel = _answer(services.booking_cancel, gettext_lazy("The booking is cancelled."), with_reason=True)
confirm_payment = _answer(services.booking_confirm_payment, gettext_lazy("The payment is confirmed."))
complete = _answer(services.booking_complete, gettext_lazy("The booking is completed."))
no_show = _answer(services.booking_mark_no_show, gettext_lazy("The booking is marked as not come."))


@login_required
@require_POST
def upload_slip(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    booking, side = selectors.booking_for(user=request.user, pk=pk)
    if side != selectors.BUYER:
        raise Http404
    form = SlipForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["slip"]
        try:
            services.booking_upload_slip(booking=booking, by=request.user, upload=upload, name=upload.name)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you: the community will check your slip and confirm the payment."))
            return redirect(booking)
    context = {
        "booking": booking,
        "side": side,
        "promptpay_svg": _payment_qr(booking),
        "terms": selectors.terms_for(booking.listing),
        "slip_form": form,
        "reason_form": ReasonForm(),
    }
    return render(request, "bookings/detail.html", context, status=400)


@login_required
def slip(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    """The transfer slip, for the booking's two sides only."""
    booking, _side = selectors.booking_for(user=request.user, pk=pk)
    if not booking.slip:
        raise Http404
    is_image = booking.slip_kind == SlipKind.IMAGE
    return private_file_response(
        booking.slip,
        content_type="image/jpeg" if is_image else "application/pdf",
        as_attachment=not is_image,
        filename=f"slip-{booking.reference}.{'jpg' if is_image else 'pdf'}",
        content_security_policy="sandbox; default-src 'none'; img-src 'self'",
    )


@login_required
def seller_sessions(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The seller's upcoming sessions with who is coming, and their experiences' booking terms."""
    user: User = request.user
    context = {
        "sessions": selectors.upcoming_sessions_of_seller(user),
        "listings": selectors.listings_sold_by(user),
        "requests": selectors.bookings_visible_to(user).filter(status=BookingStatus.REQUESTED).exclude(buyer=user),
    }
    return render(request, "bookings/seller_sessions.html", context)


@login_required
def terms(request: AuthenticatedHttpRequest, listing_pk: int) -> HttpResponse:
    listing = selectors.listing_of_seller(user=request.user, pk=listing_pk)
    form = TermsForm(request.POST or None, instance=selectors.terms_for(listing))
    if request.method == "POST" and form.is_valid():
        try:
            services.booking_terms_set(listing=listing, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The booking terms are saved."))
            return redirect("bookings:sessions")
    return render(request, "bookings/terms.html", {"listing": listing, "form": form})
