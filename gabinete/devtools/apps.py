from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevtoolsConfig(AppConfig):
    """Development tooling (bench, scale data): installed only by the development and test settings."""

    name = "gabinete.devtools"
    label = "devtools"
    verbose_name = _("Herramientas de desarrollo")

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (the test-only job kind)
