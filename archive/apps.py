from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Archivo de prensa")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from gabinete import navigation

        from .models import Clipping
        from .selectors import forget_clippings_generation

        # Every write to a clipping (services, imports, admin, demo data) makes the cached monthly
        # media reports stale (archive.selectors.monthly_report).
        def forget(**kwargs) -> None:
            forget_clippings_generation()

        for signal in (post_save, post_delete):
            signal.connect(forget, sender=Clipping, dispatch_uid=f"clippings-generation-{signal}", weak=False)
        m2m_changed.connect(
            forget, sender=Clipping.directorates.through, dispatch_uid="clippings-generation-m2m", weak=False
        )

        from . import desk, export_jobs, jobs  # noqa: F401  (registers the Mi escritorio sections and the job kinds)
        from . import permissions as perms

        navigation.register(
            navigation.NavEntry("archive", _("Archivo de prensa"), "archive:index", perms.can_use_archive, 40)
        )
