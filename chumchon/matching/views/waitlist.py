"""The waiting list (officers admit someone from it) and standby participants on the day (they
switch standby on or off on their agenda, and take a freed meeting offered to them)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chumchon.core.decorators import officer_required
from chumchon.core.http import AuthenticatedHttpRequest
from chumchon.matching import selectors, services
from chumchon.matching.models import StandbyOfferStatus

from ._common import _confirm, _confirmed, _error


@officer_required
@require_POST
def waitlist_promote(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Admit someone from the waiting list, beyond the role's cap, after a confirmation step."""
    registration = selectors.registration_for_officer(request.user, pk)
    if registration.event.slug != slug:
        raise Http404
    back = reverse("matching:manage", kwargs={"slug": slug}) + "#waitlist"
    if not _confirmed(request):
        return _confirm(
            request,
            event=registration.event,
            title=_("Admit %(name)s from the waiting list?") % {"name": registration.organisation},
            explanation=_(
                "Their registration is approved at once and they are told, even if it takes the event beyond its "
                "limit for this role. You can reject it later."
            ),
            button=_("Yes, admit them"),
            back=back,
        )
    try:
        services.registration_promote(registration=registration, by=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(
            request, _("%(name)s was admitted from the waiting list.") % {"name": registration.organisation}
        )
    return redirect(back)


@login_required
@require_POST
def standby_set(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A participant says on their agenda whether they take meetings freed on the day."""
    event = selectors.event_for(request.user, slug)
    registration = selectors.approved_registration_of(request.user, event)
    standby = request.POST.get("standby") == "1"
    services.registration_update(registration=registration, by=request.user, standby=standby)
    if standby:
        messages.success(request, _("You are on standby: we will offer you meetings freed on the day."))
    else:
        messages.success(request, _("You are no longer on standby."))
    return redirect(reverse("matching:agenda", kwargs={"slug": slug}) + "#standby")


@login_required
def standby_offer(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """A freed meeting offered to the participant: one button takes it, if nobody was quicker."""
    event = selectors.event_for(request.user, slug)
    offer = selectors.standby_offer_for(request.user, event, pk)
    if request.method == "POST":
        try:
            services.standby_offer_accept(offer=offer, by=request.user)
        except ValidationError as error:
            _error(request, error)
            return redirect("matching:standby_offer", slug=slug, pk=pk)
        messages.success(request, _("The meeting is yours: it is on your agenda."))
        return redirect(reverse("matching:agenda", kwargs={"slug": slug}))
    taken_by_other = offer.status == StandbyOfferStatus.GONE or (
        offer.status == StandbyOfferStatus.OPEN
        and offer.freed.standby_offers.filter(waiting=offer.waiting_id, status=StandbyOfferStatus.TAKEN).exists()
    )
    return render(
        request, "matching/standby_offer.html", {"event": event, "offer": offer, "taken_by_other": taken_by_other}
    )
