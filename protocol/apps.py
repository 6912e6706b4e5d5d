from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtocolConfig(AppConfig):
    name = "protocol"
    verbose_name = _("Agenda y protocolo")

    def ready(self) -> None:
        from . import desk  # noqa: F401  (registers the Mi escritorio sections)
