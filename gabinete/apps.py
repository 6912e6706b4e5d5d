from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GabineteConfig(AppConfig):
    name = "gabinete"
    verbose_name = _("Organización municipal")

    def ready(self) -> None:
        from . import checks, desk, job_kinds, navigation, signals  # noqa: F401  (registers checks, desk entries, job kinds, signals)
        from .management.base import install_command_source
        from .permissions import can_manage_distribution_lists

        navigation.register(
            navigation.NavEntry(
                "gabinete",
                _("Mi escritorio"),
                "gabinete:home",
                navigation.everyone,
                0,
                # The core's own pages, in the person's menu of the header (Navigation.core_links).
                links=(
                    navigation.NavLink(
                        "lists",
                        _("Listas de distribución"),
                        "gabinete:list-index",
                        can_manage_distribution_lists,
                        icon="envelope-paper",
                    ),
                ),
            )
        )
        install_command_source()

        from . import health, jobs, mail

        health.register_check(health.QUEUE, jobs.queue_health)
        health.register_check(mail.HEALTH_NAME, mail.outbox_health)
