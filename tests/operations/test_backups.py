"""Backups: `manage.py backup` then `manage.py restore` into a fresh database gives back every row
and every file (SQLite, and PostgreSQL when the suite runs there)."""

import io
import os
import sqlite3
import subprocess
import sys
import tarfile
from datetime import date, datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from gabinete.backups import read_manifest
from gabinete.models import ExtraHoliday
from tests.gabinete.factories import make_user

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "MEDIA_ROOT", "DEBUG"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=180
    )


def _make_data(media: Path):
    from gabinete.directorates import ensure_directorates

    ensure_directorates()
    for n in range(5):
        make_user("enlace", "aseo", username=f"respaldo{n}", first_name="Ñandú", last_name="Pérez")
    make_user("gabinete", "gabinete-de-alcaldia", team="prensa", username="respaldo.prensa")
    ExtraHoliday.objects.create(date="2030-06-21", name="Día de los Pueblos Indígenas — prueba")
    (media / "transparencia" / "2026").mkdir(parents=True)
    (media / "transparencia" / "2026" / "acta nº 1.pdf").write_bytes(b"%PDF-1.7 " + os.urandom(2000))
    (media / "archivo").mkdir()
    (media / "archivo" / "recorte.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(500))


def _plain(value):
    """One representation for values read through Django's cursor and through the raw driver."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def _rows(cursor, table, quote) -> list[tuple]:
    cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - introspected names
    return sorted((tuple(_plain(v) for v in row) for row in cursor.fetchall()), key=repr)


def _source_tables() -> dict[str, list[tuple]]:
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        return {t: _rows(cursor, t, connection.ops.quote_name) for t in names}


def _same_files(a: Path, b: Path):
    files_a = {p.relative_to(a): p.read_bytes() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b): p.read_bytes() for p in b.rglob("*") if p.is_file()}
    assert files_a.keys() == files_b.keys()
    assert files_a == files_b
    return len(files_a)


@pytest.fixture
def media(settings, tmp_path):
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_give_back_every_row_and_file(media, tmp_path):
    _make_data(media)
    out = io.StringIO()
    call_command("backup", output_dir=tmp_path / "backups", stdout=out)
    archives = list((tmp_path / "backups").glob("gabinete-*.tar.gz"))
    assert len(archives) == 1
    assert archives[0].name[len("gabinete-") :][:8].isdigit()
    assert "Respaldo listo" in out.getvalue()
    assert oct(archives[0].stat().st_mode & 0o777) == "0o600"
    manifest = read_manifest(archives[0])
    assert manifest["vendor"] == connection.vendor
    assert len(manifest["files"]) == 2
    source = _source_tables()
    assert len(source["gabinete_membership"]) == 6

    restored_media = tmp_path / "restored-media"
    if connection.vendor == "sqlite":
        target = tmp_path / "restored.sqlite3"
        result = _manage(
            "restore", str(archives[0]), DATABASE_URL=f"sqlite:///{target}", MEDIA_ROOT=str(restored_media)
        )
        assert result.returncode == 0, result.stderr
        restored_db = sqlite3.connect(target)
        cursor = restored_db.cursor()

        def quote(name):
            return f'"{name}"'
    else:
        import psycopg

        params = connection.settings_dict
        name = f"{params['NAME']}_restore"[:63]
        conninfo = dict(
            host=params["HOST"] or "127.0.0.1",
            port=params["PORT"] or 5432,
            user=params["USER"],
            password=params.get("PASSWORD") or None,
        )
        with psycopg.connect(dbname="postgres", autocommit=True, **conninfo) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        url = f"postgres://{params['USER']}@{conninfo['host']}:{conninfo['port']}/{name}"
        result = _manage("restore", str(archives[0]), DATABASE_URL=url, MEDIA_ROOT=str(restored_media))
        assert result.returncode == 0, result.stderr
        restored_db = psycopg.connect(dbname=name, **conninfo)
        cursor = restored_db.cursor()
        quote = connection.ops.quote_name
    try:
        for table, rows in source.items():
            assert _rows(cursor, table, quote) == rows, f"la tabla {table} no volvió igual"
    finally:
        restored_db.close()
        if connection.vendor == "postgresql":
            with psycopg.connect(dbname="postgres", autocommit=True, **conninfo) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    assert "todo coincide" in result.stdout
    assert _same_files(media, restored_media) == 2


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty(media, tmp_path):
    _make_data(media)
    call_command("backup", output_dir=tmp_path, stdout=io.StringIO())
    archive = next(tmp_path.glob("gabinete-*.tar.gz"))
    with pytest.raises(CommandError, match="no está vacía"):
        call_command("restore", str(archive))


def test_restore_refuses_an_archive_with_a_path_outside_its_folders(tmp_path, db):
    evil = tmp_path / "malo.tar.gz"
    with tarfile.open(evil, "w:gz") as archive:
        data = b"{}"
        info = tarfile.TarInfo("../../etc/cron.d/x")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match="no permitida"):
        call_command("restore", str(evil))


def test_restore_explains_a_file_that_is_not_a_backup(tmp_path, db):
    junk = tmp_path / "nada.tar.gz"
    junk.write_bytes(b"no soy un respaldo")
    with pytest.raises(CommandError, match="no es un respaldo de Gabinete"):
        call_command("restore", str(junk))
    with pytest.raises(CommandError, match="No existe"):
        call_command("restore", str(tmp_path / "no-existe.tar.gz"))
