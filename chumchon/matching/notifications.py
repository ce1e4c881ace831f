"""The words of business-matching notifications, rendered in each recipient's language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from chumchon.inquiries.models import Notification


def describe(notification: Notification) -> tuple[str, str]:
    """Subject and text for a matching notification; `detail` holds what happened."""
    actor = str(notification.actor) if notification.actor else _("The organiser")
    detail = notification.detail
    words = {
        "registration_approved": (
            _("Your registration was approved"),
            _("You can now request meetings with other participants."),
        ),
        "registration_rejected": (
            _("Your registration was not approved"),
            _("The organiser explains why on the event page."),
        ),
        "request_received": (
            _("A meeting request from %(name)s") % {"name": actor},
            _("%(name)s would like to meet you. Accept or decline the request.") % {"name": actor},
        ),
        "request_accepted": (_("A meeting request was accepted"), _("The meeting is on your list.")),
        "request_declined": (
            _("A meeting request was declined"),
            _("%(name)s declined your request.") % {"name": actor},
        ),
        "request_cancelled": (_("A meeting was cancelled"), _("A request or meeting was withdrawn.")),
        "agenda_published": (_("Your agenda is ready"), _("Open it on your phone before the event.")),
        "agenda_changed": (_("Your agenda has changed"), _("Please look at your agenda again.")),
        "meeting_reminder": (_("Your next meeting starts soon"), _("Your next meeting starts in a few minutes.")),
        "walk_in": (_("A meeting was added on the spot"), _("A freed slot was filled with a new meeting.")),
        "follow_up": (_("What came of your meetings?"), _("Tell the organiser what came of your meetings.")),
    }
    subject, text = words.get(detail, (_("News about a business-matching event"), ""))
    if notification.excerpt:
        text = f"{text}\n\n{notification.excerpt}".strip()
    return str(subject), str(text)
