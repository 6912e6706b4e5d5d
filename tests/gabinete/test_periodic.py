"""Periodic jobs (PERIODIC_TASKS, gabinete/periodic.py): declared once, each due slot handed to the
queue once, whoever runs the scheduler and however often."""

import signal
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django_tasks_db.models import DBTaskResult

from archive import tasks as archive_tasks
from gabinete import periodic
from gabinete.models import OutgoingEmail, PeriodicRun
from tests.gabinete.factories import on_list
from tests.gabinete.mail_helpers import manage_on_clock
from transparency import reminders

SANTIAGO = ZoneInfo("America/Santiago")
pytestmark = pytest.mark.django_db


def _at(*args) -> datetime:
    return datetime(*args, tzinfo=SANTIAGO)


def _queued(task_path: str) -> int:
    return DBTaskResult.objects.filter(task_path=task_path).count()


def test_the_declared_jobs_name_real_tasks_and_valid_cron_expressions():
    from django.utils.module_loading import import_string

    entries = {e.name: e for e in periodic.declared()}
    assert set(entries) == {
        "requeue-stale-jobs",
        "outbox-sweep",
        "transparency-reminders",
        "press-briefing",
        "daily-digests",
        "deadline-notices",
        "saved-search-alerts",
        "archive-fetch-sources",
        "directory-accounts",
        "privacy-retention",
    }
    for entry in entries.values():
        assert hasattr(import_string(entry.task), "enqueue"), entry.task
        assert entry.description
    assert entries["transparency-reminders"].cron == "0 8 * * 1-5"
    assert entries["press-briefing"].cron == "30 7 * * 1-5"
    assert entries["daily-digests"].cron == "*/15 * * * 1-5"
    assert entries["deadline-notices"].cron == "45 7 * * 1-5"
    assert entries["saved-search-alerts"].cron == "*/15 * * * *"
    assert entries["archive-fetch-sources"].cron == "*/5 * * * *"
    assert entries["directory-accounts"].cron == "0 21 * * *"
    assert entries["privacy-retention"].cron == "30 3 * * *"


def test_only_what_is_due_is_enqueued_and_each_slot_once(clock):
    clock.move_to(_at(2026, 11, 18, 7, 31))  # a Wednesday
    done = dict(periodic.enqueue_due())
    assert set(done) == {
        "requeue-stale-jobs",
        "outbox-sweep",
        "press-briefing",
        "daily-digests",
        "saved-search-alerts",
        "archive-fetch-sources",
        "privacy-retention",  # its 03:30 slot is within the catch-up
    }
    assert done["press-briefing"] == _at(2026, 11, 18, 7, 30)
    assert _queued("archive.tasks.briefing_auto_send") == 1
    assert _queued("transparency.tasks.send_reminders") == 0, "08:00 has not come"

    assert periodic.enqueue_due() == [], "run again in the same minute: nothing new"

    clock.move_to(_at(2026, 11, 18, 8, 0, 20))
    assert {name for name, _ in periodic.enqueue_due()} == {
        "requeue-stale-jobs",
        "outbox-sweep",
        "transparency-reminders",
        "daily-digests",
        "saved-search-alerts",
        "archive-fetch-sources",
        "deadline-notices",  # its 07:45 slot came while this scheduler slept
    }
    assert _queued("transparency.tasks.send_reminders") == 1
    assert _queued("archive.tasks.briefing_auto_send") == 1


def test_slots_missed_while_no_scheduler_ran_collapse_into_the_latest(clock):
    clock.move_to(_at(2026, 11, 18, 9, 0, 30))
    periodic.enqueue_due()
    clock.move_to(_at(2026, 11, 18, 10, 2))  # the scheduler was off for an hour
    periodic.enqueue_due()
    assert list(PeriodicRun.objects.filter(name="outbox-sweep").values_list("slot", flat=True)) == [
        _at(2026, 11, 18, 10, 0),
        _at(2026, 11, 18, 9, 0),
    ]


def test_a_slot_older_than_the_catch_up_window_is_skipped(clock):
    clock.move_to(_at(2026, 11, 18, 15, 0, 30))  # the reminders' 08:00 slot is 7 hours old
    names = {name for name, _ in periodic.enqueue_due()}
    assert "transparency-reminders" not in names and "press-briefing" not in names


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_enqueue_each_slot_once(tmp_path):
    at = _at(2026, 11, 18, 8, 0, 10)
    gate = tmp_path / "go"
    runs = [manage_on_clock("enqueue_periodic", clock=at, gate=str(gate)) for _ in range(2)]
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob("go.*.ready"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    gate.touch()  # both are ready: they read and insert at the same instant
    outputs = [r.communicate(timeout=90)[0].decode() for r in runs]
    assert [r.returncode for r in runs] == [0, 0], outputs
    for name in (
        "requeue-stale-jobs",
        "outbox-sweep",
        "transparency-reminders",
        "press-briefing",
        "daily-digests",
        "deadline-notices",
        "saved-search-alerts",
        "archive-fetch-sources",
        "privacy-retention",
    ):
        assert PeriodicRun.objects.filter(name=name).count() == 1, outputs
    for path in (
        "gabinete.periodic.requeue_stale_jobs",
        "gabinete.mail.sweep_outbox",
        "transparency.tasks.send_reminders",
        "archive.tasks.briefing_auto_send",
        "gabinete.notifications.send_daily_digests",
        "gabinete.notifications.send_deadline_notices",
        "archive.tasks.announce_saved_searches",
        "archive.tasks.fetch_due_sources",
        "gabinete.dataprotection.tasks.apply_retention",
    ):
        assert _queued(path) == 1, outputs
    # Between them they enqueued the nine due slots (the 07:30 briefing and the 03:30 retention job are
    # still within the catch-up).
    assert sum(int(o.rsplit(":", 1)[1]) for o in outputs) == 9, outputs


def test_a_slot_another_scheduler_took_meanwhile_is_not_enqueued_again(clock, monkeypatch):
    clock.move_to(_at(2026, 11, 18, 9, 0, 30))
    PeriodicRun.objects.create(name="outbox-sweep", slot=_at(2026, 11, 18, 9, 0))
    monkeypatch.setattr(periodic, "_last_slots", dict)  # read before the other scheduler's insert
    names = {name for name, _ in periodic.enqueue_due()}
    assert "outbox-sweep" not in names and "requeue-stale-jobs" in names
    assert _queued("gabinete.mail.sweep_outbox") == 0


def test_the_scheduler_stops_when_asked(transactional_db):
    scheduler = manage_on_clock("run_periodic", "--interval", "0.2")
    try:
        line = scheduler.stdout.readline().decode()
        assert "Programador de tareas periódicas" in line
        scheduler.send_signal(signal.SIGTERM)
        out, _ = scheduler.communicate(timeout=30)
    finally:
        if scheduler.poll() is None:
            scheduler.kill()
    assert scheduler.returncode == 0
    assert "Programador detenido." in out.decode()


# --- what the periodic jobs do -------------------------------------------------------------------------


@pytest.fixture
def briefing_list(settings, db):
    on_list("briefing", "alcalde@example.invalid")
    return settings


def test_the_automatic_briefing_is_off_by_default(briefing_list, directorates):
    assert settings.BRIEFING_AUTO_SEND is False
    assert archive_tasks.briefing_auto_send.call() == 0
    assert not OutgoingEmail.objects.exists()


def test_the_automatic_briefing_is_sent_on_a_business_day_when_turned_on(briefing_list, directorates, clock):
    briefing_list.BRIEFING_AUTO_SEND = True
    clock.move_to(_at(2026, 11, 18, 7, 30))
    assert archive_tasks.briefing_auto_send.call() == 1
    email = OutgoingEmail.objects.get()
    assert email.kind == "archive.briefing" and email.to == ["alcalde@example.invalid"]
    assert email.attachments[0]["name"] == "sintesis-prensa-2026-11-18.pdf"
    assert "envío automático" in email.body


def test_the_automatic_briefing_skips_a_holiday(briefing_list, directorates, clock):
    briefing_list.BRIEFING_AUTO_SEND = True
    clock.move_to(_at(2026, 12, 8, 7, 30))  # Inmaculada Concepción, a Tuesday
    assert archive_tasks.briefing_auto_send.call() == 0
    assert not OutgoingEmail.objects.exists()


def test_the_reminders_skip_chilean_holidays(directorates):
    assert reminders.reminders_for(_at(2026, 12, 8, 8, 0).date()) == []
