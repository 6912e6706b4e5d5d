from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataProtectionConfig(AppConfig):
    """Personal data under Ley 21.719 (issue 20 points 5 to 7): the retention job, the data subjects'
    requests with the export of what the intranet holds about a person, and the privacy notices of the
    public forms. Its own app inside `gabinete/`, as `gabinete.office`: it reaches the other apps only
    through the app registry and their `personal_data` declarations (gabinete.privacy)."""

    name = "gabinete.dataprotection"
    label = "dataprotection"
    verbose_name = _("Protección de datos personales")

    def ready(self) -> None:
        from gabinete import navigation

        from . import admin, desk  # noqa: F401  (registers the admin and the desk entries)
        from . import permissions as perms

        link = navigation.NavLink
        navigation.register(
            navigation.NavEntry(
                "dataprotection",
                _("Datos personales"),
                "dataprotection:request-list",
                perms.can_manage_rights_requests,
                90,
                header=False,
                links=(
                    link("requests", _("Solicitudes de derechos"), "dataprotection:request-list"),
                    link("retention", _("Conservación"), "dataprotection:retention"),
                ),
            )
        )
