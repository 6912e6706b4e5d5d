"""The optional read replica: without DATABASE_REPLICA_URL everything uses `default`; with it, only
reads inside `reading_from_replica()` go to `replica`, and writes never do."""

import os
import subprocess
import sys
from pathlib import Path

from django.db import router

from gabinete.models import Directorate
from gabinete.replica import REPLICA, reading_from_replica, replica_configured, report_db

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
