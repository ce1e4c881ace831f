from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "chumchon.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Every app's personal-data rules (chumchon/<app>/personal_data.py), for export and erasure.
        from chumchon.accounts import personal_data

        personal_data.autodiscover()
