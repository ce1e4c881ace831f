"""Messages the organiser sends to a group of an event's participants."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .events import Event


class AnnouncementAudience(models.TextChoices):
    """Who an announcement goes to (approved participants only)."""

    ALL = "all", _("Everyone taking part")
    BUYERS = "buyers", _("Buyers")
    SELLERS = "sellers", _("Sellers")
    NO_MEETINGS = "no_meetings", _("Those with no meeting yet")
    NOT_CHECKED_IN = "not_checked_in", _("Those not checked in")
    CHOSEN = "chosen", _("Participants ticked on the registrations list")


#: The groups the announcement form offers (the ticked ones are written to from the list).
GROUP_AUDIENCES = [choice for choice in AnnouncementAudience.choices if choice[0] != AnnouncementAudience.CHOSEN]


class Announcement(models.Model):
    """A message from the organiser to a group of participants, sent in-app, by e-mail and LINE."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="announcements")
    audience = models.CharField(_("send to"), max_length=16, choices=AnnouncementAudience.choices)
    subject = models.CharField(_("subject"), max_length=120)
    body = models.TextField(_("message"), max_length=2000)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return self.subject
