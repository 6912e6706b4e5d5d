from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtocolConfig(AppConfig):
    name = "protocol"
    verbose_name = _("Agenda y protocolo")

    def ready(self) -> None:
        from gabinete import desk

        from . import desk as protocol_desk

        desk.register(_("Tareas de protocolo"), order=20)(protocol_desk.protocol_tasks)
        desk.register(_("Agenda: propuestas y registro de lobby por revisar"), order=21)(protocol_desk.pending_reviews)
