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

from chumchon.notifications.kinds import Kind, detail_id, register
from chumchon.notifications.models import Event, Notification


def _params(notification: Notification) -> Mapping[str, object]:
    return {"name": str(notification.actor) if notification.actor else _("The organiser")}


def _meeting_params(notification: Notification) -> Mapping[str, object]:
    """A meeting's context as the recipient sees it: the event, the partner organisation, the day
    and time, and where (table, booth or online). The meeting's id follows the colon of `detail`."""
    from django.utils import timezone

    from chumchon.accounts.models import Membership
    from chumchon.core.templatetags.thai import thaidate
    from chumchon.matching.models import Meeting

    params: dict[str, object] = {**_params(notification), "event": "", "partner": _("your partner"), "when": ""}
    params.update(where="", time="")
    pk = detail_id(notification)
    meeting = (
        Meeting.objects.select_related("event", "slot", "table", "request__a__organisation", "request__b__organisation")
        .filter(pk=pk)
        .first()
        if pk
        else None
    )
    if meeting is None:
        return params
    a, b = meeting.request.a, meeting.request.b
    mine = set(Membership.objects.filter(user_id=notification.recipient_id).values_list("organisation_id", flat=True))
    represents_a = a.organisation_id in mine or a.representatives.filter(pk=notification.recipient_id).exists()
    partner = b if represents_a else a
    start = timezone.localtime(meeting.slot.starts_at)
    if meeting.event.is_online:
        where = _("online")
    elif meeting.table is not None:
        where = _("table %(name)s") % {"name": meeting.table.name}
    elif meeting.booth:
        where = _("booth %(name)s") % {"name": meeting.booth}
    else:
        where = meeting.event.venue
    params.update(
        event=meeting.event.name,
        partner=partner.organisation.name,
        when=f"{thaidate(start)} {start:%H:%M}",
        time=f"{start:%H:%M}",
        where=where,
    )
    return params


def _announcement_params(notification: Notification) -> Mapping[str, object]:
    """The organiser's own words (stored once, in the language they were written in)."""
    from chumchon.matching.models import Announcement

    announcement = Announcement.objects.select_related("event").filter(pk=detail_id(notification) or 0).first()
    if announcement is None:
        return {"event": "", "subject": _("News about a business-matching event"), "body": ""}
    return {"event": announcement.event.name, "subject": announcement.subject, "body": announcement.body}


def _event_params(notification: Notification) -> Mapping[str, object]:
    from chumchon.matching.models import Event as MatchingEvent

    event = MatchingEvent.objects.filter(pk=detail_id(notification) or 0).first()
    return {"event": event.name if event is not None else ""}


def _invitation_link(notification: Notification) -> str:
    """A signed link that signs the person in once, to choose a password and complete their profile;
    made when the message is written, never stored. Once they have signed in: the event's page."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation

    from chumchon.matching.imports import invitation_token
    from chumchon.matching.models import Event as MatchingEvent

    event = MatchingEvent.objects.filter(pk=detail_id(notification) or 0).first()
    with translation.override(settings.LANGUAGE_CODE):
        if notification.recipient.last_login is None:
            return reverse("matching:invitation", kwargs={"token": invitation_token(notification.recipient)})
        return reverse("matching:event", kwargs={"slug": event.slug}) if event else ""


def _kind(detail: str, subject: Promise, body: Promise | str = "", *, about_meeting: bool = False) -> Kind:
    return Kind(
        key=f"matching.{detail or 'other'}",
        event=Event.MATCHING,
        detail=detail,
        subject=subject,
        body=body,
        params=_meeting_params if about_meeting else _params,
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
        gettext_lazy("Your meeting with %(partner)s starts at %(time)s"),
        gettext_lazy("%(event)s: %(when)s, %(where)s."),
        about_meeting=True,
    ),
    _kind(
        "meeting_moved",
        gettext_lazy("Your meeting with %(partner)s has moved"),
        gettext_lazy("%(event)s: it is now on %(when)s, %(where)s. Your agenda shows the change."),
        about_meeting=True,
    ),
    _kind(
        "walk_in",
        gettext_lazy("A meeting with %(partner)s was added on the spot"),
        gettext_lazy("%(event)s: %(when)s, %(where)s."),
        about_meeting=True,
    ),
    _kind(
        "follow_up",
        gettext_lazy("What came of your meetings?"),
        gettext_lazy("Tell the organiser what came of your meetings."),
    ),
    Kind(
        key="matching.announcement",
        event=Event.MATCHING,
        detail="announcement",
        subject=gettext_lazy("%(event)s: %(subject)s"),
        body="%(body)s",
        params=_announcement_params,
        preference="on_matching",
    ),
    Kind(
        key="matching.nudge",
        event=Event.MATCHING,
        detail="nudge",
        subject=gettext_lazy("No meetings yet at %(event)s"),
        body=gettext_lazy(
            "You have not asked anyone for a meeting yet. Look at the partners recommended for you and "
            "send a few requests before the event."
        ),
        params=_event_params,
        preference="on_matching",
    ),
    Kind(
        key="matching.invitation",
        event=Event.MATCHING,
        detail="invitation",
        subject=gettext_lazy("You are invited to %(event)s"),
        body=gettext_lazy(
            "The organiser has registered you for %(event)s. Open the link to choose a password and complete "
            "your organisation's profile; it works once, within 30 days."
        ),
        params=_event_params,
        link=_invitation_link,
        preference=None,  # an invitation is always sent: it is how the person gets in
    ),
    # Anything else that happened at an event.
    _kind("", gettext_lazy("News about a business-matching event")),
)


def _standby_params(notification: Notification) -> Mapping[str, object]:
    """A freed meeting offered to a standby participant: the event, who waits, when and where."""
    from django.utils import timezone

    from chumchon.matching.models import StandbyOffer

    offer = (
        StandbyOffer.objects.select_related("freed__event", "freed__slot", "freed__table", "waiting__organisation")
        .filter(pk=detail_id(notification) or 0)
        .first()
    )
    if offer is None:
        return {"event": "", "partner": _("a participant"), "time": "", "where": ""}
    start = timezone.localtime(offer.freed.slot.starts_at)
    table = offer.freed.table
    return {
        "event": offer.freed.event.name,
        "partner": offer.waiting.organisation.name,
        "time": f"{start:%H:%M}",
        "where": _("table %(name)s") % {"name": table.name} if table is not None else offer.freed.event.venue,
    }


# The waiting list and standby offers (services.waitlist, services.standby).
register(
    Kind(
        key="matching.waitlist_promoted",
        event=Event.MATCHING,
        detail="waitlist_promoted",
        subject=gettext_lazy("A place opened up at %(event)s"),
        body=gettext_lazy(
            "You have moved up from the waiting list. Your registration now waits for the organiser's approval."
        ),
        params=_event_params,
        preference="on_matching",
    ),
    Kind(
        key="matching.standby_offer",
        event=Event.MATCHING,
        detail="standby_offer",
        subject=gettext_lazy("A free meeting with %(partner)s at %(time)s"),
        body=gettext_lazy(
            "%(event)s: a meeting with %(partner)s at %(time)s, %(where)s, has become free. Open the link to "
            "take it; the first to accept gets it."
        ),
        params=_standby_params,
        preference="on_matching",
    ),
)


def _group_params(notification: Notification) -> Mapping[str, object]:
    """A group session's context: the event, its title, the day and time, and where."""
    from django.utils import timezone

    from chumchon.core.templatetags.thai import thaidate
    from chumchon.matching.models import GroupSession

    params: dict[str, object] = {**_params(notification), "event": "", "title": "", "when": "", "where": ""}
    group = (
        GroupSession.objects.select_related("event", "slot", "table").filter(pk=detail_id(notification) or 0).first()
    )
    if group is None:
        return params
    start = timezone.localtime(group.slot.starts_at)
    if group.event.is_online:
        where = _("online")
    elif group.table is not None:
        where = _("table %(name)s") % {"name": group.table.name}
    else:
        where = group.event.venue
    params.update(event=group.event.name, title=group.title, when=f"{thaidate(start)} {start:%H:%M}", where=where)
    return params


def _group_kind(detail: str, subject: Promise, body: Promise) -> Kind:
    return Kind(
        key=f"matching.{detail}",
        event=Event.MATCHING,
        detail=detail,
        subject=subject,
        body=body,
        params=_group_params,
        preference="on_matching",
    )


# Group sessions (services.groups).
register(
    _group_kind(
        "group_created",
        gettext_lazy("You host the group session “%(title)s”"),
        gettext_lazy("%(event)s: %(when)s, %(where)s. Participants can now join it; you will see who comes."),
    ),
    _group_kind(
        "group_joined",
        gettext_lazy("You joined the group session “%(title)s”"),
        gettext_lazy("%(event)s: %(when)s, %(where)s. It is on your agenda."),
    ),
    _group_kind(
        "group_guest_joined",
        gettext_lazy("%(name)s joined your group session “%(title)s”"),
        gettext_lazy("%(event)s: %(when)s, %(where)s. Your agenda shows the guest list."),
    ),
    _group_kind(
        "group_left",
        gettext_lazy("You left the group session “%(title)s”"),
        gettext_lazy("%(event)s: %(when)s. The time is free again on your agenda."),
    ),
    _group_kind(
        "group_guest_left",
        gettext_lazy("%(name)s left your group session “%(title)s”"),
        gettext_lazy("%(event)s: %(when)s, %(where)s. Your agenda shows the guest list."),
    ),
    _group_kind(
        "group_cancelled",
        gettext_lazy("The group session “%(title)s” was cancelled"),
        gettext_lazy("%(event)s: %(when)s. The organiser cancelled it; the time is free again on your agenda."),
    ),
)
