from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "gabinete.accounts"
    label = "accounts"
    verbose_name = _("Cuentas y sesiones")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (sign-in and sign-out keep the session list)
