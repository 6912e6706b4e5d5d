"""Daily reminder (cron): e-mail each directorate's liaisons and director about art. 7 sub-sections
due within 3 business days or overdue. Example crontab: `0 8 * * 1-5 manage.py send_transparency_reminders`."""

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.utils import timezone

from gabinete.models import Membership, Role
from transparency.compliance import State
from transparency.desk import pending_deadlines
from transparency.views import month_name


class Command(BaseCommand):
    help = "Envía recordatorios de Transparencia Activa: plazos por vencer (3 días hábiles) y vencidos."

    def add_arguments(self, parser):
        parser.add_argument("--fecha", help="Fecha de referencia AAAA-MM-DD (por defecto, hoy).")
        parser.add_argument("--simular", action="store_true", help="Muestra los correos sin enviarlos.")

    def handle(self, *args, **options):
        today = date.fromisoformat(options["fecha"]) if options.get("fecha") else timezone.localdate()
        by_directorate = defaultdict(list)
        for due in pending_deadlines(today=today):
            by_directorate[due.section.responsible_id].append(due)
        people = defaultdict(set)
        for m in Membership.objects.filter(
            directorate_id__in=list(by_directorate), role__in=[Role.LIAISON, Role.DIRECTOR], user__is_active=True
        ).select_related("user", "directorate"):
            if m.user.email:
                people[m.directorate_id].add(m.user.email)
            if m.directorate.email:
                people[m.directorate_id].add(m.directorate.email)
        sent = 0
        for directorate_id, dues in by_directorate.items():
            recipients = sorted(people.get(directorate_id, ()))
            if not recipients:
                continue
            lines = [
                f"- {d.section} ({month_name(d.period)}): "
                + ("VENCIDO el " if d.state == State.OVERDUE else "vence el ")
                + d.due.strftime("%d-%m-%Y")
                for d in dues
            ]
            body = (
                "Estimada dirección:\n\nLos siguientes antecedentes de Transparencia Activa (Ley N° 20.285, art. 7) "
                "deben publicarse dentro de los primeros diez días hábiles de cada mes:\n\n"
                + "\n".join(lines)
                + f"\n\nIngrese a {settings.SITE_URL}/transparencia/ para preparar el contenido.\n\n"
                "Dirección de Gabinete de Alcaldía"
            )
            subject = f"Transparencia Activa: {len(dues)} publicaciones por vencer o vencidas"
            if options["simular"]:
                self.stdout.write(f"Para: {', '.join(recipients)}\nAsunto: {subject}\n{body}\n")
            else:
                send_mail(subject, body, None, recipients)
            sent += 1
        self.stdout.write(
            self.style.SUCCESS(f"Recordatorios {'simulados' if options['simular'] else 'enviados'}: {sent}.")
        )
