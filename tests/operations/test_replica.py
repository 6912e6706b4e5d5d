"""The optional read replica: without DATABASE_REPLICA_URL everything uses `default`; with it, only
reads inside `reading_from_replica()` go to `replica`, and writes never do."""

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.db import router
from django.urls import reverse

from gabinete.models import Directorate
from gabinete.replica import REPLICA, ReplicaRouter, _reading, reading_from_replica, replica_configured, report_db

ROOT = Path(__file__).resolve().parents[2]


def test_without_a_replica_url_every_query_uses_default(settings):
    assert not replica_configured()
    assert report_db() == "default"
    with reading_from_replica() as alias:
        assert alias == "default"
        assert router.db_for_read(Directorate) == "default"
        assert router.db_for_write(Directorate) == "default"


def test_with_a_replica_url_report_reads_go_to_it_and_writes_stay_on_default():
    script = (
        "from django.conf import settings; from django.db import router; "
        "from gabinete.models import Directorate; from gabinete.replica import reading_from_replica; "
        "outside = router.db_for_read(Directorate)\n"
        "with reading_from_replica() as alias:\n"
        "    print(alias, outside, router.db_for_read(Directorate), router.db_for_write(Directorate), "
        "settings.DATABASES['replica']['NAME'], settings.DATABASES['replica']['TEST']['MIRROR'])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gabinete.settings",
        "DATABASE_URL": "postgres://gabinete@127.0.0.1:5432/gabinete",
        "DATABASE_REPLICA_URL": "postgres://lectura@10.0.0.8:5432/gabinete",
    }
    done = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1].split() == [
        REPLICA,
        "default",
        REPLICA,
        "default",
        "gabinete",
        "default",
    ]


@pytest.fixture
def reads(monkeypatch):
    """Whether each read the router was asked about happened inside `reading_from_replica()`: with a
    replica configured, exactly those reads go to it (the routing itself is tested above)."""
    seen: list[tuple[str, bool]] = []
    original = ReplicaRouter.db_for_read

    def recording(self, model, **hints):
        seen.append((model._meta.label, _reading.get()))
        return original(self, model, **hints)

    monkeypatch.setattr(ReplicaRouter, "db_for_read", recording)
    return seen


def test_the_monthly_media_report_counts_on_the_replica(db, reads, directorates):
    from archive.selectors import monthly_report
    from tests.archive.factories import ClippingFactory

    ClippingFactory(published_on=date(2026, 11, 3), directorates=[directorates["aseo"]])
    reads.clear()
    report = monthly_report(2026, 11)
    assert report.totals.total == 1
    counted = [inside for label, inside in reads if label == "archive.Clipping"]
    assert counted and all(counted), reads


def test_the_compliance_report_reads_on_the_replica(db, reads, people):
    from transparency.views import compliance_report_context

    user = people["gabinete"]
    reads.clear()
    compliance_report_context(user, 2026, 10)
    assert reads and all(inside for _label, inside in reads), reads


def test_the_informe_de_gestion_reads_on_the_replica(db, reads, directorates):
    from indicators.views import report_pdf_bytes

    reads.clear()
    assert report_pdf_bytes(2026, 10).startswith(b"%PDF")
    assert reads and all(inside for _label, inside in reads), reads


def test_pages_that_show_what_was_just_saved_stay_on_the_primary(db, reads, client, people):
    client.force_login(people["gabinete"])
    assert client.get(reverse("transparency:board")).status_code == 200
    assert reads and not any(inside for _label, inside in reads)
