from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gabinete.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restaura un respaldo hecho con `python manage.py backup`: la base de datos (en la base de "
        "DATABASE_URL, que debe estar vacía: créela con createdb) y los archivos subidos (en MEDIA_ROOT "
        "o en el bucket S3 si MEDIA_STORAGE=s3, que debe estar vacío). Con --reemplazar borra el contenido "
        "actual de la base y aparta los archivos actuales en MEDIA_ROOT.antes-de-restaurar-FECHA (en un "
        "bucket, los archivos del respaldo reemplazan a los de igual nombre). Al terminar compara las filas de cada "
        "tabla y el SHA-256 de cada archivo con el respaldo."
    )

    def add_arguments(self, parser):
        parser.add_argument("archivo", type=Path, help="El archivo .tar.gz del respaldo.")
        parser.add_argument(
            "--reemplazar",
            action="store_true",
            help="Restaurar aunque la base o los archivos tengan datos (se pierden).",
        )

    def handle(self, *args, archivo, reemplazar=False, **options):
        try:
            summary = restore_backup(archivo, replace=reemplazar)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Respaldo restaurado: {summary.tables} tablas, {summary.rows} filas, {summary.files} archivos; "
                "todo coincide con el respaldo. Si el código es más nuevo que el respaldo, ejecute "
                "`python manage.py migrate`."
            )
        )
