"""Officers' imports of participants from a spreadsheet (`chumchon.matching.imports`)."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .events import Event


def participant_import_upload_to(instance: ParticipantImport, filename: str) -> str:
    """A random name: the spreadsheet holds contact details and must not be guessable."""
    return f"matching-imports/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:8]}"


class ParticipantImportStatus(models.TextChoices):
    CHECKING = "checking", _("Checking the file")
    PREVIEW = "preview", _("Checked: waiting for confirmation")
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class ParticipantImport(models.Model):
    """A spreadsheet of participants an officer imports into an event, from preview to result."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participant_imports")
    status = models.CharField(
        _("status"), max_length=16, choices=ParticipantImportStatus.choices, default=ParticipantImportStatus.CHECKING
    )
    file = models.FileField(_("file"), upload_to=participant_import_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    registration_status = models.CharField(_("registrations are"), max_length=10, default="pending")
    skip_invalid = models.BooleanField(_("skip invalid rows"), default=False)
    language = models.CharField(max_length=8, default="th")
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("new participants"), default=0)
    updated_count = models.PositiveIntegerField(_("updated participants"), default=0)
    invited_count = models.PositiveIntegerField(_("invitations sent"), default=0)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    errors = models.JSONField(_("problems"), default=list, blank=True)
    preview = models.JSONField(_("preview"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("officer")
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("participant import")
        verbose_name_plural = _("participant imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("matching:import_job", kwargs={"slug": self.event.slug, "pk": self.pk})

    @property
    def is_running(self) -> bool:
        return self.status in (
            ParticipantImportStatus.CHECKING,
            ParticipantImportStatus.QUEUED,
            ParticipantImportStatus.RUNNING,
        )
