"""The notification kinds of direct contact: what buyers and sellers are told, in their language.

Registered at startup by the notifications app (`autodiscover_modules("notifications")`); the
services send them with `chumchon.notifications.notifier.notify(event=..., detail=...)`.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chumchon.notifications.kinds import Kind, register
from chumchon.notifications.models import Event, Notification


def _params(notification: Notification) -> Mapping[str, object]:
    conversation = notification.conversation
    return {
        "name": str(notification.actor) if notification.actor else _("Someone"),
        "community": str(conversation.community) if conversation else "",
        # A sent quote's detail is "sent:<total>".
        "total": notification.detail.split(":", 1)[-1],
    }


def _link(notification: Notification) -> str:
    """The conversation the notification is about, else its deal."""
    if notification.conversation_id:
        return reverse("inquiries:conversation", kwargs={"pk": notification.conversation_id})
    if notification.deal_id:
        return reverse("inquiries:deal", kwargs={"pk": notification.deal_id})
    return notification.link


def _kind(key: str, event: str, detail: str, subject: Promise, body: Promise, preference: str) -> Kind:
    return Kind(
        key=f"inquiries.{key}",
        event=event,
        detail=detail,
        subject=subject,
        body=body,
        params=_params,
        link=_link,
        preference=preference,
    )


register(
    # A request for quote: `conversation_start` stores the inquiry's kind in `detail`.
    _kind(
        "new_quote_request",
        Event.NEW_INQUIRY,
        "quote_request",
        gettext_lazy("A request for a quote from %(name)s"),
        gettext_lazy("%(name)s asked %(community)s for a quote."),
        "on_new_inquiry",
    ),
    # The event's catch-all: a question (detail "question", or "" before requests were told apart).
    _kind(
        "new_inquiry",
        Event.NEW_INQUIRY,
        "",
        gettext_lazy("New inquiry from %(name)s"),
        gettext_lazy("%(name)s wrote to %(community)s."),
        "on_new_inquiry",
    ),
    _kind(
        "reply",
        Event.REPLY,
        "",
        gettext_lazy("New message from %(name)s"),
        gettext_lazy("%(name)s wrote in your conversation with %(community)s."),
        "on_reply",
    ),
    _kind(
        "quote_sent",
        Event.QUOTE,
        "sent",
        gettext_lazy("A quote from %(community)s"),
        gettext_lazy("%(name)s sent you a quote for %(total)s."),
        "on_quote",
    ),
    _kind(
        "quote_accepted",
        Event.QUOTE,
        "accepted",
        gettext_lazy("Your quote was accepted"),
        gettext_lazy("%(name)s accepted your quote. Confirm the deal once it is done."),
        "on_quote",
    ),
    # The event's catch-all: a quote's other answer is "declined".
    _kind(
        "quote_declined",
        Event.QUOTE,
        "",
        gettext_lazy("Your quote was declined"),
        gettext_lazy("%(name)s declined your quote."),
        "on_quote",
    ),
    _kind(
        "deal_confirmed",
        Event.DEAL,
        "confirmed",
        gettext_lazy("A deal was confirmed"),
        gettext_lazy("%(name)s confirmed the deal."),
        "on_deal",
    ),
    _kind(
        "deal_disputed",
        Event.DEAL,
        "disputed",
        gettext_lazy("A deal was disputed"),
        gettext_lazy("%(name)s says the deal did not happen as recorded."),
        "on_deal",
    ),
    # The event's catch-all: a deal just recorded ("to_confirm").
    _kind(
        "deal_recorded",
        Event.DEAL,
        "",
        gettext_lazy("A deal to confirm"),
        gettext_lazy("%(name)s recorded a deal with you. Please confirm it."),
        "on_deal",
    ),
    _kind(
        "report",
        Event.REPORT,
        "",
        gettext_lazy("A conversation was reported"),
        gettext_lazy("%(name)s reported a conversation to the officers."),
        "on_report",
    ),
)
