"""The Transparencia Activa reminders: each directorate's liaisons and director hear about the art. 7
sub-sections due within 3 business days or overdue. Sent through the outbox (`gabinete.mail`) on
business days at 08:00 by the periodic job `transparency.tasks.send_reminders` (PERIODIC_TASKS), or by
hand with `manage.py send_transparency_reminders`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction

from gabinete import business_days, mail
from gabinete.models import Membership, Role

from .compliance import State
from .desk import pending_deadlines
from .models import update_label


@dataclass(frozen=True)
class Reminder:
    """One directorate's reminder: who receives it and what it says."""

    recipients: list[str]
    subject: str
    body: str


def reminders_for(today: date) -> list[Reminder]:
    """The reminders due on `today`, one per directorate with someone to tell (nothing on a day off)."""
    if not business_days.is_business_day(today):
        return []
    by_directorate = defaultdict(list)
    for due in pending_deadlines(today=today):
        by_directorate[due.section.responsible_id].append(due)
    people: dict[int, set[str]] = defaultdict(set)
    for m in Membership.objects.filter(
        directorate_id__in=list(by_directorate), role__in=[Role.LIAISON, Role.DIRECTOR], user__is_active=True
    ).select_related("user", "directorate"):
        if m.user.email:
            people[m.directorate_id].add(m.user.email)
        if m.directorate.email:
            people[m.directorate_id].add(m.directorate.email)
    reminders = []
    for directorate_id, dues in by_directorate.items():
        recipients = sorted(people.get(directorate_id, ()))
        if not recipients:
            continue
        lines = [
            f"- {d.section} ({update_label(d.period)}): "
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
        reminders.append(Reminder(recipients, subject, body))
    return reminders


def send_reminders(*, today: date) -> list[Reminder]:
    """Put the day's reminders in the outbox (the queue delivers them); returns them."""
    reminders = reminders_for(today)
    with transaction.atomic():
        for reminder in reminders:
            mail.send(
                to=reminder.recipients, subject=reminder.subject, body=reminder.body, kind="transparency.reminder"
            )
    return reminders
