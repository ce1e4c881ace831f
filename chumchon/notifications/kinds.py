"""The registry of notification kinds: what each notification says, where it leads, and whether
the person may turn it off.

A notification stores facts (`event`, `detail`, the actor, what it is about); its words are
rendered when it is shown or sent, in the reader's language, from its kind. Each domain app
registers its own kinds in its `notifications.py` module, which `NotificationsConfig.ready`
imports at startup (`autodiscover_modules("notifications")`).

A kind is found from a stored notification by its `event` and the head of its `detail` (the part
before the first ":"; what follows is data, such as a quote's total). A kind registered with
`detail=""` takes every notification of its event that no other kind of that event claims.

`subject` and `body` are (lazy) gettext messages with named placeholders (`%(name)s`), filled from
`params(notification)`, which runs in the reader's language. A literal percent sign is written `%%`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from chumchon.notifications.models import Event, Notification, NotificationPreference


def no_params(notification: Notification) -> Mapping[str, object]:
    return {}


def detail_id(notification: Notification) -> int | None:
    """The id an app stored after the colon of `detail` ("approved:42" -> 42), or None."""
    tail = notification.detail.split(":", 1)[-1]
    return int(tail) if tail.isdigit() else None


def stored_link(notification: Notification) -> str:
    """The path saved with the notification (`notify(link=...)`)."""
    return notification.link


@dataclass(frozen=True)
class Kind:
    """One kind of notification and its words."""

    key: str  # unique: "<app>.<what>", e.g. "inquiries.quote_accepted"
    event: str  # the stored `Notification.event`
    subject: str | Promise
    body: str | Promise = ""
    detail: str = ""  # the head of `Notification.detail` that selects this kind; "" = the event's catch-all
    params: Callable[[Notification], Mapping[str, object]] = field(default=no_params)
    # The path the notification leads to; "" leads to the list of notifications.
    link: Callable[[Notification], str] = field(default=stored_link)
    # The `NotificationPreference` switch with which the person may turn off e-mail and LINE
    # messages of this kind (the in-app list keeps everything); None: always sent.
    preference: str | None = None

    @property
    def optional(self) -> bool:
        """Whether the person may turn off this kind's messages."""
        return self.preference is not None

    def words(self, notification: Notification) -> tuple[str, str]:
        """Subject and text in the active language (the excerpt, when there is one, follows the text)."""
        params = self.params(notification)
        subject = str(self.subject) % params
        text = str(self.body) % params if self.body else ""
        return subject, "\n\n".join(part for part in (text, notification.excerpt) if part)


#: What an unknown notification says (its app was removed, or its kind renamed).
FALLBACK = Kind(key="notifications.other", event="", subject=_("News on Chumchon"))

_kinds: dict[str, Kind] = {}
_by_event: dict[tuple[str, str], Kind] = {}


def register(*kinds: Kind) -> None:
    """Add kinds to the registry (each domain app, from its `notifications.py`)."""
    events = set(Event.values)
    for kind in kinds:
        if kind.key in _kinds or (kind.event, kind.detail) in _by_event:
            raise ValueError(f"notification kind {kind.key!r} is registered twice")
        if kind.event not in events:
            raise ValueError(f"notification kind {kind.key!r}: unknown event {kind.event!r}")
        if kind.preference is not None:
            NotificationPreference._meta.get_field(kind.preference)  # raises for a misspelt switch
        _kinds[kind.key] = kind
        _by_event[(kind.event, kind.detail)] = kind


def get(key: str) -> Kind:
    return _kinds[key]


def all_kinds() -> list[Kind]:
    return list(_kinds.values())


def is_known_event(event: str) -> bool:
    return any(registered_event == event for registered_event, _detail in _by_event)


def kind_of(notification: Notification) -> Kind:
    """The kind of a stored notification; `FALLBACK` when none is registered."""
    head = notification.detail.split(":", 1)[0]
    return _by_event.get((notification.event, head)) or _by_event.get((notification.event, "")) or FALLBACK
