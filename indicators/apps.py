from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Indicadores de gestión")

    def ready(self) -> None:
        from gabinete import navigation

        from . import desk, export_jobs, jobs  # noqa: F401  (registers the Mi escritorio sections and the job kinds)
        from . import permissions as perms

        N = navigation.NavLink
        everyone, all_directorates = navigation.everyone, perms.can_view_all_directorates
        navigation.register(
            navigation.NavEntry(
                "indicators",
                _("Indicadores"),
                "indicators:index",
                perms.can_view_indicators,
                50,
                links=(
                    N("overview", _("Todas las direcciones"), "indicators:overview", all_directorates),
                    N("catalogue", _("Catálogo"), "indicators:catalogue", everyone),
                    N("review-list", _("Por validar"), "indicators:review-list", all_directorates),
                    N("report", _("Informe de Gestión"), "indicators:report", all_directorates),
                    N("proposals", _("Propuestas de cambio"), "indicators:proposals", everyone),
                ),
            )
        )
