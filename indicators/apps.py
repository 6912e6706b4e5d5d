from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Indicadores de gestión")

    def ready(self) -> None:
        from . import desk  # noqa: F401  (registers the Mi escritorio sections)
