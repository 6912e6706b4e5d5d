from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GabineteConfig(AppConfig):
    name = "gabinete"
    verbose_name = _("Organización municipal")

    def ready(self) -> None:
        from . import checks, desk, signals  # noqa: F401  (registers checks, desk entries, signals)
        from .management.base import install_command_source

        install_command_source()
