from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransparencyConfig(AppConfig):
    name = "transparency"
    verbose_name = _("Transparencia")

    def ready(self) -> None:
        from gabinete import navigation

        from . import desk, jobs  # noqa: F401  (registers the Mi escritorio sections and the job kinds)
        from . import permissions as perms

        navigation.register(
            navigation.NavEntry(
                "transparency", _("Transparencia"), "transparency:index", perms.can_view_transparency, 60
            )
        )
