"""Transparency's work for the job queue: the daily reminders (PERIODIC_TASKS, 08:00 Monday–Friday)."""

from django.utils import timezone
from django_tasks import task

from gabinete import activity
from gabinete.models import ActivitySource

from . import reminders


@task()
def send_reminders() -> int:
    """Today's Transparencia Activa reminders (none on a holiday); returns how many were queued."""
    with activity.source(ActivitySource.TASK, "transparency.reminders"):
        return len(reminders.send_reminders(today=timezone.localdate()))
