"""Runs of the optimiser over an event (scheduling by the organiser)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .events import Event


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    APPLIED = "applied", _("Applied")
    FAILED = "failed", _("Failed")


class ScheduleRun(models.Model):
    """One run of the optimiser over an event: its progress while it runs and its result."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    incremental = models.BooleanField(default=False)
    time_limit = models.PositiveSmallIntegerField(
        _("time limit (seconds)"), default=30, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    progress = models.FloatField(default=0.0)
    message = models.CharField(max_length=200, blank=True)
    instance = models.JSONField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Written every second by the worker solving the run: a run still "running" whose heartbeat
    # stopped was lost with its worker (services.schedule_runs_expire marks it failed).
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("optimiser run")
        verbose_name_plural = _("optimiser runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.event} run {self.pk}"
