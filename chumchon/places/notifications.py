"""The notification kinds of community claims and proposals: officers hear of a new one, the
seller of the decision (with the officer's reason).

Stored with the event `communities` and `detail` "<what>:<claim id>"; worded in the reader's
language when shown or sent. Registered at startup by the notifications app
(`autodiscover_modules("notifications")`).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.urls import reverse
from django.utils.translation import gettext_lazy

from chumchon.notifications.kinds import Kind, detail_id, register
from chumchon.notifications.models import Event, Notification
from chumchon.places.models import CommunityClaim


def _claim(notification: Notification) -> CommunityClaim | None:
    claim_id = detail_id(notification)
    return None if claim_id is None else CommunityClaim.objects.with_related().filter(pk=claim_id).first()


def _params(notification: Notification) -> Mapping[str, object]:
    claim = _claim(notification)
    if claim is None:
        return {"community": "", "organisation": "", "reason": "", "what": ""}
    return {
        "community": claim.display_name,
        "organisation": str(claim.organisation),
        "reason": claim.reason,
        "what": claim.get_kind_display(),
    }


def _queue(notification: Notification) -> str:
    return reverse("places:claim_queue")


def _community_or_page(notification: Notification) -> str:
    claim = _claim(notification)
    if claim is not None and claim.community is not None and claim.community.is_published:
        return claim.community.get_absolute_url()
    return reverse("places:join")


def _page(notification: Notification) -> str:
    return reverse("places:join")


register(
    Kind(
        key="places.claim_received",
        event=Event.COMMUNITIES,
        detail="received",
        subject=gettext_lazy("To decide: %(organisation)s asks to run %(community)s"),
        body=gettext_lazy("%(what)s: %(community)s, from %(organisation)s. Approve it or say why not."),
        params=_params,
        link=_queue,
    ),
    Kind(
        key="places.claim_approved",
        event=Event.COMMUNITIES,
        detail="approved",
        subject=gettext_lazy("Approved: %(organisation)s runs %(community)s"),
        body=gettext_lazy("Your organisation now runs %(community)s on Chumchon. You can add its listings."),
        params=_params,
        link=_community_or_page,
    ),
    Kind(
        key="places.claim_rejected",
        event=Event.COMMUNITIES,
        detail="rejected",
        subject=gettext_lazy("Not approved: %(community)s"),
        body=gettext_lazy("An officer did not approve your request for %(community)s.\n\nThe reason: %(reason)s"),
        params=_params,
        link=_page,
    ),
)
