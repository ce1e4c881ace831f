from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    """Business matching; its notification kinds are in `notifications.py` (found at startup)."""

    name = "chumchon.matching"
    label = "matching"
    verbose_name = _("Business matching")
