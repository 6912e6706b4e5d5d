from django.core.management.base import BaseCommand

from gabinete.jobs import requeue_stale_jobs


class Command(BaseCommand):
    help = (
        "Devuelve a la cola los documentos cuyo proceso dejó de dar señales de vida (murió a medio trabajo): "
        "el próximo proceso de la cola los retoma. Ejecútelo cada pocos minutos (cron)."
    )

    def handle(self, *args, **options):
        ids = requeue_stale_jobs()
        self.stdout.write(f"Documentos devueltos a la cola: {len(ids)}")
