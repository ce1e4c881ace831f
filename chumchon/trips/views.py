"""Pages of favourites and trips: the heart button (a form; htmx swaps it in place), the Saved
page, trips with their days and order, and sending a trip to its communities."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chumchon.catalog.selectors import listing_for_viewer
from chumchon.core.http import AuthenticatedHttpRequest
from chumchon.core.redirects import safe_next_url
from chumchon.trips import selectors, services
from chumchon.trips.forms import AddToTripForm, TripForm
from chumchon.trips.models import MAX_DAYS, Trip


def _refused(request: AuthenticatedHttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@login_required
@require_POST
def toggle_saved(request: AuthenticatedHttpRequest, listing_pk: int) -> HttpResponse:
    """The heart: save or unsave. With htmx the button is swapped in place; without, back to the page."""
    listing = listing_for_viewer(user=request.user, pk=listing_pk)
    saved = services.listing_toggle_saved(user=request.user, listing=listing)
    if request.headers.get("HX-Request"):
        saved_ids = {listing.pk} if saved else set()
        return render(request, "trips/includes/heart.html", {"listing": listing, "saved_ids": saved_ids})
    messages.success(request, _("Saved.") if saved else _("Removed from your saved listings."))
    return redirect(safe_next_url(request, request.POST.get("next"), listing.get_absolute_url()))


@login_required
def saved(request: AuthenticatedHttpRequest) -> HttpResponse:
    listings = list(selectors.saved_listings_of(request.user))
    context = {
        "listings": listings,
        "saved_ids": {listing.pk for listing in listings},
        "trips": list(selectors.draft_trips_of(request.user)),
        "days": range(1, MAX_DAYS + 1),
    }
    return render(request, "trips/saved.html", context)


@login_required
def trips(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TripForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            trip = services.trip_create(buyer=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The trip is created: add stops from your saved listings."))
            return redirect(trip)
    context = {"trips": selectors.trips_of(request.user), "form": form}
    return render(request, "trips/trips.html", context, status=400 if form.errors else 200)


def _trip_page(request: AuthenticatedHttpRequest, trip: Trip, *, form: TripForm | None = None) -> HttpResponse:
    items = selectors.items_of(trip)
    context = {
        "trip": trip,
        "days": selectors.days_of(items),
        "items": items,
        "form": form or TripForm(instance=trip),
        "parts": selectors.parts_of(trip) if not trip.is_draft else [],
        "communities": len({item.listing.community_id for item in items}),
        "day_choices": range(1, MAX_DAYS + 1),
    }
    return render(request, "trips/detail.html", context, status=400 if form is not None and form.errors else 200)


@login_required
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _trip_page(request, selectors.trip_for(user=request.user, pk=pk))


@login_required
@require_POST
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    trip = selectors.trip_for(user=request.user, pk=pk)
    form = TripForm(request.POST, instance=Trip.objects.get(pk=trip.pk))
    if form.is_valid():
        try:
            services.trip_update(trip=trip, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The trip is saved."))
            return redirect(trip)
    return _trip_page(request, trip, form=form)


@login_required
@require_POST
def add(request: AuthenticatedHttpRequest, listing_pk: int) -> HttpResponse:
    """Add a saved listing to a trip (an existing draft, or a new one named here)."""
    listing = listing_for_viewer(user=request.user, pk=listing_pk)
    form = AddToTripForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a trip and a day."))
        return redirect("trips:saved")
    try:
        if form.cleaned_data["trip"]:
            trip = selectors.trip_for(user=request.user, pk=form.cleaned_data["trip"])
        else:
            trip = services.trip_create(
                buyer=request.user, title=form.cleaned_data["new_title"] or _("My trip"), group_size=1
            )
        services.trip_add(trip=trip, by=request.user, listing=listing, day=form.cleaned_data["day"])
    except ValidationError as exc:
        _refused(request, exc)
        return redirect("trips:saved")
    messages.success(request, _("Added to %(trip)s.") % {"trip": trip.title})
    return redirect(trip)


@login_required
@require_POST
def arrange(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Days and order of every stop, from one form (`day-<id>`, `position-<id>`)."""
    trip = selectors.trip_for(user=request.user, pk=pk)
    plan: dict[int, tuple[int, int]] = {}
    for item in trip.items.all():
        try:
            day = int(request.POST.get(f"day-{item.pk}", item.day))
            position = int(request.POST.get(f"position-{item.pk}", item.position))
        except ValueError:
            messages.error(request, _("Days and order are numbers."))
            return redirect(trip)
        plan[item.pk] = (day, position)
    try:
        services.trip_arrange(trip=trip, by=request.user, plan=plan)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The days and order are saved."))
    return redirect(trip)


@login_required
@require_POST
def remove(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    trip = selectors.trip_for(user=request.user, pk=pk)
    try:
        services.trip_remove(trip=trip, by=request.user, item_id=item_pk)
    except ValidationError as exc:
        _refused(request, exc)
    return redirect(trip)


@login_required
@require_POST
def send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    trip = selectors.trip_for(user=request.user, pk=pk)
    try:
        parts = services.trip_send(trip=trip, by=request.user)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            _("Sent: %(n)d communities will each quote for their part. Their answers appear here.") % {"n": len(parts)},
        )
    return redirect(trip)


@login_required
@require_POST
def delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    trip = selectors.trip_for(user=request.user, pk=pk)
    services.trip_delete(trip=trip, by=request.user)
    messages.success(request, _("The trip is deleted."))
    return redirect("trips:list")
