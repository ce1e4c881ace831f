"""The notification kinds of reviews, registered with the notifications app at startup.

Stored with the event `listings` (what buyers say of a listing sits with its approvals) and the
detail `review_<what>:<review id>`; the words name the listing or the reviewed organisation in the
reader's language. The seller hears of a new review, the writer of the reply, and the reporters,
the seller (and, when hidden, the writer) of an officer's decision.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chumchon.notifications.kinds import Kind, detail_id, register, stored_link
from chumchon.notifications.models import Event, Notification
from chumchon.reviews.models import Review


def _params(notification: Notification) -> Mapping[str, object]:
    review_id = detail_id(notification)
    review = (
        None if review_id is None else Review.objects.select_related("listing", "seller").filter(pk=review_id).first()
    )
    name = str(notification.actor) if notification.actor else _("Someone")
    if review is None:
        return {"name": name, "about": "", "stars": ""}
    return {
        "name": name,
        "about": review.listing.title if review.listing else review.seller.name,
        "stars": review.stars,
    }


def _kind(what: str, subject: Promise, body: Promise) -> Kind:
    return Kind(
        key=f"reviews.{what}",
        event=Event.LISTINGS,
        detail=f"review_{what}",
        subject=subject,
        body=body,
        params=_params,
        link=stored_link,
    )


register(
    _kind(
        "new",
        gettext_lazy("A new review: %(about)s"),
        gettext_lazy("%(name)s gave %(about)s %(stars)s stars. You can reply to it publicly."),
    ),
    _kind(
        "reply",
        gettext_lazy("The seller replied to your review of %(about)s"),
        gettext_lazy("%(name)s replied to your review of %(about)s."),
    ),
    _kind(
        "hidden",
        gettext_lazy("A review of %(about)s was hidden"),
        gettext_lazy("An officer hid a review of %(about)s after reports. The reason:"),
    ),
    _kind(
        "restored",
        gettext_lazy("A review of %(about)s is shown"),
        gettext_lazy("An officer looked at the reports on a review of %(about)s and shows it. The reason:"),
    ),
)
