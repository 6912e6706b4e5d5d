from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransparencyConfig(AppConfig):
    name = "transparency"
    verbose_name = _("Transparencia")

    def ready(self) -> None:
        from . import desk  # noqa: F401  (registers the Mi escritorio sections)
