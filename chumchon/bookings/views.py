"""Pages of bookings: booking a date, my bookings, a booking with its payments (QR, slip, receipt,
.ics), the seller's calendar, booking terms and daily visitor limit. Thin: the work is in services
and selectors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chumchon.accounts.models import User
from chumchon.bookings import selectors, services
from chumchon.bookings.forms import BookingForm, CapacityForm, ReasonForm, SlipForm, TermsForm
from chumchon.bookings.ics import booking_ics
from chumchon.bookings.models import Booking, BookingPayment, BookingStatus, PaymentPart, SlipKind
from chumchon.catalog.selectors import listing_for_viewer
from chumchon.core.http import AuthenticatedHttpRequest
from chumchon.core.pdf import PdfUnavailable
from chumchon.core.promptpay import promptpay_qr_svg
from chumchon.core.resume import form_data, resume_after_sign_in, resume_forget, resume_url
from chumchon.core.storage import private_file_response

PER_PAGE = 20
#: How long the booking page a visitor was sent to sign in from waits for her (sign-up included).
CHOICE_KEPT_FOR = dt.timedelta(days=1)


def _refused(request: AuthenticatedHttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def _resumed_after_sign_up(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A visitor sent to sign in from the booking page comes back to it, with the date and people
    chosen on the experience's page in its address, also when she signs up: the e-mail
    confirmation link forgets `next` (core.resume). Once she is back, the page is forgotten."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        here = request.get_full_path()
        if request.method == "GET" and not request.user.is_authenticated:
            resume_after_sign_in(request.session, url=here, until=timezone.now() + CHOICE_KEPT_FOR)
        elif request.user.is_authenticated and resume_url(request.session) == here:
            resume_forget(request.session)
        return view(request, *args, **kwargs)

    return wrapped


@_resumed_after_sign_up
@login_required
def book(request: AuthenticatedHttpRequest, listing_pk: int) -> HttpResponse:
    """The booking form of an experience (also shown on its page); errors are shown on their field.
    A visitor's short form on the experience's page sends her choice here in the address (`people`
    with `session`): the form is filled in with it and checked, for her to confirm."""
    listing = listing_for_viewer(user=request.user, pk=listing_pk)
    sessions = selectors.bookable_sessions(listing)
    data = form_data(request)
    chosen = data is None and request.method == "GET" and "people" in request.GET
    form = BookingForm(
        request.GET if chosen else data, sessions=sessions, initial={"session": request.GET.get("session")}
    )
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
        "chosen": chosen,
    }
    return render(request, "bookings/book.html", context, status=400 if request.method == "POST" else 200)


@login_required
def my_bookings(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(selectors.bookings_of_buyer(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "bookings/my_bookings.html", {"page": page})


def _payment_qr(booking: Booking, part: str | None) -> str:
    """The PromptPay QR of the payment due: its amount and its own reference (deposit, balance)."""
    if part is None or not booking.seller.promptpay_id:
        return ""
    try:
        return promptpay_qr_svg(
            booking.seller.promptpay_id,
            selectors.part_amount(booking, part),
            title=_("PromptPay QR code"),
            reference=selectors.part_reference(booking, part),
        )
    except (ValidationError, ValueError):
        return ""


def _detail_context(booking: Booking, side: str, *, slip_form: SlipForm | None = None) -> dict[str, object]:
    part = selectors.part_due(booking)
    payments = selectors.payments_of(booking)
    return {
        "booking": booking,
        "side": side,
        "part_due": part,
        "part_due_label": PaymentPart(part).label if part else "",
        "amount_due": selectors.part_amount(booking, part) if part else None,
        "reference_due": selectors.part_reference(booking, part) if part else "",
        "payment_due": next((payment for payment in payments if payment.part == part), None),
        "payments": payments,
        "promptpay_svg": _payment_qr(booking, part),
        "terms": selectors.terms_for(booking.listing),
        "slip_form": slip_form or SlipForm(),
        "reason_form": ReasonForm(),
    }


@login_required
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    booking, side = selectors.booking_for(user=request.user, pk=pk)
    return render(request, "bookings/detail.html", _detail_context(booking, side))


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
    return render(request, "bookings/detail.html", _detail_context(booking, side, slip_form=form), status=400)


@login_required
def slip(request: AuthenticatedHttpRequest, pk: int, payment_pk: int) -> HttpResponseBase:
    """A payment's transfer slip, for the booking's two sides only."""
    payment: BookingPayment = selectors.payment_for(user=request.user, pk=pk, payment_pk=payment_pk)
    if not payment.slip:
        raise Http404
    is_image = payment.slip_kind == SlipKind.IMAGE
    return private_file_response(
        payment.slip,
        content_type="image/jpeg" if is_image else "application/pdf",
        as_attachment=not is_image,
        filename=f"slip-{payment.reference}.{'jpg' if is_image else 'pdf'}",
        content_security_policy="sandbox; default-src 'none'; img-src 'self'",
    )


@login_required
def receipt(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The community's receipt (PDF, Thai and English) once the payment is confirmed: for the two
    sides only; before that, or for anyone else, a 404."""
    from chumchon.bookings.receipt import receipt_number, render_receipt

    booking, _side = selectors.booking_for(user=request.user, pk=pk)
    if booking.paid_at is None:
        raise Http404
    try:
        pdf = render_receipt(booking)
    except PdfUnavailable:
        return HttpResponse(_("Receipts need the Pango library on the server."), status=503, content_type="text/plain")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{receipt_number(booking)}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def calendar_file(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The booking as an .ics event for the phone's calendar (the two sides only)."""
    booking, _side = selectors.booking_for(user=request.user, pk=pk)
    text = booking_ics(booking, url=request.build_absolute_uri(booking.get_absolute_url()))
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="booking-{booking.reference}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def seller_sessions(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The seller's calendar: upcoming sessions by day with who is coming and the day's capacity
    use, requests to answer, the experiences' booking terms and the communities' daily limits."""
    user: User = request.user
    context = {
        "days": selectors.seller_calendar(user),
        "communities": selectors.communities_sold_for(user),
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


@login_required
def capacity(request: AuthenticatedHttpRequest, community_pk: int) -> HttpResponse:
    """The community's seller sets the most visitors it hosts a day."""
    community = selectors.community_of_seller(user=request.user, pk=community_pk)
    form = CapacityForm(request.POST or None, initial={"daily_visitor_limit": community.daily_visitor_limit})
    if request.method == "POST" and form.is_valid():
        try:
            services.community_capacity_set(
                community=community, by=request.user, limit=form.cleaned_data["daily_visitor_limit"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The daily visitor limit is saved."))
            return redirect("bookings:sessions")
    return render(request, "bookings/capacity.html", {"community": community, "form": form})
