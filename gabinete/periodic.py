"""Periodic jobs: declared once in `settings.PERIODIC_TASKS`, handed to the job queue when due.

Each entry names a django-tasks task by its dotted path (the core never imports an app: the path
keeps the import direction one-way), a cron expression read in the installation's time zone
(America/Santiago) and a Spanish description:

    PERIODIC_TASKS = {
        "outbox": {"task": "gabinete.mail.sweep_outbox", "cron": "*/5 * * * *", "description": "…"},
    }

`enqueue_due()` (the command `manage.py enqueue_periodic`, run by cron or a systemd timer every
minute; `manage.py run_periodic` calls it every 60 s beside the worker in `make run`) enqueues each
entry whose latest slot came since it was last enqueued. The slot is first inserted as a
`PeriodicRun(name, slot)` row under a unique constraint, so several servers running the scheduler, or
one running it twice, enqueue each slot once. Slots missed while no scheduler ran collapse into the
latest one, and slots older than `PERIODIC_CATCH_UP_HOURS` are not caught up (a reminder is not worth
sending at night because the server was off in the morning).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from croniter import croniter
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from .models import PeriodicRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    """One periodic job of PERIODIC_TASKS."""

    name: str
    task: str
    cron: str
    description: str

    def latest_slot(self, now: datetime) -> datetime:
        """The latest time at or before `now` the cron expression names (aware, in the local zone)."""
        zone = ZoneInfo(settings.TIME_ZONE)
        local = now.astimezone(zone)
        # croniter's get_prev is strictly before its start: start a second later so «now» itself counts.
        return croniter(self.cron, local + timedelta(seconds=1)).get_prev(datetime)


def declared() -> list[Periodic]:
    """The periodic jobs of the settings, checked (a bad cron expression is an error at once)."""
    entries = []
    for name, spec in getattr(settings, "PERIODIC_TASKS", {}).items():
        if not croniter.is_valid(spec["cron"]):
            raise ValueError(f"PERIODIC_TASKS[{name!r}]: cron inválido «{spec['cron']}»")
        entries.append(Periodic(name, spec["task"], spec["cron"], str(spec.get("description", ""))))
    return entries


def enqueue_due(now: datetime | None = None) -> list[tuple[str, datetime]]:
    """Enqueue every periodic job whose latest slot came and was not enqueued yet; returns them."""
    now = now or timezone.now()
    catch_up = timedelta(hours=int(getattr(settings, "PERIODIC_CATCH_UP_HOURS", 6)))
    last = _last_slots()
    enqueued = []
    for entry in declared():
        slot = entry.latest_slot(now)
        if now - slot > catch_up:
            continue
        if last.get(entry.name) is not None and last[entry.name] >= slot:
            continue
        try:
            with transaction.atomic():
                PeriodicRun.objects.create(name=entry.name, slot=slot, enqueued_at=now)
                import_string(entry.task).enqueue()
        except IntegrityError:
            continue  # another scheduler took this slot first
        logger.info("Periodic %s enqueued for %s", entry.name, slot)
        enqueued.append((entry.name, slot))
    return enqueued


def _last_slots() -> dict[str, datetime]:
    """The latest slot enqueued of each periodic job (a hint: the unique constraint decides)."""
    rows = PeriodicRun.objects.values("name").annotate(latest=Max("slot")).values_list("name", "latest")
    return dict(rows)


@task()
def requeue_stale_jobs() -> int:
    """The periodic job that hands back to the queue documents whose worker died (gabinete.jobs)."""
    from . import jobs

    return len(jobs.requeue_stale_jobs())
