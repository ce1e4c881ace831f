"""The notification kinds of the creative-city programme: reminders of overdue action items and of
overdue yearly reviews of an MOU.

An action reminder is stored with the event `programmes` and `detail` "overdue:<count>:<id>,<id>,…" (the
items it was about, as many as fit), and worded in the owner's language when shown or sent.
A review reminder is stored with `detail` "review:<mou id>:<review number>" and goes to the MOU's
coordinator. Owners and coordinators cannot turn these off: the actions are their work. Registered at startup by the
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
from chumchon.programmes.models import ActionItem, Mou, ReviewDue

OVERDUE = "overdue"
REVIEW_OVERDUE = "review"
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


def review_overdue_detail(review: ReviewDue) -> str:
    return f"{REVIEW_OVERDUE}:{review.mou.pk}:{review.number}"


def _review_params(notification: Notification) -> Mapping[str, object]:
    _head, mou_id, number = [*notification.detail.split(":", 2), "", ""][:3]
    mou = Mou.objects.filter(pk=int(mou_id) if mou_id.isdigit() else 0).first()
    recipient = notification.recipient
    review = int(number) if number.isdigit() else 0
    return {
        "name": recipient.get_full_name() or str(recipient),
        "number": review,
        "title": mou.title if mou else "",
        "due": format_date(mou.review_due_on(review)) if mou and review else "",
    }


def _overview(notification: Notification) -> str:
    return reverse("programmes:overview")


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
    Kind(
        key="programmes.review_overdue",
        event=Event.PROGRAMMES,
        detail=REVIEW_OVERDUE,
        subject=gettext_lazy("Yearly review %(number)s of an MOU is overdue"),
        body=gettext_lazy(
            "Hello %(name)s,\n\n"
            "Yearly review %(number)s of the MOU “%(title)s” was due on %(due)s and no meeting is recorded "
            "for it.\n\n"
            "Hold the review and record its meeting on the programme page."
        ),
        params=_review_params,
        link=_overview,
        preference=None,
    ),
)
