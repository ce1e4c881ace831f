"""What happened for a person (the in-app list) and what they want to be told about, and how.

The tables kept their names from when these models lived in `inquiries` (no data moved); the
conversation and deal a notification may be about are referred to by name, so that this app
imports nothing from `inquiries`.
"""

from __future__ import annotations

import uuid

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from chumchon.accounts.models import User


class Event(models.TextChoices):
    """What a notification is about, as stored; each value is also a preference group (`on_<value>`)."""

    NEW_INQUIRY = "new_inquiry", _("A buyer writes to my community")
    REPLY = "reply", _("A reply in a conversation")
    QUOTE = "quote", _("A quote is sent or answered")
    DEAL = "deal", _("A deal to confirm or confirmed")
    REPORT = "report", _("A conversation is reported (officers)")
    MATCHING = "matching", _("Business-matching events: requests, agendas, reminders")
    PROGRAMMES = "programmes", _("Creative-city programme: overdue actions")
    COMMUNITIES = "communities", _("A community claim or proposal is sent or decided")
    LISTINGS = "listings", _("A listing is approved or rejected")
    BOOKINGS = "bookings", _("Bookings: requests, answers, payments, reminders")
    KNOWLEDGE = "knowledge", _("A comment or question on my article")


class Notification(models.Model):
    """Something that happened for a person, listed in their notifications and sent on their channels."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    event = models.CharField(_("event"), max_length=16, choices=Event.choices)
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    conversation = models.ForeignKey(
        "inquiries.Conversation", on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    deal = models.ForeignKey(
        "inquiries.Deal", on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    # The words are rendered when shown or sent, in the recipient's language; this keeps the facts.
    detail = models.CharField(max_length=200, blank=True)
    excerpt = models.CharField(max_length=280, blank=True)
    # Where the notification leads when it is about something other than a conversation or a deal
    # (a matching event's request or agenda): a path within the site.
    link = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        db_table = "inquiries_notification"
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.event} for {self.recipient_id}"


class NotificationPreference(models.Model):
    """What a person wants to be told about, and on which channels (the in-app list keeps everything)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="notification_preference")
    on_new_inquiry = models.BooleanField(_("a buyer writes to my community"), default=True)
    on_reply = models.BooleanField(_("a reply in a conversation"), default=True)
    on_quote = models.BooleanField(_("a quote is sent or answered"), default=True)
    on_deal = models.BooleanField(_("a deal to confirm or confirmed"), default=True)
    on_bookings = models.BooleanField(_("bookings: requests, answers, payments, reminders"), default=True)
    on_matching = models.BooleanField(_("business-matching events: requests, agendas, reminders"), default=True)
    on_report = models.BooleanField(_("a conversation is reported (officers)"), default=True)
    by_email = models.BooleanField(_("by e-mail"), default=True)
    by_line = models.BooleanField(_("by LINE"), default=False)
    line_user_id = models.CharField(
        _("LINE user ID"),
        max_length=64,
        blank=True,
        validators=[RegexValidator(r"^U[0-9a-f]{32}$", _("A LINE user ID is U followed by 32 letters and digits."))],
        help_text=_("Starts with U. Add our LINE official account as a friend and it will tell you your user ID."),
    )

    class Meta:
        db_table = "inquiries_notificationpreference"
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"Notification preferences of {self.user_id}"

    def wants(self, event: str) -> bool:
        """Whether the person asked to be told about `event` on their channels."""
        return bool(getattr(self, f"on_{event}", True))


class Delivery(models.Model):
    """One notification sent on one channel: its idempotency key. The worker claims the row
    (one per notification and channel) before sending and marks it sent after, so a task retried
    or enqueued twice does not send the same message twice; LINE also receives the key as
    `X-Line-Retry-Key` and drops a repeated push itself."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=16)
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["notification", "channel"], name="one_delivery_per_channel")]

    def __str__(self) -> str:
        return f"{self.notification_id} by {self.channel}"


class LineLinkCode(models.Model):
    """A short code a person sends to the official LINE account to link it to their notifications:
    one per person, valid for a few minutes, deleted once used (chumchon.notifications.line)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="line_link_code")
    code = models.CharField(max_length=16, unique=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("LINE link code")
        verbose_name_plural = _("LINE link codes")

    def __str__(self) -> str:
        return f"LINE link code of {self.user_id}"
