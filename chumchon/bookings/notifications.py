"""The notification kinds of bookings, registered with the notifications app at startup.

A booking's notification is stored with its own event `bookings` (its own switch in a person's
settings, and counted apart from deals) and the detail `booking_<what>:<booking id>`; its words
name the booking's reference, experience and date in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chumchon.bookings.models import Booking
from chumchon.core.thai import format_date
from chumchon.notifications.kinds import Kind, detail_id, register, stored_link
from chumchon.notifications.models import Event, Notification


def _params(notification: Notification) -> Mapping[str, object]:
    booking_id = detail_id(notification)
    booking = (
        None
        if booking_id is None
        else Booking.objects.select_related("listing", "session").filter(pk=booking_id).first()
    )
    if booking is None:
        return {"name": str(notification.actor or _("Someone")), "reference": "", "listing": "", "date": ""}
    return {
        "name": str(notification.actor) if notification.actor else _("Chumchon"),
        "reference": booking.reference,
        "listing": booking.listing.title,
        "date": format_date(booking.session.starts_at, with_time=True),
    }


def _kind(what: str, subject: Promise, body: Promise) -> Kind:
    return Kind(
        key=f"bookings.{what}",
        event=Event.BOOKINGS,
        detail=f"booking_{what}",
        subject=subject,
        body=body,
        params=_params,
        link=stored_link,
        preference="on_bookings",
    )


register(
    _kind(
        "requested",
        gettext_lazy("A booking request: %(listing)s"),
        gettext_lazy(
            "%(name)s asks to book %(listing)s on %(date)s (booking %(reference)s). Please accept or decline it."
        ),
    ),
    _kind(
        "accepted",
        gettext_lazy("Booking %(reference)s is accepted"),
        gettext_lazy("%(listing)s on %(date)s is booked. Pay the community by PromptPay and send the slip."),
    ),
    _kind(
        "declined",
        gettext_lazy("Booking %(reference)s was declined"),
        gettext_lazy("The community cannot host you for %(listing)s on %(date)s."),
    ),
    _kind(
        "cancelled",
        gettext_lazy("Booking %(reference)s was cancelled"),
        gettext_lazy("%(name)s cancelled the booking of %(listing)s on %(date)s."),
    ),
    _kind(
        "slip",
        gettext_lazy("A transfer slip for booking %(reference)s"),
        gettext_lazy("%(name)s sent the transfer slip for %(listing)s on %(date)s. Check it and confirm the payment."),
    ),
    _kind(
        "paid",
        gettext_lazy("Payment received for booking %(reference)s"),
        gettext_lazy("The community confirmed your payment for %(listing)s on %(date)s. See you there!"),
    ),
    _kind(
        "deposit_paid",
        gettext_lazy("Deposit received for booking %(reference)s"),
        gettext_lazy(
            "The community confirmed your deposit for %(listing)s on %(date)s. Pay the balance by PromptPay and send its slip."
        ),
    ),
    _kind(
        "reminder",
        gettext_lazy("Tomorrow: %(listing)s (booking %(reference)s)"),
        gettext_lazy("A reminder: %(listing)s is on %(date)s (booking %(reference)s)."),
    ),
    _kind(
        "completed",
        gettext_lazy("Booking %(reference)s is completed"),
        gettext_lazy("Thank you for visiting: %(listing)s on %(date)s is recorded as done."),
    ),
    _kind(
        "no_show",
        gettext_lazy("Booking %(reference)s: marked as not come"),
        gettext_lazy("The community recorded that nobody came to %(listing)s on %(date)s."),
    ),
    _kind(
        "expired",
        gettext_lazy("Booking request %(reference)s expired"),
        gettext_lazy("The request for %(listing)s on %(date)s was not answered in time; its seats are free again."),
    ),
)
