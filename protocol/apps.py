from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtocolConfig(AppConfig):
    name = "protocol"
    verbose_name = _("Agenda y protocolo")

    def ready(self) -> None:
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from gabinete import navigation

        from .models import LobbyExportColumn, LobbyMonthClosing, LobbyPublishedVersion, LobbyRules, PassiveSubject
        from .public import forget_lobby_stamp

        # Every write to what the public lobby pages show (the published versions, the monthly closings,
        # the passive subjects, the export's columns and layout note), from a service, the admin or the
        # demo data, forgets their public stamp.
        # At once, and again when the transaction commits (a request in between could keep the old stamp).
        def forget(**kwargs) -> None:
            forget_lobby_stamp()
            transaction.on_commit(forget_lobby_stamp)

        for model in (LobbyPublishedVersion, LobbyMonthClosing, PassiveSubject, LobbyExportColumn, LobbyRules):
            for signal in (post_save, post_delete):
                signal.connect(forget, sender=model, dispatch_uid=f"lobby-stamp-{model.__name__}-{signal}", weak=False)

        from . import (  # noqa: F401  (registers the Mi escritorio sections and the job kinds)
            audience_requests,  # noqa: F401  (registers its workflow and notification kinds)
            desk,
            jobs,
        )
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
                        "requests",
                        _("Solicitudes de audiencia"),
                        "protocol:audience-request-list",
                        perms.can_register_audience_request,
                        "envelope-paper",
                    ),
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
