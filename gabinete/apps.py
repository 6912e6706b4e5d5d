from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GabineteConfig(AppConfig):
    name = "gabinete"
    verbose_name = _("Organización municipal")

    def ready(self) -> None:
        from . import checks, desk, signals  # noqa: F401  (registers checks, desk entries, signals)
        from .management.base import install_command_source

        install_command_source()

        # The office's own duties (issue 8): desk entries, admin and demo data of gabinete/office/.
        from .office import admin as _office_admin  # noqa: F401
        from .office import demo as _office_demo  # noqa: F401
        from .office import desk as _office_desk  # noqa: F401
