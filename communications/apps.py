from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunicationsConfig(AppConfig):
    name = "communications"
    verbose_name = _("Comunicaciones")

    def ready(self):
        from gabinete import desk, related

        from . import integrations

        desk.register(_("Comunicados por revisar o publicar"), order=30)(integrations.releases_waiting)
        desk.register(_("Solicitudes de apoyo comunicacional"), order=35)(integrations.support_requests_due)
        related.register("protocol.Event", _("Comunicados"), integrations.releases_for_event)
