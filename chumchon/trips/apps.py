from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TripsConfig(AppConfig):
    name = "chumchon.trips"
    label = "trips"
    verbose_name = _("Saved listings and trips")
