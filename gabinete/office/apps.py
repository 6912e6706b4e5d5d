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
        from . import admin, demo, desk  # noqa: F401  (registers admin, demo data, desk entries)
