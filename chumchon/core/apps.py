from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "chumchon.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from chumchon.core.db import analyze_after_migrate

        post_migrate.connect(analyze_after_migrate, sender=self)
