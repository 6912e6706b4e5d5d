#!/usr/bin/env python
"""Django's command-line utility for Gabinete."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gabinete.settings")
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError

    try:
        execute_from_command_line(sys.argv)
    except OperationalError as exc:
        # A reachable-looking but wrong DATABASE_URL (host down, bad user) should say which
        # setting to fix, not end in a traceback.
        sys.exit(
            "Error: no se pudo conectar a la base de datos indicada en DATABASE_URL. "
            f"Revise la variable de entorno DATABASE_URL. Detalle: {exc}"
        )


if __name__ == "__main__":
    main()
