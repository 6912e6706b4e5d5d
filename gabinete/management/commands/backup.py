from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gabinete.backups import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Respalda la base de datos (PostgreSQL: pg_dump de DATABASE_URL; SQLite: copia en línea) y los "
        "archivos subidos (MEDIA_ROOT, o el bucket S3 si MEDIA_STORAGE=s3) en un solo archivo fechado "
        "var/backups/gabinete-AAAAMMDD-HHMMSS.tar.gz. "
        "Restaure con: python manage.py restore ARCHIVO."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--carpeta",
            dest="output_dir",
            type=Path,
            default=None,
            help="Carpeta donde dejar el respaldo (por omisión var/backups/).",
        )

    def handle(self, *args, output_dir=None, **options):
        try:
            path = create_backup(output_dir)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = path.stat().st_size / 1024 / 1024
        self.stdout.write(self.style.SUCCESS(f"Respaldo listo: {path} ({size:.1f} MB)"))
