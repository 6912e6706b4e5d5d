import signal
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from gabinete import periodic


class Command(BaseCommand):
    help = (
        "El programador de tareas periódicas: hace lo mismo que enqueue_periodic cada 60 segundos hasta que se "
        "lo detiene (make run lo inicia junto al worker)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60.0, help="Segundos entre revisiones (60).")

    def handle(self, *args, **options):
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        self.stdout.write(f"Programador de tareas periódicas: revisa cada {options['interval']:g} s.")
        while not stop.is_set():
            close_old_connections()
            try:
                for name, slot in periodic.enqueue_due():
                    self.stdout.write(f"Encolada: {name} ({slot:%Y-%m-%d %H:%M})")
            except Exception as exc:  # noqa: BLE001 - a database hiccup must not stop the scheduler
                self.stderr.write(f"No se pudieron encolar las tareas periódicas: {type(exc).__name__}: {exc}")
            stop.wait(options["interval"])
        self.stdout.write("Programador detenido.")
