"""Backups: one dated .tar.gz holding a consistent database dump and the uploaded files (the media
storage: MEDIA_ROOT on disk, or the S3 bucket when MEDIA_STORAGE=s3).

Layout of the archive:
    manifest.json        what is inside: date, database vendor, rows per table, files with SHA-256
    database.dump        PostgreSQL: `pg_dump --format=custom` (one snapshot, consistent by itself)
    database.sqlite3     SQLite: a copy made with SQLite's online backup API
    media/...            every file of the media storage, under its storage name

The database is dumped first and the files copied after: every file a row points to is in the archive
(a file uploaded during the backup may be there without its row, which is harmless).
Restoring needs an empty database (no tables) and an empty media storage unless `replace=True`. The
files are read and written through Django's storage API only, so the same code serves the disk and S3.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3

# pg_dump/pg_restore run with fixed arguments and no shell.
import subprocess  # nosec B404
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db import connections
from django.utils import timezone

FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the person running it (Spanish)."""


@dataclass
class RestoreSummary:
    tables: int
    rows: int
    files: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_env(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore (the password goes in the environment)."""
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(
            f"No se encontró el programa {command[0]}. Instale el cliente de PostgreSQL: "
            "sudo apt-get install postgresql-client"
        )
    result = subprocess.run([program, *command[1:]], env=env, capture_output=True, text=True, check=False)  # nosec B603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} falló: {result.stderr.strip() or result.stdout.strip()}")


def table_counts(alias: str = "default") -> dict[str, int]:
    """Rows per table of the database (used to check a restore)."""
    connection = connections[alias]
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # nosec B608
            counts[table] = cursor.fetchone()[0]
    return counts


def _sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
    return {n: db.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in sorted(names)}


def _dump_postgresql(connection, dump: Path) -> dict[str, int]:
    """pg_dump from a snapshot exported by a repeatable-read transaction, in which the rows are
    also counted: the counts in the manifest describe exactly the dumped data."""
    from django.db import transaction

    args, env = _pg_env(connection.settings_dict)
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                "--file",
                str(dump),
                *args,
                connection.settings_dict["NAME"],
            ],
            env,
        )
        return table_counts(connection.alias)


def _media_names(storage: Storage, folder: str = "") -> list[str]:
    """The names of every file in the media storage, folders walked through `listdir` (a bucket's
    prefixes or the folders under MEDIA_ROOT)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # MEDIA_ROOT not created yet
        return []
    prefix = f"{folder}/" if folder else ""
    names = [prefix + name for name in files]
    for sub in folders:
        names += _media_names(storage, prefix + sub)
    return sorted(names)


def _media_place(storage: Storage) -> str:
    """Where the uploaded files are, for messages."""
    if isinstance(storage, FileSystemStorage):
        return f"La carpeta de archivos {storage.location}"
    bucket = getattr(storage, "bucket_name", "")
    return f"El almacenamiento de archivos{f' (bucket {bucket})' if bucket else ''}"


def _copy_out(storage: Storage, name: str, destination: Path) -> str:
    """Copy one stored file to `destination` and return its SHA-256."""
    digest = hashlib.sha256()
    destination.parent.mkdir(parents=True, exist_ok=True)
    with storage.open(name, "rb") as source, destination.open("wb") as target:
        for chunk in iter(lambda: source.read(1024 * 1024), b""):
            digest.update(chunk)
            target.write(chunk)
    return digest.hexdigest()


def create_backup(output_dir: Path | None = None, *, alias: str = "default") -> Path:
    """Write `gabinete-YYYYMMDD-HHMMSS.tar.gz` into `output_dir` (default var/backups/) and return it."""
    connection = connections[alias]
    output_dir = Path(output_dir or settings.VAR_DIR / "backups")
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = output_dir / f"gabinete-{stamp}.tar.gz"
    n = 1
    while target.exists():
        n += 1
        target = output_dir / f"gabinete-{stamp}-{n}.tar.gz"
    storage = default_storage
    with tempfile.TemporaryDirectory(prefix="gabinete-backup-") as tmp:
        work = Path(tmp)
        if connection.vendor == "postgresql":
            dump = work / "database.dump"
            tables = _dump_postgresql(connection, dump)
        elif connection.vendor == "sqlite":
            dump = work / "database.sqlite3"
            connection.ensure_connection()
            destination = sqlite3.connect(dump)
            try:
                connection.connection.backup(destination)
                tables = _sqlite_counts(destination)
            finally:
                destination.close()
        else:
            raise BackupError(f"No se pueden respaldar bases {connection.vendor}.")
        media = work / "media"
        files = {name: _copy_out(storage, name, media / name) for name in _media_names(storage)}
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "vendor": connection.vendor,
            "database_file": dump.name,
            "tables": tables,
            "files": files,
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
        partial = target.with_suffix(".partial")
        old_umask = os.umask(0o077)  # the archive holds every record: owner-only
        try:
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(work / "manifest.json", "manifest.json")
                archive.add(dump, dump.name)
                for name in files:
                    archive.add(media / name, f"media/{name}")
        finally:
            os.umask(old_umask)
        partial.replace(target)
    return target


def _is_empty_database(alias: str) -> bool:
    connection = connections[alias]
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def _safe_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for member in archive.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"El respaldo contiene una entrada no permitida: {member.name}")
        if not (
            member.name in ("manifest.json", "database.dump", "database.sqlite3")
            or member.name == "media"
            or member.name.startswith("media/")
        ):
            raise BackupError(f"El respaldo contiene una entrada desconocida: {member.name}")
        members.append(member)
    return members


def read_manifest(path: Path) -> dict:
    """The archive's manifest, after checking that every entry is one a backup can hold."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            _safe_members(archive)
            member = archive.extractfile("manifest.json")
            return json.loads(member.read().decode("utf-8"))
    except BackupError:
        raise
    except (OSError, KeyError, tarfile.TarError, ValueError, AttributeError) as exc:
        raise BackupError(f"{path} no es un respaldo de Gabinete legible ({exc}).") from exc


def restore_backup(path: Path, *, alias: str = "default", replace: bool = False) -> RestoreSummary:
    """Restore the database and the media files of the archive at `path`, then check them."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No existe el archivo {path}.")
    manifest = read_manifest(path)
    connection = connections[alias]
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError("El respaldo tiene un formato que esta versión no conoce.")
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"El respaldo es de una base {manifest['vendor']} y DATABASE_URL apunta a una base "
            f"{connection.vendor}: restaure en una base del mismo tipo."
        )
    if not replace and not _is_empty_database(alias):
        raise BackupError(
            "La base de datos de destino no está vacía. Restaure en una base nueva (createdb) o use "
            "--reemplazar para borrar su contenido."
        )
    storage = default_storage
    if not replace and _media_names(storage):
        raise BackupError(f"{_media_place(storage)} no está vacía. Use --reemplazar.")
    with tempfile.TemporaryDirectory(prefix="gabinete-restore-") as tmp:
        work = Path(tmp)
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(work, members=_safe_members(archive), filter="data")
        dump = work / manifest["database_file"]
        if connection.vendor == "postgresql":
            args, env = _pg_env(connection.settings_dict)
            extra = ["--clean", "--if-exists"] if replace else []
            connection.close()
            _run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--single-transaction",
                    *extra,
                    *args,
                    "--dbname",
                    connection.settings_dict["NAME"],
                    str(dump),
                ],
                env,
            )
        else:
            source = sqlite3.connect(dump)
            try:
                connection.ensure_connection()
                source.backup(connection.connection)
            finally:
                source.close()
        if replace and isinstance(storage, FileSystemStorage) and _media_names(storage):
            # On disk the current files are set aside whole; in a bucket those the backup also holds
            # are overwritten below and the others stay.
            media_root = Path(storage.location)
            aside = media_root.with_name(f"{media_root.name}.antes-de-restaurar-{timezone.now():%Y%m%d%H%M%S}")
            media_root.rename(aside)
        restored_media = work / "media"
        count = 0
        for relative, digest in manifest["files"].items():
            source_file = restored_media / relative
            if not source_file.is_file() or _sha256(source_file) != digest:
                raise BackupError(f"El archivo {relative} del respaldo está dañado.")
            if storage.exists(relative):
                storage.delete(relative)
            with source_file.open("rb") as handle:
                saved = storage.save(relative, File(handle, name=relative))
            if saved != relative:
                raise BackupError(
                    f"El archivo {relative} quedó guardado como {saved}: restaure en un almacenamiento vacío."
                )
            count += 1
    connection.close()
    counts = table_counts(alias)
    wrong = {t: (n, counts.get(t)) for t, n in manifest["tables"].items() if counts.get(t) != n}
    if wrong:
        raise BackupError(f"La restauración no coincide con el respaldo (tabla: esperado, obtenido): {wrong}")
    return RestoreSummary(tables=len(counts), rows=sum(counts.values()), files=count)
