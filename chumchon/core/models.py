"""Infrastructure records of the platform itself (no domain data lives in core)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicRun(models.Model):
    """The latest time slot for which a periodic job was enqueued: one row per job, so that several
    `run_periodic` processes (cron on two machines, a laptop's loop) never enqueue a slot twice."""

    name = models.CharField(_("job"), max_length=100, unique=True)
    last_slot = models.DateTimeField(_("last slot"))
    enqueued_at = models.DateTimeField(_("enqueued at"))

    class Meta:
        verbose_name = _("periodic job run")
        verbose_name_plural = _("periodic job runs")

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_slot:%Y-%m-%d %H:%M}"
