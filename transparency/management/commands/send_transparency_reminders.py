"""The Transparencia Activa reminders by hand (transparency/reminders.py). They also run by themselves at
08:00 on business days (PERIODIC_TASKS, `transparency.tasks.send_reminders`)."""

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from transparency import reminders


class Command(BaseCommand):
    help = "Envía recordatorios de Transparencia Activa: plazos por vencer (3 días hábiles) y vencidos."

    def add_arguments(self, parser):
        parser.add_argument("--fecha", help="Fecha de referencia AAAA-MM-DD (por defecto, hoy).")
        parser.add_argument("--simular", action="store_true", help="Muestra los correos sin enviarlos.")

    def handle(self, *args, **options):
        today = date.fromisoformat(options["fecha"]) if options.get("fecha") else timezone.localdate()
        if options["simular"]:
            found = reminders.reminders_for(today)
            for r in found:
                self.stdout.write(f"Para: {', '.join(r.recipients)}\nAsunto: {r.subject}\n{r.body}\n")
        else:
            found = reminders.send_reminders(today=today)
        self.stdout.write(
            self.style.SUCCESS(f"Recordatorios {'simulados' if options['simular'] else 'encolados'}: {len(found)}.")
        )
