"""What the project's management commands share: the development-only guard, and the activity log's
«command» source for every command (Django's and the apps' too)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gabinete import activity
from gabinete.models import ActivitySource

NOT_PRODUCTION_FLAG = "--i-know-this-is-not-production"


class DevelopmentOnlyCommand(BaseCommand):
    """A command that fills the database with made-up data and accounts whose passwords are
    public (the README lists them): run on a production database it would open the intranet to
    anyone who has read the README. It refuses to run unless DEBUG is on (`make run`) or the
    person says, with NOT_PRODUCTION_FLAG, that this database is not production (tests, a
    benchmark database)."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            NOT_PRODUCTION_FLAG,
            dest="not_production",
            action="store_true",
            help=_("Confirma que esta base de datos no es la de producción (necesario si DEBUG no está activo)."),
        )
        return parser

    def execute(self, *args, **options):
        if not settings.DEBUG and not options.get("not_production"):
            raise CommandError(
                _(
                    "%(command)s crea cuentas con claves públicas y se niega a ejecutarse en producción. "
                    "Úselo solo en desarrollo (DEBUG=true, como hace `make run`) o, en una base de datos "
                    "que no es la de producción, agregue %(flag)s."
                )
                % {"command": self._command_name(), "flag": NOT_PRODUCTION_FLAG}
            )
        return super().execute(*args, **options)

    def _command_name(self) -> str:
        return self.__class__.__module__.rsplit(".", 1)[-1]


def install_command_source() -> None:
    """Every management command records its activity-log entries as «command», with its name.

    Django has no hook that runs around every command, so `BaseCommand.execute` is wrapped once, here
    (called by `GabineteConfig.ready()`); a second call does nothing."""
    if getattr(BaseCommand.execute, "_activity_source", False):
        return
    original = BaseCommand.execute

    def execute(self, *args, **options):
        name = self.__class__.__module__.rsplit(".", 1)[-1]
        with activity.source(ActivitySource.COMMAND, name):
            return original(self, *args, **options)

    execute._activity_source = True  # type: ignore[attr-defined]
    BaseCommand.execute = execute
