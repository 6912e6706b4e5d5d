from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Archivo de prensa")

    def ready(self) -> None:
        from gabinete import navigation

        from . import desk, export_jobs  # noqa: F401  (registers the Mi escritorio sections and the export job)
        from . import permissions as perms

        navigation.register(
            navigation.NavEntry("archive", _("Archivo de prensa"), "archive:index", perms.can_use_archive, 40)
        )
