"""What notifications hold about a person, and what erasure does to it (see accounts.personal_data)."""

from __future__ import annotations

from chumchon.accounts.personal_data import Erase, Rule, register

register(
    Rule(
        "notifications.Notification",
        Erase.DELETE,
        "The person's own notifications are deleted.",
        owners=("recipient",),
        section="notifications",
        fields=("event", "detail", "excerpt", "link", "read_at", "created_at"),
    ),
    Rule(
        "notifications.Notification",
        Erase.ANONYMISE,
        "Others keep what they were told, without who did it and without the person's words.",
        owners=("actor",),
        blank={"actor": None, "excerpt": ""},
        scrub=("detail", "excerpt"),
    ),
    Rule(
        "notifications.Delivery",
        Erase.FOLLOWS_PARENT,
        "When a notification was sent on a channel; deleted or kept with its notification.",
        parent="notifications.Notification",
    ),
    Rule(
        "notifications.NotificationPreference",
        Erase.DELETE,
        "Channels and the LINE user ID are the person's.",
        owners=("user",),
        section="preferences",
        fields=(
            "on_new_inquiry",
            "on_reply",
            "on_quote",
            "on_deal",
            "on_bookings",
            "on_matching",
            "on_report",
            "by_email",
            "by_line",
            "line_user_id",
        ),
        identifies=("line_user_id",),
    ),
)

register(
    Rule(
        "notifications.LineLinkCode",
        Erase.DELETE,
        "A one-time code to link the person's LINE; it says nothing once used or expired.",
        owners=("user",),
        section="line_link_code",
        fields=("expires_at",),
    ),
)
