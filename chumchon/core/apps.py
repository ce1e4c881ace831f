from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "chumchon.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out
        from django.db.models.signals import post_migrate

        from chumchon.core.db import analyze_after_migrate
        from chumchon.core.middleware import mark_signed_out

        post_migrate.connect(analyze_after_migrate, sender=self)
        user_logged_out.connect(mark_signed_out, dispatch_uid="chumchon.core.mark_signed_out")
