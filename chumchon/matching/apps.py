from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "chumchon.matching"
    label = "matching"
    verbose_name = _("Business matching")

    def ready(self) -> None:
        from chumchon.inquiries.models import Event
        from chumchon.inquiries.notifications import DESCRIBERS
        from chumchon.matching.notifications import describe

        DESCRIBERS[Event.MATCHING] = describe
