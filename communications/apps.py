from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunicationsConfig(AppConfig):
    name = "communications"
    verbose_name = _("Comunicaciones")

    def ready(self) -> None:
        from gabinete import related

        from . import (
            desk,  # noqa: F401  (registers the Mi escritorio sections)
            integrations,
        )

        related.register("protocol.Event", _("Comunicados"), integrations.releases_for_event)
        from gabinete import navigation

        from . import permissions as perms

        navigation.register(
            navigation.NavEntry(
                "communications", _("Comunicaciones"), "communications:index", perms.can_use_communications, 30
            )
        )
