from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtocolConfig(AppConfig):
    name = "protocol"
    verbose_name = _("Agenda y protocolo")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from gabinete import navigation

        from .models import LobbyPublishedVersion
        from .public import forget_lobby_stamp

        # Every write to the published lobby register (service, admin, demo data) forgets its public stamp.
        def forget(**kwargs) -> None:
            forget_lobby_stamp()

        for signal in (post_save, post_delete):
            signal.connect(forget, sender=LobbyPublishedVersion, dispatch_uid=f"lobby-stamp-{signal}", weak=False)

        from . import desk, jobs  # noqa: F401  (registers the Mi escritorio sections and the job kinds)
        from . import permissions as perms

        N = navigation.NavLink
        navigation.register(
            navigation.NavEntry(
                "protocol",
                _("Agenda y protocolo"),
                "protocol:index",
                perms.can_use_agenda,
                20,
                links=(
                    N(
                        "mayor",
                        _("Agenda del Alcalde"),
                        "protocol:mayor-week",
                        perms.can_view_mayor_agenda,
                        "calendar-week",
                    ),
                    N("events", _("Actividades"), "protocol:event-list", perms.can_manage_agenda, "list-task"),
                    N(
                        "proposals",
                        _("Propuestas"),
                        "protocol:proposal-list",
                        perms.can_propose_for_a_directorate,
                        "send",
                    ),
                    N("lobby", _("Registro de lobby"), "protocol:lobby-list", perms.can_manage_lobby, "journal-text"),
                    N(
                        "precedence",
                        _("Precedencia"),
                        "protocol:precedence",
                        perms.can_manage_agenda,
                        "sort-numeric-down",
                    ),
                    N("feed", _("Suscripción de calendario"), "protocol:feed-settings", icon="calendar-plus"),
                ),
            )
        )
