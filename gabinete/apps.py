from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GabineteConfig(AppConfig):
    name = "gabinete"
    verbose_name = _("Organización municipal")

    def ready(self) -> None:
        from . import checks, desk, navigation, signals  # noqa: F401  (registers checks, desk entries, signals)
        from .permissions import has_any_membership

        navigation.register(
            navigation.NavEntry("gabinete", _("Mi escritorio"), "gabinete:home", navigation.everyone, 0)
        )
        # TODO(issue 14 point 1, merger): the office's entry belongs in the office's own AppConfig.ready()
        # once gabinete/office/ is its own app, with its sections (the `_tabs` of office/views.py) as links.
        navigation.register(navigation.NavEntry("office", _("Despacho"), "office:index", has_any_membership, 10))

        # The office's own duties (issue 8): desk entries, admin and demo data of gabinete/office/.
        from .office import admin as _office_admin  # noqa: F401
        from .office import demo as _office_demo  # noqa: F401
        from .office import desk as _office_desk  # noqa: F401
