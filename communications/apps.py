from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunicationsConfig(AppConfig):
    name = "communications"
    verbose_name = _("Comunicaciones")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from gabinete import related

        from .models import PressRelease
        from .selectors import forget_public_news_stamp

        # Every write to a release (services, admin, demo data) forgets the public stamp it may change.
        def forget(**kwargs) -> None:
            forget_public_news_stamp()

        for signal in (post_save, post_delete):
            signal.connect(forget, sender=PressRelease, dispatch_uid=f"news-stamp-{signal}", weak=False)
        m2m_changed.connect(forget, sender=PressRelease.directorates.through, dispatch_uid="news-stamp-m2m", weak=False)

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
