"""The notification kinds of the catalogue: a seller hears when an officer approves or rejects her
listing, named and linked.

Stored with the event `listings` and `detail` "<what>:<listing id>"; worded in the reader's
language when shown or sent. Registered at startup by the notifications app
(`autodiscover_modules("notifications")`).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.urls import reverse
from django.utils.translation import gettext_lazy

from chumchon.catalog.models import Listing, Status
from chumchon.notifications.kinds import Kind, detail_id, register
from chumchon.notifications.models import Event, Notification


def _listing(notification: Notification) -> Listing | None:
    listing_id = detail_id(notification)
    return None if listing_id is None else Listing.objects.select_related("community").filter(pk=listing_id).first()


def _params(notification: Notification) -> Mapping[str, object]:
    listing = _listing(notification)
    if listing is None:
        return {"listing": "", "community": "", "reason": ""}
    return {"listing": listing.title, "community": listing.community.name, "reason": listing.rejection_reason}


def _link(notification: Notification) -> str:
    """The published listing's page; the seller's edit page while it is not public."""
    listing = _listing(notification)
    if listing is None:
        return reverse("catalog:mine")
    if listing.status == Status.PUBLISHED:
        return reverse("catalog:listing", kwargs={"pk": listing.pk})
    return reverse("catalog:edit", kwargs={"pk": listing.pk})


register(
    Kind(
        key="catalog.listing_approved",
        event=Event.LISTINGS,
        detail="approved",
        subject=gettext_lazy("Published: %(listing)s"),
        body=gettext_lazy("An officer approved %(listing)s (%(community)s). Buyers can see it now."),
        params=_params,
        link=_link,
    ),
    Kind(
        key="catalog.listing_rejected",
        event=Event.LISTINGS,
        detail="rejected",
        subject=gettext_lazy("Not approved: %(listing)s"),
        body=gettext_lazy(
            "An officer did not approve %(listing)s (%(community)s).\n\n"
            "The reason: %(reason)s\n\nChange it and send it again."
        ),
        params=_params,
        link=_link,
    ),
    Kind(
        key="catalog.listing_unpublished",
        event=Event.LISTINGS,
        detail="unpublished",
        subject=gettext_lazy("Taken off the site: %(listing)s"),
        body=gettext_lazy("An officer unpublished %(listing)s (%(community)s).\n\nThe reason: %(reason)s"),
        params=_params,
        link=_link,
    ),
)
