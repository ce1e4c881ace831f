from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chumchon.catalog import cached, selectors, services, sorting
from chumchon.catalog.filters import ListingFilters
from chumchon.catalog.forms import ListingForm, ListingStartForm, PhotoForm, RejectForm, SessionForm, StopFormSet
from chumchon.catalog.models import Kind, Listing, Status
from chumchon.core.decorators import officer_required
from chumchon.core.http import AuthenticatedHttpRequest
from chumchon.core.pagination import CappedPaginator
from chumchon.core.resume import form_data, stashed_form

LISTINGS_PER_PAGE = 24


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- Buyers ------------------------------------------------------------------------------------


def browse(request: HttpRequest) -> HttpResponse:
    filters = ListingFilters.from_params(request.GET)
    sort = sorting.parse_browse_sort(request.GET.get("sort"))
    listings = sorting.order_listings(filters.apply(selectors.card_listings()), sort=sort)
    # Deep pages are not served (an OFFSET walks every row before the page): past the last page
    # served the page asks to narrow the list with the filters. docs/search.md, "Browse pages".
    page = CappedPaginator(listings, LISTINGS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "query_string": query.urlencode(),
        "sort": sort,
        "sorts": list(sorting.BROWSE_SORTS.items()),
        # The sort form keeps the filters (and starts again at page 1).
        "kept_params": [(name, value) for name in query if name != "sort" for value in query.getlist(name)[:1]],
        "category_tree": cached.category_tree(),
        "themes": cached.themes(),
        "kinds": Kind.choices,
    }
    return render(request, "catalog/browse.html", context, status=400 if filters.errors else 200)


def listing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    listing = selectors.listing_for_viewer(user=request.user, pk=pk)
    return render(request, "catalog/listing_detail.html", selectors.listing_page_context(listing))


def listing_factsheet(request: HttpRequest, pk: int) -> HttpResponse:
    from chumchon.catalog.factsheet import FactSheetUnavailable, render_factsheet

    listing = selectors.listing_for_viewer(user=request.user, pk=pk)
    try:
        pdf = render_factsheet(listing, request=request)
    except FactSheetUnavailable as exc:
        return render(
            request, "catalog/factsheet_unavailable.html", {"listing": listing, "reason": str(exc)}, status=503
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="chumchon-{listing.pk}.pdf"'
    return response


# --- Sellers -----------------------------------------------------------------------------------


@login_required
def my_listings(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "listings": selectors.listings_of_seller(user),
        "communities": selectors.communities_run_by(user),
    }
    return render(request, "catalog/seller/my_listings.html", context)


@login_required
def listing_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    communities = selectors.communities_run_by(user)
    start = ListingStartForm(request.GET or None, communities=communities)
    if not start.is_valid():
        return render(request, "catalog/seller/listing_start.html", {"start": start, "communities": communities})
    kind, community = start.cleaned_data["kind"], start.cleaned_data["community"]
    form = ListingForm(form_data(request), kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            listing = services.listing_create(community=community, kind=kind, by=user, **form.service_fields())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Draft saved. Add photos, then send it for approval."))
            return redirect("catalog:edit", pk=listing.pk)
    return render(request, "catalog/seller/listing_form.html", {"form": form, "kind": kind, "community": community})


@login_required
def listing_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    listing = selectors.listing_for_editor(user=request.user, pk=pk)
    form = ListingForm(form_data(request), instance=listing, kind=listing.kind)
    if request.method == "POST" and form.is_valid():
        was_published = listing.status == Status.PUBLISHED
        try:
            services.listing_update(listing=listing, by=request.user, **form.service_fields())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if was_published and listing.status == Status.PENDING:
                messages.info(
                    request, _("Saved. Because the description changed, the listing waits for approval again.")
                )
            else:
                messages.success(request, _("Saved."))
            return redirect("catalog:edit", pk=listing.pk)
    return _edit_page(request, listing, form=form)


def _edit_page(
    request: AuthenticatedHttpRequest,
    listing: Listing,
    *,
    form: ListingForm | None = None,
    session_form: SessionForm | None = None,
) -> HttpResponse:
    if request.method == "GET" and session_form is None:  # after signing in again: as she typed it
        session_form = stashed_form(request, SessionForm, action=reverse("catalog:session_add", args=[listing.pk]))
    context = {
        "listing": listing,
        "form": form or ListingForm(instance=listing, kind=listing.kind),
        "photo_form": PhotoForm(),
        "session_form": session_form or SessionForm(),
        "photos": listing.photos.order_by("position", "id"),
        "sessions": listing.sessions.all(),
        "stops": listing.stops.select_related("community", "listing__community"),
    }
    return render(request, "catalog/seller/listing_edit.html", context)


@login_required
@require_POST
def listing_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    listing = selectors.listing_for_editor(user=request.user, pk=pk)
    try:
        services.listing_submit(listing=listing, by=request.user)
        messages.success(request, _("Sent for approval. An officer will review it soon."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("catalog:edit", pk=pk)


@login_required
@require_POST
def listing_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    listing = selectors.listing_for_editor(user=request.user, pk=pk)
    services.listing_delete(listing=listing, by=request.user)
    messages.success(request, _("Listing deleted."))
    return redirect("catalog:mine")


@login_required
@require_POST
def photo_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    listing = selectors.listing_for_editor(user=request.user, pk=pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.photo_add(listing=listing, upload=form.cleaned_data["photo"], alt_th=form.cleaned_data["alt_th"])
            messages.success(request, _("Photo added."))
        except ValidationError as exc:
            _errors(request, exc)
    else:
        for error in form.errors.get("photo", []):
            messages.error(request, str(error))
    return redirect(f"{listing.get_edit_url()}#photos")


@login_required
@require_POST
def photo_action(request: AuthenticatedHttpRequest, pk: int, photo_pk: int, action: str) -> HttpResponse:
    listing = selectors.listing_for_editor(user=request.user, pk=pk)
    photo = get_object_or_404(listing.photos, pk=photo_pk)
    if action == "up":
        services.photo_move(photo=photo, offset=-1)
    elif action == "down":
        services.photo_move(photo=photo, offset=1)
    elif action == "delete":
        services.photo_delete(photo=photo)
        messages.success(request, _("Photo removed."))
    else:
        raise Http404
    return redirect(f"{listing.get_edit_url()}#photos")


@login_required
@require_POST
def session_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    listing = selectors.listing_for_editor(user=request.user, pk=pk)
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            services.session_create(listing=listing, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)  # a dict of field errors lands on its fields
        else:
            messages.success(request, _("Session added."))
            return redirect(f"{listing.get_edit_url()}#sessions")
    # The page again with the form as she typed it and each error on its field.
    return _edit_page(request, listing, session_form=form)


@login_required
@require_POST
def session_delete(request: AuthenticatedHttpRequest, pk: int, session_pk: int) -> HttpResponse:
    listing = selectors.listing_for_editor(user=request.user, pk=pk)
    session = get_object_or_404(listing.sessions, pk=session_pk)
    try:
        services.session_delete(session=session)
        messages.success(request, _("Session removed."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(f"{listing.get_edit_url()}#sessions")


@login_required
def stops_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    listing = selectors.listing_for_editor(user=request.user, pk=pk)
    if listing.kind != Kind.ROUTE:
        raise Http404
    initial = [
        {"community": stop.community, "listing": stop.listing, "day": stop.day, "time_note_th": stop.time_note_th,
         "time_note_en": stop.time_note_en}
        for stop in listing.stops.all()
    ]  # fmt: skip
    formset = StopFormSet(request.POST or None, initial=initial)
    if request.method == "POST" and formset.is_valid():
        stops = [services.StopSpec(**form.cleaned_data) for form in formset if form.has_changed() and form.cleaned_data]
        try:
            services.route_set_stops(route=listing, stops=stops)
            messages.success(request, _("Stops saved."))
            return redirect(f"{listing.get_edit_url()}#stops")
        except ValidationError as exc:
            _errors(request, exc)
    return render(request, "catalog/seller/stops_form.html", {"listing": listing, "formset": formset})


# --- Officers ----------------------------------------------------------------------------------


@officer_required
def review_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(selectors.review_queue(), LISTINGS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "catalog/review/queue.html", {"page": page})


@officer_required
def review_listing(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    listing = get_object_or_404(Listing.objects.for_cards(), pk=pk)
    form = RejectForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "approve":
                services.listing_approve(listing=listing, by=request.user)
                messages.success(request, _("Approved and published."))
                return redirect("catalog:review_queue")
            if action in ("reject", "unpublish") and form.is_valid():
                if action == "reject":
                    services.listing_reject(listing=listing, by=request.user, reason=form.cleaned_data["reason"])
                    messages.success(request, _("Rejected. The seller sees your reason."))
                else:
                    services.listing_unpublish(listing=listing, by=request.user, reason=form.cleaned_data["reason"])
                    messages.success(request, _("Unpublished. The seller sees your reason."))
                return redirect("catalog:review_queue")
        except ValidationError as exc:
            _errors(request, exc)
    context = {**selectors.listing_page_context(listing), "reject_form": form}
    return render(request, "catalog/review/listing.html", context)
