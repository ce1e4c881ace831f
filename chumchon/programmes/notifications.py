"""The notification kinds of the creative-city programme: reminders of overdue action items.

A reminder is stored with the event `programmes` and `detail` "overdue:<count>:<id>,<id>,…" (the
items it was about, as many as fit), and worded in the owner's language when shown or sent.
Owners cannot turn these off: the actions are their work. Registered at startup by the
notifications app (`autodiscover_modules("notifications")`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chumchon.core.thai import format_date
from chumchon.notifications.kinds import Kind, register
from chumchon.notifications.models import Event, Notification
from chumchon.programmes.models import ActionItem

OVERDUE = "overdue"
DETAIL_LENGTH = 200  # Notification.detail


def overdue_detail(items: Iterable[ActionItem]) -> str:
    """What a reminder keeps of its items: their number and as many ids as fit."""
    items = list(items)
    detail = f"{OVERDUE}:{len(items)}:"
    ids = [str(item.pk) for item in sorted(items, key=lambda item: (item.due_on, item.pk))]
    while ids and len(detail + ",".join(ids)) > DETAIL_LENGTH:
        ids.pop()
    return detail + ",".join(ids)


def _overdue_params(notification: Notification) -> Mapping[str, object]:
    _head, count, ids = [*notification.detail.split(":", 2), "", ""][:3]
    items = (
        ActionItem.objects.filter(pk__in=[int(pk) for pk in ids.split(",") if pk.isdigit()])
        .select_related("meeting")
        .order_by("due_on", "pk")
    )
    recipient = notification.recipient
    due = _("due")
    return {
        "count": count,
        "name": recipient.get_full_name() or str(recipient),
        "items": "\n".join(
            f"- {item.title} ({due} {format_date(item.due_on)}; {item.meeting.title})" for item in items
        ),
    }


def _mine(notification: Notification) -> str:
    return reverse("programmes:mine")


register(
    Kind(
        key="programmes.overdue",
        event=Event.PROGRAMMES,
        detail=OVERDUE,
        subject=gettext_lazy("%(count)s overdue programme actions"),
        body=gettext_lazy(
            "Hello %(name)s,\n\n"
            "These creative-city programme actions are past their due date:\n"
            "%(items)s\n\n"
            "Mark them done, or tell the programme officer the new date."
        ),
        params=_overdue_params,
        link=_mine,
        preference=None,
    ),
)
