from django.core.management.base import BaseCommand

from gabinete import periodic


class Command(BaseCommand):
    help = (
        "Encola las tareas periódicas (PERIODIC_TASKS) cuyo momento llegó desde la última vez. Ejecútelo cada "
        "minuto (cron o temporizador de systemd); en varios servidores a la vez encola cada horario una sola vez."
    )

    def handle(self, *args, **options):
        done = periodic.enqueue_due()
        for name, slot in done:
            self.stdout.write(f"Encolada: {name} ({slot:%Y-%m-%d %H:%M})")
        self.stdout.write(f"Tareas periódicas encoladas: {len(done)}")
