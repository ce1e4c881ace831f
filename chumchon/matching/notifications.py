"""The notification kinds of business matching, rendered in each recipient's language.

Every one is stored with the event `matching` and what happened in `detail`; people may turn off
their e-mails and LINE messages with one switch (`on_matching`; the in-app list keeps them).
Registered at startup by the notifications app (`autodiscover_modules("notifications")`).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chumchon.notifications.kinds import Kind, register
from chumchon.notifications.models import Event, Notification


def _params(notification: Notification) -> Mapping[str, object]:
    return {"name": str(notification.actor) if notification.actor else _("The organiser")}


def _kind(detail: str, subject: Promise, body: Promise | str = "") -> Kind:
    return Kind(
        key=f"matching.{detail or 'other'}",
        event=Event.MATCHING,
        detail=detail,
        subject=subject,
        body=body,
        params=_params,
        preference="on_matching",
    )


register(
    _kind(
        "registration_approved",
        gettext_lazy("Your registration was approved"),
        gettext_lazy("You can now request meetings with other participants."),
    ),
    _kind(
        "registration_rejected",
        gettext_lazy("Your registration was not approved"),
        gettext_lazy("The organiser explains why on the event page."),
    ),
    _kind(
        "request_received",
        gettext_lazy("A meeting request from %(name)s"),
        gettext_lazy("%(name)s would like to meet you. Accept or decline the request."),
    ),
    _kind(
        "request_accepted",
        gettext_lazy("A meeting request was accepted"),
        gettext_lazy("The meeting is on your list."),
    ),
    _kind(
        "request_declined",
        gettext_lazy("A meeting request was declined"),
        gettext_lazy("%(name)s declined your request."),
    ),
    _kind(
        "request_cancelled",
        gettext_lazy("A meeting was cancelled"),
        gettext_lazy("A request or meeting was withdrawn."),
    ),
    _kind(
        "agenda_published",
        gettext_lazy("Your agenda is ready"),
        gettext_lazy("Open it on your phone before the event."),
    ),
    _kind(
        "agenda_changed",
        gettext_lazy("Your agenda has changed"),
        gettext_lazy("Please look at your agenda again."),
    ),
    _kind(
        "meeting_reminder",
        gettext_lazy("Your next meeting starts soon"),
        gettext_lazy("Your next meeting starts in a few minutes."),
    ),
    _kind(
        "walk_in",
        gettext_lazy("A meeting was added on the spot"),
        gettext_lazy("A freed slot was filled with a new meeting."),
    ),
    _kind(
        "follow_up",
        gettext_lazy("What came of your meetings?"),
        gettext_lazy("Tell the organiser what came of your meetings."),
    ),
    # Anything else that happened at an event.
    _kind("", gettext_lazy("News about a business-matching event")),
)
