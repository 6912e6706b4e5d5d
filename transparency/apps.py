from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransparencyConfig(AppConfig):
    name = "transparency"
    verbose_name = _("Transparencia")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from gabinete import navigation

        from .models import Item, Section
        from .services import invalidate_public_cache

        # A saved item or section (services, admin, demo data) may change what the public sees.
        def forget(**kwargs) -> None:
            invalidate_public_cache()

        for model in (Item, Section):
            for signal in (post_save, post_delete):
                signal.connect(
                    forget, sender=model, dispatch_uid=f"transparency-stamp-{model.__name__}-{signal}", weak=False
                )

        from . import access_requests, desk, jobs  # noqa: F401  (Mi escritorio, job kinds, calendar receiver)
        from . import permissions as perms

        navigation.register(
            navigation.NavEntry(
                "transparency", _("Transparencia"), "transparency:index", perms.can_view_transparency, 60
            )
        )
