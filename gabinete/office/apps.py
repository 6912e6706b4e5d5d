from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    """The Dirección de Gabinete's own duties (issue 8): matters for the Alcalde's decision, the Alcalde's
    assignments, procedure manuals and job descriptors. Its own app since issue 14 point 1; the package
    stays inside `gabinete/` because the design fixes the top-level folders."""

    name = "gabinete.office"
    label = "office"
    verbose_name = _("Despacho de Gabinete")

    def ready(self) -> None:
        from gabinete import navigation

        from . import admin, demo, desk, jobs  # noqa: F401  (registers admin, demo data, desk entries, job kinds)
        from . import permissions as perms

        link = navigation.NavLink
        navigation.register(
            navigation.NavEntry(
                "office",
                _("Despacho"),
                "office:index",
                perms.can_use_office,
                10,
                links=(
                    link("matters", _("Asuntos para resolución"), "office:matter-list"),
                    link("assignments", _("Encargos del Alcalde"), "office:assignment-list"),
                    link("manuals", _("Manuales de procedimientos"), "office:manual-list", perms.can_view_manuals),
                    link(
                        "descriptors", _("Descriptores de cargo"), "office:descriptor-list", perms.can_view_descriptors
                    ),
                ),
            )
        )
